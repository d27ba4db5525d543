/**
 * `kura import run` speed: a generated vendor dump (10 fingers per person) imported into an empty
 * embedded register, people/s, the time split between WSQ decoding (main thread, CPU), template
 * extraction (CPU per finger, measured apart on a sample) and the rest of enrollment (1:N search,
 * commit), and the projected time for 15 million people on this machine and per added core.
 *
 *   npx tsx --conditions=kura-source bench/migration/run.ts [--people 20] [--seed 1] [--workers 2] [--json]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractTemplate } from '@kura/biometrics';
import { ansiNistImages, parseAnsiNist } from '@kura/formats';
import { decodeImage } from '@kura/images';
import { openRegistry } from '@kura/registry';
import { legacyDumpCommand } from '../../packages/cli/src/commands/legacy-dump.js';
import { runImport } from '../../packages/cli/src/commands/import-run-migrate.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' }, workers: { type: 'string' }, json: { type: 'boolean' } } });
const people = Number(values.people);
const workers = Number(values.workers ?? availableParallelism());
const TARGET = 15_000_000;
const folder = mkdtempSync(join(tmpdir(), 'kura-bench-migration-'));
const dump = join(folder, 'dump');
try {
  console.error(`generating ${people} people × 10 fingers…`);
  await legacyDumpCommand({ people: String(people), seed: values.seed!, out: dump, fingers: '10', threads: String(workers), quiet: true });
  const registry = await openRegistry({ dataDir: 'memory://', extractionWorkers: workers });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { report, stats } = await runImport(registry, { source: dump, mapping: join(dump, 'mapping.json') });
  const wall = (performance.now() - t0) / 1000;
  const mainCpu = process.cpuUsage(cpu0);
  await registry.close();

  // Extraction CPU per finger, single thread, on a sample of the dump's images.
  const sample: Uint8Array[] = [];
  for (const file of readdirSync(join(dump, 'transactions')).sort()) {
    try {
      for (const image of ansiNistImages(parseAnsiNist(readFileSync(join(dump, 'transactions', file))))) if (image.recordType !== 10 && sample.length < 20) sample.push(image.data);
    } catch {
      // the planted truncated file
    }
    if (sample.length >= 20) break;
  }
  let extractMs = 0;
  for (const bytes of sample) {
    const decoded = await decodeImage(bytes).catch(() => undefined);
    if (!decoded) continue;
    const c = process.cpuUsage();
    extractTemplate({ width: decoded.width, height: decoded.height, pixels: decoded.pixels, ppi: 500 });
    const used = process.cpuUsage(c);
    extractMs += (used.user + used.system) / 1000;
  }
  const extractPerFinger = extractMs / sample.length;
  const enrolled = stats.enrolled;
  const perPerson = {
    wallMs: (wall * 1000) / report.counts.records,
    decodeCpuMs: stats.decodeCpuMs / Math.max(1, enrolled),
    extractionCpuMs: (extractPerFinger * stats.fingers) / Math.max(1, enrolled),
    enrollWallMs: stats.enrollWallMs / Math.max(1, enrolled),
  };
  const peoplePerSecond = report.counts.records / wall;
  // Extraction is spread over the workers, the rest (decode, 1:N, commit) is not: the measured time per
  // enrolled person with its extraction share re-divided over `cores`.
  const measuredPerEnrolledMs = (wall * 1000) / Math.max(1, enrolled);
  const perAddedCore = (cores: number) => 1000 / Math.max(1, measuredPerEnrolledMs - perPerson.extractionCpuMs / workers + perPerson.extractionCpuMs / cores);
  const result = {
    people: report.counts.records,
    fingersPerPerson: 10,
    workers,
    seconds: Number(wall.toFixed(1)),
    peoplePerSecond: Number(peoplePerSecond.toFixed(2)),
    counts: report.counts,
    perPersonMs: Object.fromEntries(Object.entries(perPerson).map(([k, v]) => [k, Number(v.toFixed(1))])),
    mainThreadCpuSeconds: Number(((mainCpu.user + mainCpu.system) / 1e6).toFixed(1)),
    projected15M: {
      hours: Number((TARGET / peoplePerSecond / 3600).toFixed(0)),
      modelPeoplePerSecondByCores: Object.fromEntries([workers, workers + 1, workers + 2, workers * 2].map((c) => [c, Number(perAddedCore(c).toFixed(2))])),
    },
  };
  if (values.json) console.log(JSON.stringify(result, null, 1));
  else {
    console.log(`import: ${result.people} people × 10 fingers in ${result.seconds} s → ${result.peoplePerSecond} people/s (${workers} extraction workers)`);
    console.log(`  per person: decode ${result.perPersonMs.decodeCpuMs} ms CPU, extraction ${result.perPersonMs.extractionCpuMs} ms CPU (on the workers), enrollment call ${result.perPersonMs.enrollWallMs} ms wall (extraction + 1:N + commit)`);
    console.log(`  15 M people: ≈ ${result.projected15M.hours} h on this machine; model people/s by cores: ${JSON.stringify(result.projected15M.modelPeoplePerSecondByCores)}`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
