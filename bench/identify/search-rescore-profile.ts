/**
 * Re-scoring alone, on one thread: unpacking gallery fingers' edge tables from their packed bytes,
 * and the 1:1 comparisons of probe fingers with them, timed apart (for profiling with --cpu-prof).
 *
 *   npx tsx --conditions kura-source bench/identify/search-rescore-profile.ts [--size 600] [--probes 20] [--cache DIR] [--cached] [--reference .rev-base]
 *
 * --cached: candidates' tables come through a shard's edge cache (as in a gallery small enough to
 * be cached whole). --reference: that copy's unpacking is timed against the current one and must
 * give the same tables (their first count minutiae and start[count] edges, and hulls).
 */
import { parseArgs } from 'node:util';
import { createTemplate, decodeGalleryBatch, FingerprintMatcher } from '../../packages/biometrics/src/index.js';
import { ReusableEdgeTable, type EdgeTable } from '../../packages/biometrics/src/fingerprint/match/edge-table.js';
import { PACKED_HEADER_BYTES, readPackedEdges, readPackedMinutiae } from '../../packages/biometrics/src/gallery/packed-finger.js';
import { EdgeTableCache } from '../../packages/biometrics/src/gallery/edge-cache.js';
import { galleryParameters } from '../../packages/biometrics/src/gallery/parameters.js';
import { PREFILTER_WORDS } from '../../packages/biometrics/src/gallery/prefilter/index.js';
import { isDeepStrictEqual } from 'node:util';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { decodeProbes } from '../../packages/cli/src/bench-identify/probe-codec.js';
import { prepareProbes } from '../../packages/cli/src/bench-identify/probe-set.js';
import { BuildPool } from '../../packages/cli/src/bench-identify/build-pool.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000' }, size: { type: 'string', default: '600' }, probes: { type: 'string', default: '20' }, cache: { type: 'string' }, reference: { type: 'string' }, cached: { type: 'boolean', default: false } } });
// With --reference DIR, that copy's unpacking runs alternately with the current one (CPU time, same fingers) and must give the same tables.
type Unpack = { ReusableEdgeTable: typeof ReusableEdgeTable; readPackedEdges: typeof readPackedEdges };
const referenceUnpack = values.reference
  ? ({
      ...((await import(`../../${values.reference}/packages/biometrics/src/fingerprint/match/edge-table.js`)) as object),
      ...((await import(`../../${values.reference}/packages/biometrics/src/gallery/packed-finger.js`)) as object),
    } as Unpack)
  : undefined;
const referenceReusable = referenceUnpack && new referenceUnpack.ReusableEdgeTable();
/** The table's minutiae and edges as plain arrays (reused tables' arrays may be longer). */
const trimmed = (t: EdgeTable) => {
  const edges = t.start[t.count]!;
  const list = (a: Float32Array | Int32Array | Uint8Array, n: number) => Array.from(a.subarray(0, n));
  return [t.count, list(t.x, t.count), list(t.y, t.count), list(t.direction, t.count), list(t.type, t.count), list(t.start, t.count + 1), list(t.neighbour, edges), list(t.length, edges), list(t.referenceAngle, edges), list(t.neighbourAngle, edges), t.hull];
};
let referenceUs = 0;
let currentUs = 0;
let unequal = 0;
const people = Number(values.people);
const size = Number(values.size);
const cacheDir = identifyCacheDir(values.cache);
const versions = generatorVersions();
const byPosition = new Map<number, Uint8Array[]>();
await scanCache(galleryCachePath(cacheDir, people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
  for (const f of decodeGalleryBatch(chunk.payload)) {
    if (f.subjectId > size) continue;
    if (!byPosition.has(f.position)) byPosition.set(f.position, []);
    byPosition.get(f.position)!.push(f.packed);
  }
});
const set = await prepareProbes({ pool: () => new BuildPool(2), cacheDir, people, searches: 1000, seed: 1, generator: versions.probes, log: () => {} });
const probes = set.nonMated.slice(0, Number(values.probes)).map((p) => decodeProbes(p.bytes)[0]!);
const reusable = new ReusableEdgeTable();
const edgeCache = new EdgeTableCache(galleryParameters.edgeCacheBytes);
const rowOf = new Map([...byPosition.values()].flat().map((packed, row) => [packed, row]));
const minutiaeAt = PACKED_HEADER_BYTES + PREFILTER_WORDS * 4;
let unpackMs = 0;
let matchMs = 0;
let comparisons = 0;
let checksum = 0;
for (const [pi, probe] of probes.entries()) {
  for (const finger of probe.fingers) {
    const matcher = new FingerprintMatcher(createTemplate(finger.template));
    const gallery = byPosition.get(finger.position)!;
    // 60 subjects per search, as a 10-finger search re-scores.
    for (let s = 0; s < 60; s++) {
      const packed = gallery[(pi * 61 + s * 7) % gallery.length]!;
      if (referenceUnpack) {
        const order = s % 2 === 0;
        for (const side of order ? [0, 1] : [1, 0]) {
          const c0 = process.cpuUsage();
          for (let r = 0; r < 20; r++) {
            if (side === 0) referenceUnpack.readPackedEdges(packed, 0, minutiaeAt, referenceReusable!);
            else readPackedEdges(packed, 0, minutiaeAt, reusable);
          }
          const c = process.cpuUsage(c0);
          if (side === 0) referenceUs += (c.user + c.system) / 20;
          else currentUs += (c.user + c.system) / 20;
        }
        if (!isDeepStrictEqual(trimmed(referenceUnpack.readPackedEdges(packed, 0, minutiaeAt, referenceReusable!)), trimmed(readPackedEdges(packed, 0, minutiaeAt, reusable)))) unequal++;
      }
      const t0 = process.hrtime.bigint();
      let table: EdgeTable;
      if (values.cached) {
        // As a shard does: from the cached neighbour lists when there, else built and cached.
        const count = readPackedMinutiae(packed, 0, minutiaeAt, reusable);
        const row = rowOf.get(packed)!;
        table = edgeCache.restore(row, reusable, count) ?? reusable.build(count);
        edgeCache.add(row, table);
      } else table = readPackedEdges(packed, 0, minutiaeAt, reusable);
      const t1 = process.hrtime.bigint();
      checksum += matcher.matchEdges(table);
      const t2 = process.hrtime.bigint();
      unpackMs += Number(t1 - t0) / 1e6;
      matchMs += Number(t2 - t1) / 1e6;
      comparisons++;
    }
  }
}
if (referenceUnpack) console.log(`unpacking, CPU per finger: reference ${(referenceUs / comparisons).toFixed(2)} µs, current ${(currentUs / comparisons).toFixed(2)} µs; ${unequal} of ${comparisons} tables differ`);
console.log(`${comparisons} comparisons: unpack ${((unpackMs / comparisons) * 1000).toFixed(2)} µs, match ${((matchMs / comparisons) * 1000).toFixed(2)} µs each; checksum ${checksum}`);
