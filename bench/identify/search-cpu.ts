/**
 * CPU of one 10-finger non-mated search (all threads) against galleries of growing size, from the
 * `kura bench identify` cache: what each enrollment's 1:N deduplication costs as a register grows
 * (the import enrolls with a search, so at scale this, not extraction, bounds an import).
 *
 *   npx tsx --conditions kura-source bench/identify/search-cpu.ts [--people 10000] [--sizes 33,1000,10000] [--cache DIR]
 *
 * Needs the N-person cache and its probes (bench/identify/run.ts --people N --searches 1000).
 */
import { parseArgs } from 'node:util';
import { FingerprintGallery, decodeGalleryBatch, encodeGalleryBatch, type FingerPosition } from '@kura/biometrics';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { decodeProbes } from '../../packages/cli/src/bench-identify/probe-codec.js';
import { prepareProbes } from '../../packages/cli/src/bench-identify/probe-set.js';
import { BuildPool } from '../../packages/cli/src/bench-identify/build-pool.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '10000' }, sizes: { type: 'string', default: '33,1000,10000' }, cache: { type: 'string' } } });
const versions = generatorVersions();
const people = Number(values.people);
const cacheDir = identifyCacheDir(values.cache);
for (const n of values.sizes!.split(',').map(Number)) {
  const gallery = await FingerprintGallery.open();
  let loaded = 0;
  await scanCache(galleryCachePath(cacheDir, people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
    if (loaded >= n) return;
    const fingers = decodeGalleryBatch(chunk.payload).filter((f) => f.subjectId <= n);
    loaded = Math.max(loaded, ...fingers.map((f) => f.subjectId));
    if (fingers.length) await gallery.addEncoded(encodeGalleryBatch(fingers));
  });
  const set = await prepareProbes({ pool: () => new BuildPool(2), cacheDir: cacheDir, people, searches: 1000, seed: 1, generator: versions.probes, log: () => {} });
  const probes = set.nonMated.slice(0, 30).map((p) => decodeProbes(p.bytes)[0]!);
  for (const p of probes.slice(0, 3)) await gallery.search(p.fingers.map((f) => ({ position: f.position as FingerPosition, template: f.template })));
  const c0 = process.cpuUsage();
  let full = 0;
  for (const p of probes) full += (await gallery.search(p.fingers.map((f) => ({ position: f.position as FingerPosition, template: f.template })))).fullComparisons;
  const c = process.cpuUsage(c0);
  console.log(`gallery ${(await gallery.stats()).subjects} people: 10-finger non-mated search ${((c.user + c.system) / 1000 / probes.length).toFixed(1)} ms CPU, ${full / probes.length} full comparisons`);
  await gallery.close();
}
