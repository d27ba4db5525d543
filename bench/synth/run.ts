/**
 * Synthetic fingerprint benchmark (issue 6): worker threads, 500 ppi, 400 × 500 px impressions.
 *
 *   npx tsx --conditions kura-source bench/synth/run.ts [--threads 2] [--fingers 80] [--seed 1]
 *
 * - rendered impressions/s, master creation included, with 1, 2 (population) and 8 (FVC) impressions per finger;
 * - template-only fingers/s (a new master per finger, its minutiae through one impression's transform), from
 *   masters on the image raster and on the template raster (the fast path), and as gallery batches
 *   (SynthWorkerPool.runGallery: people × 10 fingers, encoded templates, as issue 7's benchmark builds them);
 * - resident memory sampled during the runs (flat = no growth from first to last batch).
 * Each figure comes with the CPU time it took (all threads): `perSecondOnIdleCores` = threads ÷ CPU
 * time per unit is the rate the same work reaches when the cores are not shared with other load.
 * Prints one JSON object with the machine and writes it to bench/out/synth.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SynthWorkerPool, type GalleryTemplatesJob, type SynthJob } from '../../packages/biometrics/src/synth/index.js';

type GalleryJob = Omit<GalleryTemplatesJob, 'mode'>;
import { repoRoot } from '../../test-support/shared-data.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    fingers: { type: 'string', default: '80' },
    seed: { type: 'string', default: '1' },
  },
});
const threads = Number(values.threads);
const fingers = Number(values.fingers);
const firstSeed = Number(values.seed);

const pool = new SynthWorkerPool(threads);
const memory: number[] = [];
const sampler = setInterval(() => memory.push(process.memoryUsage().rss), 200);

async function measure(label: string, jobs: (SynthJob | GalleryJob)[], unitsPerJob: number) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const rssBefore = process.memoryUsage().rss;
  await Promise.all(jobs.map((job) => ('firstPerson' in job ? pool.runGallery(job) : pool.run(job))));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const total = jobs.length * unitsPerJob;
  // CPU time of all threads per unit: what the work costs, whatever else runs on the machine.
  const cpuMsPerUnit = (cpu.user + cpu.system) / 1000 / total;
  const result = {
    label,
    jobs: jobs.length,
    units: total,
    seconds: round(seconds),
    perSecond: round(total / seconds),
    cpuMsPerUnit: round(cpuMsPerUnit),
    perSecondOnIdleCores: round((threads * 1000) / cpuMsPerUnit),
    rssMiB: round(rssBefore / 2 ** 20),
  };
  console.error(JSON.stringify(result));
  return result;
}

function jobs(count: number, offset: number, make: (seed: number) => SynthJob): SynthJob[] {
  return Array.from({ length: count }, (_, i) => make(firstSeed + offset + i));
}

// Warm-up: JIT and worker start-up are not part of the steady rate.
await measure('warm-up', jobs(threads * 6, 900_000, (seed) => ({ seed, impressions: 1, mode: 'image' })), 1);
await measure('warm-up, template raster', jobs(threads * 20, 910_000, (seed) => ({ seed, impressions: 1, mode: 'template', raster: 'template' })), 1);

const rendered = [
  await measure('rendered, 1 impression per finger', jobs(fingers, 0, (seed) => ({ seed, impressions: 1, mode: 'image' })), 1),
  await measure('rendered, 2 impressions per finger', jobs(Math.ceil(fingers / 2), 10_000, (seed) => ({ seed, impressions: 2, mode: 'image' })), 2),
  await measure('rendered, 8 impressions per finger', jobs(Math.max(threads * 3, Math.ceil(fingers / 8)), 20_000, (seed) => ({ seed, impressions: 8, mode: 'image' })), 8),
];
const galleryPeople = 20;
const template = [
  await measure('template-only, image raster, 1 impression per finger (fingers/s)', jobs(fingers, 30_000, (seed) => ({ seed, impressions: 1, mode: 'template' })), 1),
  await measure('template-only, image raster, 8 impressions per finger (templates/s)', jobs(Math.max(threads * 3, Math.ceil(fingers / 8)), 40_000, (seed) => ({ seed, impressions: 8, mode: 'template' })), 8),
  await measure('template-only, template raster, 1 impression per finger (fingers/s)', jobs(fingers * 4, 60_000, (seed) => ({ seed, impressions: 1, mode: 'template', raster: 'template' })), 1),
  await measure('template-only, template raster, 8 impressions per finger (templates/s)', jobs(Math.max(threads * 3, Math.ceil(fingers / 2)), 70_000, (seed) => ({ seed, impressions: 8, mode: 'template', raster: 'template' })), 8),
  await measure(
    `gallery batches (runGallery: ${galleryPeople} people × 10 fingers × impression 0, encoded; fingers/s)`,
    Array.from({ length: Math.max(threads * 2, Math.ceil((fingers * 4) / (galleryPeople * 10))) }, (_, k) => ({ firstPerson: firstSeed * 1_000_000 + k * galleryPeople, people: galleryPeople, impressions: [0] })),
    galleryPeople * 10,
  ),
];
// Memory soak: many batches of rendered fingers; resident memory after each batch should stay flat.
const soak: number[] = [];
for (let batch = 0; batch < 10; batch++) {
  await Promise.all(jobs(threads * 10, 50_000 + batch * 1000, (seed) => ({ seed, impressions: 1, mode: 'image' })).map((job) => pool.run(job)));
  soak.push(round(process.memoryUsage().rss / 2 ** 20));
}
clearInterval(sampler);
await pool.close();

const report = {
  benchmark: 'synthetic fingerprints (bench/synth/run.ts)',
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30), loadAverage1m: round(loadavg()[0]!), node: process.version },
  note: 'measured on a machine shared with other agents working at the same time: figures are pessimistic',
  threads,
  impression: { ppi: 500, width: 400, height: 500 },
  targets: { renderedPerSecond: 20, templateFingersPerSecond: 200 },
  rendered,
  template,
  memorySoak: { batches: soak.length, fingersPerBatch: threads * 10, rssMiBAfterEachBatch: soak },
  memory: { samples: memory.length, firstMiB: round((memory[0] ?? 0) / 2 ** 20), peakMiB: round(Math.max(...memory) / 2 ** 20), lastMiB: round((memory.at(-1) ?? 0) / 2 ** 20) },
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
writeFileSync(join(repoRoot, 'bench/out/synth.json'), `${JSON.stringify(report, null, 2)}\n`);

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
