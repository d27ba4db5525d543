/**
 * What an import asks of the gallery shards, replayed in this thread (for --cpu-prof and per-phase
 * CPU times): for person k = 1…size, a 10-finger search of that person's fingers (pre-filter pass,
 * then re-scoring of the best 60 subjects) against the gallery of persons 1…k−1, then an 'add' of
 * the person's 10 fingers, as shard-worker.ts handles it. One Shard holds the whole gallery (an
 * import's two shards hold half each and both see every probe).
 *
 *   npx tsx --conditions kura-source bench/identify/search-import-replay.ts [--size 600] [--cache DIR] [--reference .rev-shard]
 *
 * --reference: the same on a Shard of that copy's sources, alternated person by person (CPU time
 * of this thread); every search result and the final shard contents required identical.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { decodeGalleryBatch, encodeGalleryBatch, type FingerPosition, type PackedGalleryFinger } from '../../packages/biometrics/src/index.js';
import { forEachCheckedBatchFinger } from '../../packages/biometrics/src/gallery/batch-codec.js';
import { PACKED_HEADER_BYTES, readPackedTemplate } from '../../packages/biometrics/src/gallery/packed-finger.js';
import { PREFILTER_WORDS } from '../../packages/biometrics/src/gallery/prefilter/index.js';
import { Shard } from '../../packages/biometrics/src/gallery/shard.js';
import { prefilterShard, ProbeFinger, rescoreShard } from '../../packages/biometrics/src/gallery/shard-search.js';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000' }, size: { type: 'string', default: '600' }, cache: { type: 'string' }, reference: { type: 'string' } } });
const people = Number(values.people);
const size = Number(values.size);
const cacheDir = identifyCacheDir(values.cache);
const versions = generatorVersions();

type Sources = {
  Shard: typeof Shard;
  ProbeFinger: typeof ProbeFinger;
  prefilterShard: typeof prefilterShard;
  rescoreShard: typeof rescoreShard;
  forEachCheckedBatchFinger: typeof forEachCheckedBatchFinger;
  readPackedTemplate: typeof readPackedTemplate;
};
const currentSources: Sources = { Shard, ProbeFinger, prefilterShard, rescoreShard, forEachCheckedBatchFinger, readPackedTemplate };
const from = async (dir: string): Promise<Sources> => {
  const module = async (path: string) => (await import(`../../${dir}/packages/biometrics/src/gallery/${path}`)) as Record<string, unknown>;
  return { ...(await module('shard.js')), ...(await module('shard-search.js')), ...(await module('batch-codec.js')), ...(await module('packed-finger.js')) } as unknown as Sources;
};
const sides = values.reference ? [await from(values.reference), currentSources] : [currentSources];
const shards = sides.map((side) => new side.Shard());

// Each person's fingers as the 'add' batch the gallery sends (and, packed, the probe it sends).
const persons = new Map<number, PackedGalleryFinger[]>();
await scanCache(galleryCachePath(cacheDir, people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
  for (const f of decodeGalleryBatch(chunk.payload)) if (f.subjectId <= size) persons.set(f.subjectId, [...(persons.get(f.subjectId) ?? []), f]);
});
const order = [...persons.keys()].sort((a, b) => a - b);

/** As shard-worker.ts handles 'add': count, reserve once, add, maybe compact. */
function addBatch(side: Sources, shard: Shard, batch: Uint8Array): void {
  let rows = 0;
  let arenaBytes = 0;
  let subjects = 0;
  let previous = -1;
  side.forEachCheckedBatchFinger(batch, (subjectId, _position, _start, length) => {
    rows++;
    arenaBytes += length - PREFILTER_WORDS * 4;
    if (subjectId !== previous) subjects++;
    previous = subjectId;
  });
  shard.reserve(rows, arenaBytes, subjects);
  side.forEachCheckedBatchFinger(batch, (subjectId, position, start, length) => shard.addFinger(subjectId, position, batch, start, length));
  shard.maybeCompact();
}

