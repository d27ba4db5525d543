import { DomainError } from '@kura/registry';
import { Command, Option } from 'commander';
import { ZodError } from 'zod';
import { CliError } from './config.js';
import { adminCreateCommand } from './commands/admin.js';
import { demoCommand } from './commands/demo.js';
import { migrateCommand, placesLoadCommand } from './commands/maintenance.js';
import { personSearchCommand, personShowCommand } from './commands/person.js';
import { serveCommand } from './commands/serve.js';
import { benchFvcCommand, benchIdentifyCommand } from './commands/bench.js';
import { fingerprintCompareCommand, fingerprintExtractCommand, fingerprintShowCommand } from './commands/fingerprint.js';
import { synthFingerCommand, synthPopulationCommand, synthSheetCommand } from './commands/synth.js';
import { formatsConvertCommand, formatsInspectCommand } from './commands/formats.js';
import { exportCommand, exportVerifyCommand } from './commands/export.js';
import { legacyDumpCommand } from './commands/legacy-dump.js';
import { importInspectCommand } from './commands/import-inspect.js';
import { importRunCommand } from './commands/import-run.js';
import { importMappingCommand } from './commands/import-mapping-command.js';

const program = new Command();
program
  .name('kura')
  .description('Kura — registre national de la population et d’identification / national population and identity register')
  .version('0.1.0')
  .showHelpAfterError();

