/**
 * Identity and CPU of 1:N searches, reference code against current code: the gallery of the
 * `kura bench identify` cache (its first --size people) is loaded into two galleries, one from the
 * reference copy of the biometrics sources (/work/main/.rev-base, read-only, or --reference) and one from the
 * current sources, and the same 10-finger probes (mated and non-mated, from the cache) are searched
 * in both. Every field of every result must be identical (candidates, their order, every score,
 * comparison counts); then the 1:1 matcher is checked on the probes' fingers (probe with its
 * orientation field against gallery fingers and against other probes: score, pairs, statistics).
 * Finally both galleries are timed alternately (process CPU, all threads), each round on new
 * probes (as in an import, where every search brings a new person), the same for both sides.
 *
 *   npx tsx --conditions kura-source bench/identify/search-compare.ts [--people 1000] [--size 600] [--searches 40] [--rounds 2] [--cache DIR] [--reference .rev-base]
 *
 * Needs the N-person cache and its probes (bench/identify/run.ts --people N --searches 1000).
 */
import { isDeepStrictEqual } from 'node:util';
import { parseArgs } from 'node:util';
import * as current from '../../packages/biometrics/src/index.js';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { decodeProbes, type ProbePerson } from '../../packages/cli/src/bench-identify/probe-codec.js';
import { prepareProbes } from '../../packages/cli/src/bench-identify/probe-set.js';
import { BuildPool } from '../../packages/cli/src/bench-identify/build-pool.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    size: { type: 'string', default: '600' },
    searches: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '2' },
    cache: { type: 'string' },
    /** Copy of the repository (its packages/biometrics/src) to compare with: .rev-base, or e.g. a HEAD copy. */
    reference: { type: 'string', default: '.rev-base' },
  },
});
const reference = (await import(`../../${values.reference}/packages/biometrics/src/index.js`)) as unknown;
const people = Number(values.people);
const size = Number(values.size);
const searches = Number(values.searches);
const rounds = Number(values.rounds);
const cacheDir = identifyCacheDir(values.cache);
const versions = generatorVersions();

type Library = typeof current;
const libraries = { reference: reference as unknown as Library, current };
type Side = keyof typeof libraries;
const sides: Side[] = ['reference', 'current'];

/** Each side rebuilds the probe templates with its own createTemplate (so edge tables come from its own code). */
function probeFingers(library: Library, probe: ProbePerson): current.GalleryFinger[] {
  return probe.fingers.map((f) => ({ position: f.position as current.FingerPosition, template: library.createTemplate(f.template) }));
}

const galleries = {} as Record<Side, current.FingerprintGallery>;
for (const side of sides) {
  const gallery = await libraries[side].FingerprintGallery.open();
  await scanCache(galleryCachePath(cacheDir, people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
    const fingers = libraries[side].decodeGalleryBatch(chunk.payload).filter((f) => f.subjectId <= size);
    if (fingers.length) await gallery.addEncoded(libraries[side].encodeGalleryBatch(fingers));
  });
  galleries[side] = gallery;
}
const set = await prepareProbes({ pool: () => new BuildPool(2), cacheDir, people, searches: 1000, seed: 1, generator: versions.probes, log: () => {} });
// Mated probes of people inside the loaded gallery, and non-mated ones: a first set for the
// identity checks, then one set per timing round.
const matedPool = set.mated.filter((p) => p.person < size);
const batch = (b: number) => {
  const mated = matedPool.slice(b * Math.ceil(searches / 2), (b + 1) * Math.ceil(searches / 2));
  const nonMated = set.nonMated.slice(b * Math.floor(searches / 2), (b + 1) * Math.floor(searches / 2));
  return [...mated, ...nonMated].map((p) => decodeProbes(p.bytes)[0]!);
};
const inputsOf = (probes: ProbePerson[]) => Object.fromEntries(sides.map((side) => [side, probes.map((p) => probeFingers(libraries[side], p))])) as Record<Side, current.GalleryFinger[][]>;
const probes = batch(0);
const mated = probes.filter((p) => p.person < size);
const nonMated = probes.filter((p) => p.person >= size);
const inputs = inputsOf(probes);
console.log(`gallery ${(await galleries.current.stats()).subjects} people, ${mated.length} mated + ${nonMated.length} non-mated 10-finger searches`);

