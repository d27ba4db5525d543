/**
 * A fresh process, as after a restart: opens a gallery, loads it from the benchmark cache and
 * answers one search (the probe comes on stdin, encodeProbes bytes). Prints one JSON line:
 * { subjects, candidates: [{ subjectId, score }], loadMs, searchMs }.
 * Arguments: <cache file> <people> <seed> <generator> <workers> <positions, comma-separated>.
 */
import { type FingerPosition, FingerprintGallery } from '@kura/biometrics';
import { loadGalleryCache } from './gallery-cache.js';
import { IDENTIFY_BENCH } from './parameters.js';
import { decodeProbes } from './probe-codec.js';

const [path, people, seed, generator, workers, positions] = process.argv.slice(2);
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const probe = decodeProbes(new Uint8Array(Buffer.concat(chunks)))[0];
if (!path || !generator || !probe) throw new Error('usage: restart-child <cache> <people> <seed> <generator> <workers> <positions> < probe');
const wanted = new Set(positions!.split(',').map(Number));

const started = performance.now();
const gallery = await FingerprintGallery.open({ workers: Number(workers) });
await loadGalleryCache(gallery, path, Number(people), Number(seed), generator);
const loaded = performance.now();
const result = await gallery.search(
  probe.fingers.filter((f) => wanted.has(f.position)).map((f) => ({ position: f.position as FingerPosition, template: f.template })),
  { maxResults: IDENTIFY_BENCH.maxResults },
);
const searched = performance.now();
const stats = await gallery.stats();
// The answer first (the parent stops its clock on it), then the orderly shutdown.
process.stdout.write(
  `${JSON.stringify({
    subjects: stats.subjects,
    candidates: result.candidates.map((c) => ({ subjectId: c.subjectId, score: c.score })),
    loadMs: loaded - started,
    searchMs: searched - loaded,
  })}\n`,
);
await gallery.close();
