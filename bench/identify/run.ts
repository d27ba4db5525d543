/**
 * Acceptance runs of the 1:N benchmark (issue 7): the same code as `kura bench identify`, with the
 * FVC dev fingers (first impressions, extracted with Kura's extractor) added to the synthetic
 * gallery as extra subjects, one finger each, alternately at positions 2 and 7 (the index fingers,
 * so 2-finger searches meet them too). Skipped with a message when ../shared/data/fvc is absent.
 *
 *   npx tsx --conditions kura-source bench/identify/run.ts --people 100000 --fingers 2 --searches 1000 [--seed 1] [--cache DIR] [--workers N] [--no-fvc]
 *
 * Prints the result JSON and writes it, with the details and the machine, to bench/out/identify-<N>-<fingers>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type FingerPosition, type PackedGalleryFinger, extractTemplate, packFinger } from '@kura/biometrics';
import { IDENTIFY_BENCH, runIdentifyBenchmark } from '../../packages/cli/src/bench-identify/index.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { loadFingerprintImage } from '../../packages/cli/src/commands/fingerprint.js';
import { repoRoot, sharedData } from '../../test-support/shared-data.js';

/** The FVC dev sets and their scan resolutions (from shared/data/README.md). */
const DEV_SETS = [
  { name: 'fvc2002-db1b', ppi: 500 },
  { name: 'fvc2002-db2b', ppi: 569 },
] as const;
/** FVC B sets: fingers 101–110, impression 1 enrolled. */
const FVC_FINGERS = { first: 101, last: 110, impression: 1 } as const;

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    fingers: { type: 'string', default: '2' },
    searches: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(IDENTIFY_BENCH.defaultSeed) },
    cache: { type: 'string' },
    workers: { type: 'string' },
    'no-fvc': { type: 'boolean', default: false },
  },
});

async function fvcSubjects(): Promise<PackedGalleryFinger[]> {
  const subjects: PackedGalleryFinger[] = [];
  for (const [setIndex, set] of DEV_SETS.entries()) {
    const dir = sharedData('fvc', set.name);
    if (!dir) {
      console.error(`FVC ${set.name}: not found under ../shared/data/fvc, skipped`);
      continue;
    }
    for (let finger = FVC_FINGERS.first; finger <= FVC_FINGERS.last; finger++) {
      const image = await loadFingerprintImage(join(dir, `${finger}_${FVC_FINGERS.impression}.tif`), set.ppi);
      const extracted = extractTemplate(image);
      if (!extracted.usable) console.error(`FVC ${set.name} ${finger}_1: ${extracted.problems.join(', ')} (added anyway)`);
      subjects.push({
        subjectId: IDENTIFY_BENCH.extraSubjectIdBase + setIndex * 1000 + finger,
        position: (finger % 2 === 1 ? 2 : 7) as FingerPosition,
        packed: packFinger(extracted.template),
      });
    }
  }
  return subjects;
}

const extraSubjects = values['no-fvc'] ? [] : await fvcSubjects();
console.error(`${extraSubjects.length} FVC fingers added as extra subjects`);
const people = Number(values.people);
const fingers = Number(values.fingers) as 2 | 10;
const { result, details } = await runIdentifyBenchmark({
  people,
  fingers,
  searches: Number(values.searches),
  seed: Number(values.seed),
  cacheDir: identifyCacheDir(values.cache),
  ...(values.workers ? { workers: Number(values.workers) } : {}),
  extraSubjects,
  log: (line) => console.error(line),
});
console.log(JSON.stringify(result));

const report = {
  benchmark: 'kura bench identify (bench/identify/run.ts)',
  date: new Date().toISOString(),
  command: `npx tsx --conditions kura-source bench/identify/run.ts ${process.argv.slice(2).join(' ')}`,
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage1m: Math.round(loadavg()[0]! * 100) / 100, node: process.version },
  result,
  details,
};
mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
const out = join(repoRoot, `bench/out/identify-${people}-${fingers}.json`);
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.error(`→ ${out}`);
