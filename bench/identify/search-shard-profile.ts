/**
 * A shard's side of 10-finger searches, in this thread (for --cpu-prof: the gallery's shard workers
 * are not profiled with it): the gallery of the cache loaded into one Shard, then per probe the
 * pre-filter pass and the re-scoring of the 60 best subjects, as a shard worker runs them.
 *
 *   npx tsx --conditions kura-source bench/identify/search-shard-profile.ts [--size 600] [--probes 40] [--cache DIR] [--reference .rev-base] [--fresh] [--uncached]
 *
 * --reference: the same on a Shard of that copy's sources, alternated search by search (CPU time of
 * this thread), results required identical.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { createTemplate, decodeGalleryBatch, encodeGalleryBatch, packFinger, type FingerPosition } from '../../packages/biometrics/src/index.js';
import { forEachCheckedBatchFinger } from '../../packages/biometrics/src/gallery/batch-codec.js';
import { PACKED_HEADER_BYTES } from '../../packages/biometrics/src/gallery/packed-finger.js';
import { PREFILTER_WORDS } from '../../packages/biometrics/src/gallery/prefilter/index.js';
import { readPackedTemplate } from '../../packages/biometrics/src/gallery/packed-finger.js';
import { Shard } from '../../packages/biometrics/src/gallery/shard.js';
import { prefilterShard, ProbeFinger, rescoreShard } from '../../packages/biometrics/src/gallery/shard-search.js';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { decodeProbes, type ProbePerson } from '../../packages/cli/src/bench-identify/probe-codec.js';
import { prepareProbes } from '../../packages/cli/src/bench-identify/probe-set.js';
import { BuildPool } from '../../packages/cli/src/bench-identify/build-pool.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000' }, size: { type: 'string', default: '600' }, probes: { type: 'string', default: '40' }, cache: { type: 'string' }, reference: { type: 'string' }, fresh: { type: 'boolean', default: false }, uncached: { type: 'boolean', default: false } } });
const people = Number(values.people);
const size = Number(values.size);
const cacheDir = identifyCacheDir(values.cache);
const versions = generatorVersions();
type Sources = { Shard: typeof Shard; ProbeFinger: typeof ProbeFinger; prefilterShard: typeof prefilterShard; rescoreShard: typeof rescoreShard; forEachCheckedBatchFinger: typeof forEachCheckedBatchFinger };
const currentSources: Sources = { Shard, ProbeFinger, prefilterShard, rescoreShard, forEachCheckedBatchFinger };
const from = async (dir: string): Promise<Sources> => {
  const module = async (path: string) => (await import(`../../${dir}/packages/biometrics/src/gallery/${path}`)) as Record<string, unknown>;
  return { ...(await module('shard.js')), ...(await module('shard-search.js')), ...(await module('batch-codec.js')) } as unknown as Sources;
};
const sides = values.reference ? [await from(values.reference), currentSources] : [currentSources];
const shards = sides.map((side) => new side.Shard());
// --uncached: each shard's edge cache emptied and given no budget (a gallery far larger than the
// cache, where the fingers re-scored are new to it): the build from packed bytes alone is timed.
if (values.uncached) {
  for (const shard of shards) {
    const cache = (shard as unknown as { edgeCache: { clear(): void; budgetBytes: number } }).edgeCache;
    cache.clear();
    cache.budgetBytes = 0;
  }
}
await scanCache(galleryCachePath(cacheDir, people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
  const fingers = decodeGalleryBatch(chunk.payload).filter((f) => f.subjectId <= size);
  if (!fingers.length) return;
  const batch = encodeGalleryBatch(fingers);
  sides.forEach((side, i) => side.forEachCheckedBatchFinger(batch, (subjectId, position, start, length) => shards[i]!.addFinger(subjectId, position, batch, start, length)));
});
const set = await prepareProbes({ pool: () => new BuildPool(2), cacheDir, people, searches: 1000, seed: 1, generator: versions.probes, log: () => {} });
// --fresh: the timed pass searches other probes than the first (as in an import: every search a new person).
const count = Number(values.probes);
const probeSet = (round: number) => set.nonMated.slice(values.fresh ? round * count : 0, (values.fresh ? round * count : 0) + count).map((p) => decodeProbes(p.bytes)[0]!);
// As a worker receives them: packed, then unpacked.
const templatesOf = (probes: ProbePerson[]) => probes.map((p) => p.fingers.map((f) => ({ position: f.position as FingerPosition, template: readPackedTemplate(packFinger(createTemplate(f.template)), 0, PACKED_HEADER_BYTES + PREFILTER_WORDS * 4) })));
const prefilterMs = sides.map(() => 0);
const rescoreMs = sides.map(() => 0);
let differences = 0;
let probeTemplates = templatesOf(probeSet(0));
for (let round = 0; round < 2; round++) {
  if (round === 1) probeTemplates = templatesOf(probeSet(1));
  for (const [n, probe] of probeTemplates.entries()) {
    const results: unknown[] = [];
    for (const i of n % 2 === 0 ? sides.keys() : [...sides.keys()].reverse()) {
      const side = sides[i]!;
      const fresh = probe.map((f) => new side.ProbeFinger(f.position, f.template));
      const c0 = process.cpuUsage();
      const top = side.prefilterShard(shards[i]!, fresh, 60, new Set());
      const c1 = process.cpuUsage();
      const result = side.rescoreShard(shards[i]!, fresh, top.subjectIds, 0);
      const c2 = process.cpuUsage();
      if (round === 1) {
        prefilterMs[i] = prefilterMs[i]! + (c1.user + c1.system - c0.user - c0.system) / 1000;
        rescoreMs[i] = rescoreMs[i]! + (c2.user + c2.system - c1.user - c1.system) / 1000;
      }
      results[i] = [top, result];
    }
    if (results.length === 2 && !isDeepStrictEqual(results[0], results[1])) differences++;
  }
}
sides.forEach((_, i) => console.log(`${sides.length === 2 ? ['reference', 'current  '][i] : 'current'}: ${probeTemplates.length} searches (second pass): pre-filter ${(prefilterMs[i]! / probeTemplates.length).toFixed(2)} ms, re-scoring ${(rescoreMs[i]! / probeTemplates.length).toFixed(2)} ms CPU each`));
if (sides.length === 2) console.log(`${differences} of ${probeTemplates.length * 2} searches differ`);