// Identity of every search result (timings aside).
let differences = 0;
let candidates = 0;
let fullComparisons = 0;
for (let i = 0; i < probes.length; i++) {
  const [a, b] = await Promise.all(sides.map((side) => galleries[side].search(inputs[side][i]!)));
  const { milliseconds: _a, ...ra } = a!;
  const { milliseconds: _b, ...rb } = b!;
  candidates += ra.candidates.length;
  fullComparisons += ra.fullComparisons;
  if (!isDeepStrictEqual(ra, rb)) {
    differences++;
    if (differences <= 3) console.log(`search ${i} differs:\n  reference ${JSON.stringify(ra)}\n  current   ${JSON.stringify(rb)}`);
  }
}
console.log(`searches: ${probes.length - differences}/${probes.length} identical (${candidates} candidates, ${fullComparisons} full comparisons)`);

// Identity of the 1:1 matcher: each probe finger (with its orientation field) against the gallery
// finger of the mated person and against the same finger of the next probe (both with fields).
let matchDifferences = 0;
let matches = 0;
const galleryFingers = new Map<string, Uint8Array>();
await scanCache(galleryCachePath(cacheDir, people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
  for (const f of current.decodeGalleryBatch(chunk.payload)) if (f.subjectId <= size) galleryFingers.set(`${f.subjectId}/${f.position}`, f.packed);
});
for (let i = 0; i < probes.length; i++) {
  const probe = probes[i]!;
  const next = probes[(i + 1) % probes.length]!;
  for (const finger of probe.fingers) {
    const packed = galleryFingers.get(`${probe.person + 1}/${finger.position}`);
    const other = next.fingers.find((f) => f.position === finger.position);
    const results = sides.map((side) => {
      const library = libraries[side];
      const matcher = new library.FingerprintMatcher(library.createTemplate(finger.template));
      const out: unknown[] = [];
      for (const candidate of [packed && library.unpackFinger(packed), other && library.createTemplate(other.template)]) {
        if (!candidate) continue;
        out.push(matcher.matchWithPairs(candidate), { ...matcher.lastStats }, matcher.match(candidate));
      }
      return out;
    });
    matches += results[0]!.length / 3;
    if (!isDeepStrictEqual(results[0], results[1])) {
      matchDifferences++;
      if (matchDifferences <= 3) console.log(`1:1 of probe ${probe.person} finger ${finger.position} differs`);
    }
  }
}
console.log(`1:1 matches: ${matches} compared, ${matchDifferences === 0 ? 'all identical' : `${matchDifferences} probe fingers differ`}`);

// CPU, alternated: each round times its probe set once per side, the order flipped each round.
const cpu: Record<Side, number[]> = { reference: [], current: [] };
for (let round = 0; round < rounds; round++) {
  const roundInputs = inputsOf(batch(round + 1));
  for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
    const gallery = galleries[side];
    const start = process.cpuUsage();
    for (const probe of roundInputs[side]) await gallery.search(probe);
    const used = process.cpuUsage(start);
    cpu[side].push((used.user + used.system) / 1000 / roundInputs[side].length);
  }
}
for (const side of sides) console.log(`${side.padEnd(9)} ${cpu[side].map((ms) => ms.toFixed(2)).join(' ')} ms CPU per search`);
const best = (side: Side) => Math.min(...cpu[side]);
console.log(`current/reference (best rounds): ${((100 * best('current')) / best('reference')).toFixed(1)} %`);
for (const side of sides) await galleries[side].close();
process.exit(differences + matchDifferences > 0 ? 1 : 0);
