import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type SyntheticImage, SynthWorkerPool } from '@kura/biometrics';
import { SingleBar } from 'cli-progress';
import sharp from 'sharp';
import { CliError } from '../config.js';
import { importMappingSchema } from './import-mapping.js';
import { type WrittenTransaction, civilStatusCsv, dumpMapping, dumpTruth } from './legacy-dump-files.js';
import { LEGACY_DUMP, VENDOR } from './legacy-dump-parameters.js';
import { type DumpPlan, type PlannedRecord, hasTransaction, planDump } from './legacy-dump-plan.js';
import { buildTransaction, facePixels } from './legacy-dump-transaction.js';
import { ensureFolder, integerOption, wrap } from './synth.js';
import { seededRandom } from '@kura/registry';

export interface LegacyDumpOptions {
  people: string;
  seed?: string;
  out: string;
  threads?: string;
  fingers?: string;
  /** Tests: no progress bar. */
  quiet?: boolean;
}

export interface LegacyDumpReport {
  dir: string;
  people: number;
  transactions: number;
  csvRows: number;
  counts: ReturnType<typeof dumpTruth>['counts'];
  cpuSeconds: number;
  seconds: number;
}

/**
 * `kura synth legacy-dump`: a folder that looks like a vendor's dump of the register (ANSI/NIST
 * transactions, a civil-status CSV), its mapping file, and truth.json — the expected outcome of
 * every record, planted duplicates and defects included. Written to DIR.tmp, renamed to DIR
 * when complete; the same seed gives the same bytes.
 */
export async function legacyDumpCommand(options: LegacyDumpOptions): Promise<LegacyDumpReport> {
  const people = integerOption(options.people, 'people');
  const seed = integerOption(options.seed ?? '1', 'seed');
  const threads = integerOption(options.threads ?? String(availableParallelism()), 'threads');
  const fingers = integerOption(options.fingers ?? String(LEGACY_DUMP.fingers), 'fingers');
  if (people < 1 || people > 1_000_000) throw new CliError(`people: give 1 to 1000000 (got ${people})`);
  if (seed > 0xffff_ffff) throw new CliError(`seed: give at most 4294967295 (got ${seed})`);
  if (fingers < 1 || fingers > 10) throw new CliError(`fingers: give 1 to 10 (got ${fingers})`);
  if (threads < 1 || threads > 256) throw new CliError(`threads: give 1 to 256 (got ${threads})`);
  const dir = resolve(options.out);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`${dir} is a file: give a folder`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new CliError(`${dir} already exists and is not empty: choose another folder`);
  const staging = `${dir}.tmp`;
  ensureFolder(dirname(dir));
  rmSync(staging, { recursive: true, force: true });
  ensureFolder(join(staging, VENDOR.transactionFolder));

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const plan = planDump(people, seed, fingers);
  const bar = options.quiet
    ? undefined
    : new SingleBar({ format: 'synth legacy-dump [{bar}] {value}/{total} people | {rate}/s | {eta_formatted} left', hideCursor: true, stream: process.stderr });
  bar?.start(people, 0, { rate: '0.0' });
  const pool = wrap(() => new SynthWorkerPool(threads));
  let transactions: Map<number, WrittenTransaction>;
  try {
    transactions = await writeTransactions(plan, staging, pool, threads, (done) => {
      bar?.update(done, { rate: (done / ((performance.now() - started) / 1000)).toFixed(1) });
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    bar?.stop();
    await pool.close();
  }

  const csv = civilStatusCsv(plan);
  writeFileSync(join(staging, VENDOR.csvFile), csv.bytes);
  // The mapping must load with the schema the import uses: check before claiming the dump complete.
  const mapping = dumpMapping(plan);
  importMappingSchema.parse(mapping);
  writeFileSync(join(staging, 'mapping.json'), `${JSON.stringify(mapping, null, 2)}\n`);
  const truth = dumpTruth(plan, transactions, csv.lineOf);
  writeFileSync(join(staging, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  if (existsSync(dir)) rmSync(dir, { recursive: true }); // empty, checked above
  renameSync(staging, dir);

  const cpu = process.cpuUsage(cpuStart);
  const report: LegacyDumpReport = {
    dir,
    people,
    transactions: transactions.size,
    csvRows: csv.lineOf.size,
    counts: truth.counts,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    seconds: (performance.now() - started) / 1000,
  };
  if (!options.quiet) {
    const { counts } = truth;
    const reasons = Object.entries(counts.byReason)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    console.log(
      `${people} people → ${dir}: ${report.transactions} transactions, ${report.csvRows} CSV rows; expected ${counts.imported} imported, ` +
        `${counts.duplicateCases} duplicate cases, ${counts.rejected} rejected (${reasons || 'none'}) — ${report.seconds.toFixed(1)} s`,
    );
  }
  return report;
}

/**
 * Renders people a few at a time on the worker pool while the main thread encodes WSQ and
 * writes the transactions of the earlier ones, in plan order (so the random streams, and the
 * bytes, do not depend on thread timing).
 */
async function writeTransactions(
  plan: DumpPlan,
  dir: string,
  pool: SynthWorkerPool,
  threads: number,
  onProgress: (done: number) => void,
): Promise<Map<number, WrittenTransaction>> {
  const written = new Map<number, WrittenTransaction>();
  const window = Math.max(2, threads * LEGACY_DUMP.windowPerThread);
  const render = (record: PlannedRecord): Promise<SyntheticImage[]> =>
    hasTransaction(record)
      ? Promise.all(record.fingers.map((f) => pool.run({ seed: f.seed, impressions: [f.impression], mode: 'image' }).then((r) => r.images[0]!)))
      : Promise.resolve([]);
  const pending: Promise<SyntheticImage[]>[] = [];
  let done = 0;
  for (let i = 0; i < plan.records.length; i++) {
    while (pending.length < window && i + pending.length < plan.records.length) pending.push(render(plan.records[i + pending.length]!));
    const images = await pending.shift()!;
    const record = plan.records[i]!;
    if (hasTransaction(record)) {
      const face = record.face ? await facePng(plan.seed + record.index) : undefined;
      const random = seededRandom((plan.seed * 7919 + record.index) >>> 0);
      const built = buildTransaction(plan, record, images, face, random);
      const file = `${VENDOR.transactionFolder}/${record.vendorId}${VENDOR.transactionExtension}`;
      writeFileSync(join(dir, file), built.bytes);
      written.set(record.index, { file, defectOffset: built.defectOffset, defectRecord: built.defectRecord, keptBytes: built.keptBytes });
    }
    onProgress(++done);
  }
  return written;
}

function facePng(seed: number): Promise<Buffer> {
  const { width, height } = LEGACY_DUMP.face;
  return sharp(facePixels(seed), { raw: { width, height, channels: 1 } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