const phases = ['unpack', 'matcher', 'prefilter', 'rescore', 'add'] as const;
type Phase = (typeof phases)[number];
// Per side, per gallery-size band of 100 persons, per phase: CPU ms.
const bands = Math.ceil(order.length / 100);
const spent = sides.map(() => Array.from({ length: bands }, () => ({ unpack: 0, matcher: 0, prefilter: 0, rescore: 0, add: 0 }) as Record<Phase, number>));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
let differences = 0;
for (const [k, subjectId] of order.entries()) {
  const fingers = persons.get(subjectId)!;
  const results: unknown[] = [];
  for (const i of k % 2 === 0 ? sides.keys() : [...sides.keys()].reverse()) {
    const side = sides[i]!;
    const shard = shards[i]!;
    const band = spent[i]![Math.floor(k / 100)]!;
    const batch = encodeGalleryBatch(fingers);
    const c0 = cpu();
    const probe = fingers.map((f) => new side.ProbeFinger(f.position as FingerPosition, side.readPackedTemplate(f.packed, 0, PACKED_HEADER_BYTES + PREFILTER_WORDS * 4)));
    const c1a = cpu();
    // The matchers re-scoring builds (lazily) for each probe finger, built here to be timed apart.
    if (shard.subjects > 0) for (const f of probe) void f.matcher;
    const c1 = cpu();
    const top = side.prefilterShard(shard, probe, 60, new Set());
    const c2 = cpu();
    const result = side.rescoreShard(shard, probe, top.subjectIds, 0);
    const c3 = cpu();
    addBatch(side, shard, batch);
    const c4 = cpu();
    band.unpack += c1a - c0;
    band.matcher += c1 - c1a;
    band.prefilter += c2 - c1;
    band.rescore += c3 - c2;
    band.add += c4 - c3;
    results[i] = [top, result];
  }
  if (results.length === 2 && !isDeepStrictEqual(results[0], results[1])) differences++;
}

const fmt = (x: number) => x.toFixed(2).padStart(6);
sides.forEach((_, i) => {
  const name = sides.length === 2 ? ['reference', 'current'][i] : 'current';
  console.log(`${name}: CPU ms per person (unpack probe, build matchers, pre-filter, re-score, add, total)`);
  const total = { unpack: 0, matcher: 0, prefilter: 0, rescore: 0, add: 0 } as Record<Phase, number>;
  spent[i]!.forEach((band, b) => {
    const n = Math.min(100, order.length - b * 100);
    for (const p of phases) total[p] += band[p];
    console.log(`  persons ${String(b * 100 + 1).padStart(4)}–${String(b * 100 + n).padEnd(4)} ${phases.map((p) => fmt(band[p] / n)).join(' ')} ${fmt(phases.reduce((s, p) => s + band[p], 0) / n)}`);
  });
  console.log(`  all ${order.length} persons    ${phases.map((p) => fmt(total[p] / order.length)).join(' ')} ${fmt(phases.reduce((s, p) => s + total[p], 0) / order.length)}`);
});
if (sides.length === 2) {
  const contents = shards.map((s) => ({
    rows: s.rows,
    codes: s.codes.subarray(0, s.rows * PREFILTER_WORDS),
    position: s.rowPosition.subarray(0, s.rows),
    slot: s.rowSlot.subarray(0, s.rows),
    next: s.rowNext.subarray(0, s.rows),
    arenaStart: s.rowArenaStart.subarray(0, s.rows),
    arena: s.arena.subarray(0, s.arenaUsed),
    subjects: s.slotSubject.subarray(0, s.slotCount),
    heads: s.slotHead.subarray(0, s.slotCount),
  }));
  console.log(`${differences} of ${order.length} searches differ; final shard contents ${isDeepStrictEqual(contents[0], contents[1]) ? 'identical' : 'DIFFER'}`);
}
