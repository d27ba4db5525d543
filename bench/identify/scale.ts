/**
 * Search speed, memory and load time of the gallery beyond the sizes synthesised so far (issue 7:
 * "report the 1,000,000-person figures too"): the N-person gallery cache of `kura bench identify`
 * loaded COPIES times, each copy under other subject ids, so 100,000 cached people give a gallery of
 * 1,000,000 people (10,000,000 fingers). SPEED ONLY: copies are the same fingers again, so this says
 * nothing about accuracy at that size (the copies tie with each other), but every stage costs what it
 * costs on distinct fingers — the pre-filter scans every same-position finger, the full matcher
 * re-scores a fixed budget of subjects, and the resident bytes per finger are those of real packed fingers.
 *
 *   npx tsx --conditions kura-source bench/identify/scale.ts --people 100000 --copies 10 [--searches 100] [--seed 1] [--cache DIR] [--workers N]
 *
 * Needs the N-person cache and its probe cache (run bench/identify/run.ts --people N first). Measures,
 * in this fresh process: time from process start to the gallery loaded and to the first search answered,
 * then 2-finger and 10-finger search times (the cached mated probes), CPU per search and bytes per finger.
 * Writes bench/out/identify-scale-<N×copies>.json.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type FingerPosition, type GalleryFinger, FingerprintGallery } from '@kura/biometrics';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { BuildPool } from '../../packages/cli/src/bench-identify/build-pool.js';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { IDENTIFY_BENCH } from '../../packages/cli/src/bench-identify/parameters.js';
import { type ProbePerson, decodeProbes } from '../../packages/cli/src/bench-identify/probe-codec.js';
import { prepareProbes } from '../../packages/cli/src/bench-identify/probe-set.js';
import { ALL_POSITIONS, generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';
import { percentile } from '../../packages/cli/src/bench-identify/accuracy.js';
import { repoRoot } from '../../test-support/shared-data.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    copies: { type: 'string', default: '10' },
    searches: { type: 'string', default: '100' },
    'probe-set': { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(IDENTIFY_BENCH.defaultSeed) },
    cache: { type: 'string' },
    workers: { type: 'string' },
  },
});
const people = Number(values.people);
const copies = Number(values.copies);
const searches = Number(values.searches);
const probeSetSize = Number(values['probe-set']);
const seed = Number(values.seed);
const workers = Number(values.workers ?? availableParallelism());
const cacheDir = identifyCacheDir(values.cache);
const versions = generatorVersions();
const cachePath = galleryCachePath(cacheDir, people, seed, versions.gallery);
if (!existsSync(cachePath)) {
  console.error(`${cachePath}: no gallery cache of ${people} people; run bench/identify/run.ts --people ${people} first`);
  process.exit(1);
}
if (people * copies >= IDENTIFY_BENCH.extraSubjectIdBase) throw new Error('people × copies must stay below the extra subjects’ ids');

/** The batch with every subject id raised by `offset` (a copy: the same fingers, other people). */
function shiftSubjectIds(batch: Uint8Array, offset: number): Uint8Array {
  const out = batch.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const count = view.getUint32(8, true);
  let at = 12;
  for (let i = 0; i < count; i++) {
    view.setUint32(at, view.getUint32(at, true) + offset, true);
    at += 7 + view.getUint16(at + 5, true);
  }
  return out;
}

// Probes first (from their cache: no synthesis in the timed part), then the clock of the "restart".
const probeSet = await prepareProbes({
  pool: () => new BuildPool(workers),
  cacheDir,
  people,
  searches: probeSetSize,
  seed,
  generator: versions.probes,
  log: (line) => console.error(line),
});
const step = Math.max(1, Math.floor(probeSet.mated.length / searches));
const probes: ProbePerson[] = probeSet.mated.filter((_, i) => i % step === 0).slice(0, searches).map((p) => decodeProbes(p.bytes)[0]!);
const fingersOf = (probe: ProbePerson, positions: readonly number[]): GalleryFinger[] =>
  probe.fingers.filter((f) => positions.includes(f.position)).map((f) => ({ position: f.position as FingerPosition, template: f.template }));

