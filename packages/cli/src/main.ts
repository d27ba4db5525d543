import { DomainError } from '@kura/registry';
import { Command, Option } from 'commander';
import { ZodError } from 'zod';
import { CliError } from './config.js';
import { adminCreateCommand } from './commands/admin.js';
import { demoCommand } from './commands/demo.js';
import { migrateCommand, placesLoadCommand } from './commands/maintenance.js';
import { personSearchCommand, personShowCommand } from './commands/person.js';
import { serveCommand } from './commands/serve.js';

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
