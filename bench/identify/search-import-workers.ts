/**
 * The import's gallery traffic through real shard workers (FingerprintGallery, 2 workers): for
 * person k = 1…size, a 10-finger search of that person's fingers, then an add of them. Reports the
 * process CPU per person and each worker's busy time (event-loop active time: handling requests,
 * with the GC and compilation that happen meanwhile), to compare with search-import-replay.ts's
 * one-thread figures: the difference is messaging, per-shard duplicated work, GC and JIT.
 *
 *   npx tsx --conditions kura-source bench/identify/search-import-workers.ts [--size 600] [--cache DIR]
 */
import { parseArgs } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { decodeGalleryBatch, FingerprintGallery, unpackFinger, type FingerPosition, type PackedGalleryFinger } from '../../packages/biometrics/src/index.js';
import { scanCache } from '../../packages/cli/src/bench-identify/cache-file.js';
import { galleryCacheHeader, galleryCachePath } from '../../packages/cli/src/bench-identify/gallery-cache.js';
import { identifyCacheDir } from '../../packages/cli/src/commands/bench.js';
import { generatorVersions } from '../../packages/cli/src/bench-identify/synthetic-people.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000' }, size: { type: 'string', default: '600' }, cache: { type: 'string' } } });
const people = Number(values.people);
const size = Number(values.size);
const versions = generatorVersions();
const persons = new Map<number, PackedGalleryFinger[]>();
await scanCache(galleryCachePath(identifyCacheDir(values.cache), people, 1, versions.gallery), galleryCacheHeader(people, 1, versions.gallery), async (chunk) => {
  for (const f of decodeGalleryBatch(chunk.payload)) if (f.subjectId <= size) persons.set(f.subjectId, [...(persons.get(f.subjectId) ?? []), f]);
});
const order = [...persons.keys()].sort((a, b) => a - b);
const probes = new Map(order.map((id) => [id, persons.get(id)!.map((f) => ({ position: f.position as FingerPosition, template: unpackFinger(f.packed) }))]));
const gallery = await FingerprintGallery.open({ workers: 2 });
const workers = (gallery as unknown as { workers: Worker[] }).workers;
const busy = () => workers.map((w) => w.performance.eventLoopUtilization().active);
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
for (let band = 0; band * 100 < order.length; band++) {
  const ids = order.slice(band * 100, band * 100 + 100);
  const c0 = cpu();
  const b0 = busy();
  for (const id of ids) {
    await gallery.search(probes.get(id)!);
    await gallery.add(persons.get(id)!);
  }
  const c1 = cpu();
  const b1 = busy();
  const workerMs = b1.reduce((s, b, i) => s + b - b0[i]!, 0);
  console.log(`persons ${String(band * 100 + 1).padStart(4)}–${String(band * 100 + ids.length).padEnd(4)} process CPU ${((c1 - c0) / ids.length).toFixed(2)} ms, workers busy ${(workerMs / ids.length).toFixed(2)} ms per person`);
}
await gallery.close();