const loadStarted = performance.now();
const loadCpu = process.cpuUsage();
const gallery = await FingerprintGallery.open({ workers });
// Sized once for every copy, as the registry sizes it from its snapshot (the cache holds 10 fingers a person).
await gallery.reserve({ fingers: people * ALL_POSITIONS.length * copies, batchBytes: statSync(cachePath).size * copies });
for (let copy = 0; copy < copies; copy++) {
  await scanCache(cachePath, galleryCacheHeader(people, seed, versions.gallery), async (chunk) => {
    await gallery.addEncoded(copy === 0 ? chunk.payload : shiftSubjectIds(chunk.payload, copy * people));
  });
  console.error(`copy ${copy + 1}/${copies} loaded (${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`);
}
const loadSeconds = (performance.now() - loadStarted) / 1000;
const loadCpuUsed = process.cpuUsage(loadCpu);
const first = await gallery.search(fingersOf(probes[0]!, IDENTIFY_BENCH.twoFingerPositions), { maxResults: IDENTIFY_BENCH.maxResults });
const firstAnswerSeconds = (performance.now() - loadStarted) / 1000;
// performance.now() counts from process start: includes module loading and reading the probes.
const processStartToFirstAnswerSeconds = performance.now() / 1000;
console.error(`loaded ${people * copies} people in ${loadSeconds.toFixed(1)} s; first search answered after ${firstAnswerSeconds.toFixed(1)} s (${first.candidates.length} candidates)`);
const stats = await gallery.stats();

async function timeSearches(positions: readonly number[]) {
  await gallery.search(fingersOf(probes[0]!, positions), { maxResults: IDENTIFY_BENCH.maxResults }); // warm-up
  const times: number[] = [];
  let cpuMs = 0;
  let mateFirst = 0;
  for (const probe of probes) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await gallery.search(fingersOf(probe, positions), { maxResults: IDENTIFY_BENCH.maxResults });
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
    // The mate or one of its copies (same fingers, other ids) first.
    if (result.candidates[0] && (result.candidates[0].subjectId - 1) % people === probe.person) mateFirst++;
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return { fingers: positions.length, searches: times.length, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), cpuMsMean: round(cpuMs / times.length), mateOrCopyFirst: mateFirst };
}

const twoFinger = await timeSearches(IDENTIFY_BENCH.twoFingerPositions);
console.error(`2 fingers: ${JSON.stringify(twoFinger)}`);
const tenFinger = await timeSearches(ALL_POSITIONS);
console.error(`10 fingers: ${JSON.stringify(tenFinger)}`);
await gallery.close();

const report = {
  benchmark: 'gallery at scale, speed only (bench/identify/scale.ts)',
  date: new Date().toISOString(),
  command: `npx tsx --conditions kura-source bench/identify/scale.ts ${process.argv.slice(2).join(' ')}`,
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage1m: Math.round(loadavg()[0]! * 100) / 100, node: process.version },
  galleryPeople: people * copies,
  galleryFingers: stats.fingers,
  built: `${copies} copies of the ${people}-person cache (speed only)`,
  bytesPerFinger: Math.round(stats.bytesPerFinger),
  loadSeconds: Math.round(loadSeconds * 100) / 100,
  loadCpuSeconds: Math.round(((loadCpuUsed.user + loadCpuUsed.system) / 1e6) * 100) / 100,
  firstAnswerSeconds: Math.round(firstAnswerSeconds * 100) / 100,
  processStartToFirstAnswerSeconds: Math.round(processStartToFirstAnswerSeconds * 100) / 100,
  twoFinger,
  tenFinger,
  workers,
};
console.log(JSON.stringify(report));
mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
writeFileSync(join(repoRoot, `bench/out/identify-scale-${people * copies}.json`), `${JSON.stringify(report, null, 2)}\n`);