const withDatabase = (command: Command) =>
  command
    .addOption(new Option('--data-dir <dir>', 'embedded database folder (PGlite)').env('KURA_DATA_DIR'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL connection string (instead of the embedded database)').env('KURA_DATABASE_URL'));

withDatabase(program.command('serve').description('start the HTTP API / démarrer l’API'))
  .addOption(new Option('-p, --port <port>', 'port to listen on').env('KURA_PORT').default('8080'))
  .addOption(new Option('--host <host>', 'address to listen on').env('KURA_HOST').default('127.0.0.1'))
  .action((options) => serveCommand(options));

withDatabase(program.command('demo').description('serve the API with a generated demo population and print logins'))
  .addOption(new Option('-p, --port <port>', 'port to listen on').env('KURA_PORT').default('8080'))
  .addOption(new Option('--host <host>', 'address to listen on').env('KURA_HOST').default('127.0.0.1'))
  .option('--people <n>', 'size of the generated population (first start only)', '2000')
  .option('--seed <n>', 'seed of the generated population', '1')
  .option('--biometric-people <n>', 'people also enrolled with synthetic fingerprints, in the background after start (3 of them twice: open dedup cases)', '100')
  .action((options) => demoCommand(options));

withDatabase(program.command('migrate').description('apply pending database migrations')).action((options) => migrateCommand(options));

const admin = program.command('admin').description('operator accounts');
withDatabase(admin.command('create').description('create an operator (password from KURA_ADMIN_PASSWORD, else generated and printed)'))
  .requiredOption('-u, --username <name>', 'login name')
  .option('-n, --name <display>', 'display name')
  .option('-r, --role <role...>', 'roles: admin, registrar, supervisor, auditor', ['admin'])
  .action((options) => adminCreateCommand(options));

const person = program.command('person').description('look people up (each access is audited)');
withDatabase(person.command('show').description('show a person by UIN or NINA').argument('<uin-or-nina>'))
  .option('--json', 'print JSON')
  .option('--purpose <text>', 'why you look (kept in the audit log)')
  .action((id, options) => personShowCommand(id, options));
withDatabase(person.command('search').description('search by name, date and place').argument('[name]'))
  .option('--birth-date <date>', 'YYYY, YYYY-MM or YYYY-MM-DD')
  .option('--place <code>', 'place of birth (region, cercle or commune code)')
  .option('--residence <code>', 'commune of residence')
  .addOption(new Option('--sex <sex>').choices(['M', 'F']))
  .option('--page <n>')
  .option('--page-size <n>')
  .option('--json', 'print JSON')
  .option('--purpose <text>', 'why you look (kept in the audit log)')
  .action((name, options) => personSearchCommand(name, options));

const places = program.command('places').description('administrative geography');
withDatabase(places.command('load').description('load regions, cercles and communes from a CSV (code,name,level,parent_code)').argument('<file>')).action(
  (file, options) => placesLoadCommand(file, options),
);

const fingerprint = program.command('fingerprint').description('fingerprint templates: extract, compare, show');
fingerprint
  .command('extract')
  .description('extract minutiae from an image into a template')
  .argument('<image>')
  .option('--ppi <n>', 'scan resolution in pixels per inch', '500')
  .option('--out <file>', 'write the template here')
  .option('--format <format>', 'template format: kura or iso (ISO/IEC 19794-2:2005)', 'kura')
  .option('--json', 'print JSON')
  .action((image, options) => fingerprintExtractCommand(image, options));
fingerprint
  .command('compare')
  .description('compare two fingerprints (images, Kura templates or ISO 19794-2 records); prints score and FMR')
  .argument('<a>')
  .argument('<b>')
  .option('--ppi <n>', 'scan resolution of image inputs', '500')
  .option('--ppi-b <n>', 'scan resolution of the second image when it differs')
  .option('--json', 'print JSON')
  .action((a, b, options) => fingerprintCompareCommand(a, b, options));
fingerprint
  .command('show')
  .description('draw an image with its minutiae (or two images with their paired minutiae) as PNG')
  .argument('<image>')
  .requiredOption('--out <png>', 'PNG to write')
  .option('--ppi <n>', 'scan resolution', '500')
  .option('--template <file>', 'minutiae to draw (Kura or ISO template) instead of extracting them')
  .option('--against <image>', 'second image: draw both side by side with lines between paired minutiae')
  .option('--against-template <file>', 'minutiae of the second image instead of extracting them')
  .action((image, options) => fingerprintShowCommand(image, options));

const bench = program.command('bench').description('benchmarks');
bench
  .command('fvc')
  .description('FVC protocol on a folder of F_I.tif/.png/.bmp prints: EER, FMR100, FMR1000, ZeroFMR, speed')
  .argument('<dir>')
  .option('--ppi <n>', 'scan resolution of the images', '500')
  .option('--json', 'print one JSON object')
  .option('--plot <png>', 'write the DET curves (FVC protocol and all pairs) as PNG')
  .option('--source <source>', 'images, or iso to match the F_I.iso minutiae templates beside them', 'images')
  .action((dir, options) => benchFvcCommand(dir, options));
bench
  .command('identify')
  .description('recherche 1:N sur une galerie synthétique / 1:N search on a synthetic gallery (cached): FNIR at FPIR 1 % and 0.1 %, search time, memory, restart time')
  .requiredOption('--people <n>', 'people in the gallery (10 fingers each, impression 1)')
  .option('--fingers <n>', 'fingers per search: 2 (both index fingers) or 10', '2')
  .option('--searches <m>', 'mated searches (enrolled people) and as many non-mated ones (default: 100, or N when smaller)')
  .option('--seed <n>', 'seed of the synthetic population', '1')
  .option('--cache <dir>', 'cache folder (default: <KURA_DATA_DIR or ./kura-data>/bench-cache)')
  .option('--workers <n>', 'worker threads (default: all cores)')
  .option('--json', 'print one JSON object on stdout (progress goes to stderr)')
  .action((options) => benchIdentifyCommand(options));

const synth = program.command('synth').description('synthetic fingerprints (SFinGe-style): no real person');
synth
  .command('sheet')
  .description('contact sheet of 25 impressions of different synthetic fingers (5 × 5 PNG)')
  .requiredOption('--out <file>', 'PNG file to write')
  .option('--seed <n>', 'seed of the sheet', '1')
  .option('--threads <n>', 'worker threads', '2')
  .action((options) => synthSheetCommand(options));
synth
  .command('finger')
  .description('impressions of one synthetic finger as PNG files (optionally WSQ and minutiae JSON)')
  .requiredOption('--seed <n>', 'seed of the finger (non-negative integer)')
  .option('--impressions <n>', 'number of impressions', '8')
  .requiredOption('--out <dir>', 'folder to write')
  .option('--ppi <n>', 'resolution, 250 to 1000 pixels per inch', '500')
  .option('--class <class>', 'force the class: left-loop, right-loop, whorl, arch, tented-arch')
  .option('--wsq', 'also write WSQ files (0.75 bit per pixel)')
  .option('--templates', 'also write each impression’s minutiae (template-only mode) as JSON')
  .option('--threads <n>', 'worker threads', '2')
  .action((options) => synthFingerCommand(options));
withDatabase(synth.command('population'))
  .description('synthetic people (register demographics) with 10 fingers each: image files + manifest.json (--out) and/or enrolled into the register (--into); resumable')
  .requiredOption('--people <n>', 'number of people')
  .option('--seed <n>', 'seed of the population (same as kura demo --seed for the same people)', '1')
  .option('--out <dir>', 'folder to write (rerun to resume)')
  .option('--into', 'enroll them into the register (KURA_DATABASE_URL or --data-dir): template-only fingers as ISO 19794-2, each searched 1:N')
  .option('--duplicates <n>', 'with --into: enroll this many people a second time (other impressions, another spelling): each opens a dedup case', '0')
  .option('--impressions <n>', 'impressions per finger (first for enrollment, others for verification)', '2')
  .option('--wsq', 'also write WSQ files (0.75 bit per pixel)')
  .option('--threads <n>', 'worker threads', '2')
  .action((options) => synthPopulationCommand(options));

synth
  .command('legacy-dump')
  .description('a synthetic vendor dump to test imports: ANSI/NIST transactions (WSQ), civil-status CSV, mapping.json, truth.json with planted duplicates and defects')
  .requiredOption('--people <n>', 'number of vendor records (people)')
  .option('--seed <n>', 'seed (the same seed gives the same bytes)', '1')
  .requiredOption('--out <dir>', 'folder to create (must not exist or be empty; written to DIR.tmp, then renamed)')
  .option('--fingers <n>', 'fingers per person, 1 to 10 (index fingers first)', '10')
  .option('--threads <n>', 'worker threads (default: all cores)')
  .action(async (options) => {
    await legacyDumpCommand(options);
  });

const importCommand = program.command('import').description('take in a legacy dump / reprendre les données d’un ancien système');
importCommand
  .command('inspect')
  .description('scan a folder of transactions and CSVs: record types, Type-2 fields with fill rates and samples, images, proprietary blocks, CSV columns, unreadable files')
  .argument('<source>', 'folder (searched recursively) or one file')
  .option('--json', 'print one JSON object')
  .action((source, options) => importInspectCommand(source, options));
importCommand
  .command('mapping')
  .description('print the built-in ANSI/NIST-ITL (EBTS) mapping to start from (--default), or check a mapping file (JSON or YAML) and print it as read')
  .argument('[file]', 'a mapping file to check')
  .option('--default', 'the built-in mapping (YAML with its comments)')
  .option('--json', 'print JSON')
  .action((file, options) => {
    importMappingCommand(file, options);
  });
withDatabase(importCommand.command('run'))
  .description('migrate a legacy dump into the register: each record imported, a dedup case, or rejected with a reason; resumable, never imports twice. A Kura export (manifest.json) is verified and restored as exported into an empty register')
  .argument('<source>', 'the dump folder (read only)')
  .option('--mapping <file>', 'the mapping file (JSON or YAML, docs/import-mapping.md); default: the built-in ANSI/NIST-ITL (EBTS) mapping')
  .option('--report <file>', 'JSON reconciliation report (default ./import-report-<timestamp>.json)')
  .option('--source-name <name>', 'the ledger’s name for this dump (default: the folder’s name)')
  .option('--public-key <file>', 'for a Kura export: the deployment\'s public key (PEM) it must be signed by; default: the one inside the export')
  .option('--json', 'print the report as JSON instead of the summary')
  .option('--no-progress', 'no progress bar')
  .action(async (source, options) => {
    await importRunCommand(source, options);
  });

const formats = program.command('formats').description('interchange files: ANSI/NIST-ITL, WSQ, ISO 19794 / ANSI 378, CBEFF, images');
formats
  .command('inspect')
  .description('show the structure of a file (kind detected from its content): records, fields, images, minutiae counts')
  .argument('<file>')
  .option('--json', 'print one JSON object (ANSI/NIST: a top-level "records" array, one element per record in file order, with numeric "type" and "idc")')
  .action((file, options) => formatsInspectCommand(file, options));
formats
  .command('convert')
  .description('WSQ ↔ PNG (any image → .png/.wsq/.jp2), ANSI/NIST transaction → folder of images + transaction.json, ISO 19794-2 ↔ ANSI 378, ISO image records and CBEFF → folder')
  .argument('<in>')
  .argument('<out>', 'output file (its extension chooses the image format) or folder (for a transaction)')
  .option('--bitrate <bpp>', 'WSQ bit rate in bits per pixel', '0.75')
  .option('--ppi <n>', 'resolution to record when the input gives none (or to override it)')
  .option('--to <standard>', 'minutiae target: iso-2005, iso-2011, ansi-2004, ansi-2009 (default: the other family, same generation)')
  .option('--json', 'print what was written as JSON')
  .action((input, output, options) => formatsConvertCommand(input, output, options));

const exportCmd = withDatabase(
  program
    .command('export')
    .description('export the whole register to open standards: one ANSI/NIST-ITL transaction per person, CSV, a signed manifest (docs/export-format.md)'),
)
  .option('--out <dir>', 'folder to create (written as <dir>.partial, renamed when complete)')
  .option('--agency <id>', 'originating agency identifier written in the transactions (ORI)', 'KURA')
  .option('--no-progress', 'no progress bar')
  .option('--json', 'print the result as JSON')
  .action((options) => exportCommand(options));
exportCmd
  .command('verify')
  .description('check an export: the Ed25519 signature, every file\'s SHA-256 and size, no file added; exit 1 if anything is wrong')
  .argument('<dir>')
  .option('--public-key <file>', 'the deployment\'s public key (PEM); default: the one inside the export (proves integrity, not origin)')
  .option('--no-progress', 'no progress bar')
  .option('--json', 'print one JSON object')
  // --json and --no-progress are also options of `export`, which commander gives them to: read both levels.
  .action(async (dir, _options, command: Command) => {
    await exportVerifyCommand(dir, command.optsWithGlobals());
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError || error instanceof DomainError) {
    console.error(`kura: ${error.message}${error instanceof DomainError && error.field ? ` (${error.field})` : ''}`);
  } else if (error instanceof ZodError) {
    const issue = error.issues[0];
    console.error(`kura: ${issue?.path.join('.') || 'input'}: ${issue?.message}`);
  } else {
    console.error('kura: unexpected error:', error);
  }
  process.exitCode = 1;
}
