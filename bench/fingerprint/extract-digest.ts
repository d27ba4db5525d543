/**
 * Digest of what the extractor makes of every FVC image in ../shared/data/fvc, to prove that a
 * speed-up changed no bit: the encoded templates (what enrollment stores), and the raw extraction
 * (minutiae as float64, quality and its factors, usable/problems, the block fields' bytes). Also
 * prints the CPU time per image (one thread, after a warm-up).
 *
 *   npx tsx --conditions kura-source bench/fingerprint/extract-digest.ts
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';
import { extractTemplate } from '../../packages/biometrics/src/fingerprint/extraction.js';
import { encodeTemplate } from '../../packages/biometrics/src/fingerprint/template-codec.js';
import type { GreyImage } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage } from './extract-support.js';

/** The FVC sets and their resolution (db2b is 569 ppi: the resampling stage is covered too). */
const SETS: Array<[string, number]> = [
  ['fvc2002-db1b', 500],
  ['fvc2002-db2b', 569],
];

const root = sharedData('fvc');
if (!root) {
  console.error(sharedDataMissingMessage);
  process.exit(2);
}

const bytesOf = (a: Float32Array | Float64Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function updateRaw(hash: Hash, result: ReturnType<typeof extractTemplate>): void {
  const { extraction } = result;
  const numbers = new Float64Array(extraction.minutiae.length * 4);
  extraction.minutiae.forEach((m, i) => numbers.set([m.x, m.y, m.direction, m.reliability], i * 4));
  hash.update(bytesOf(numbers));
  hash.update(JSON.stringify({ types: extraction.minutiae.map((m) => m.type), w: extraction.width, h: extraction.height, q: extraction.quality, f: extraction.qualityFactors, u: extraction.usable, p: extraction.problems }));
  const b = extraction.blocks;
  for (const field of [b.mask, b.orientation, b.coherence, b.ridgePeriod]) hash.update(bytesOf(field));
}

const images: Array<{ set: string; file: string; image: GreyImage }> = [];
for (const [set, ppi] of SETS) {
  const dir = join(root, set);
  for (const file of readdirSync(dir).filter((f) => /^\d+_\d+\.tif$/i.test(f)).sort()) images.push({ set, file, image: await loadGreyImage(join(dir, file), ppi) });
}
for (const { image } of images.slice(0, 5)) extractTemplate(image);

const templates = createHash('sha256');
const raw = createHash('sha256');
const perSet = new Map<string, Hash>();
let cpuMs = 0;
for (const { set, image } of images) {
  const before = process.cpuUsage();
  const result = extractTemplate(image);
  const used = process.cpuUsage(before);
  cpuMs += (used.user + used.system) / 1000;
  const encoded = encodeTemplate(result.template);
  templates.update(encoded);
  updateRaw(raw, result);
  if (!perSet.has(set)) perSet.set(set, createHash('sha256'));
  perSet.get(set)!.update(encoded);
}
console.log(
  JSON.stringify({
    images: images.length,
    templates: templates.digest('hex').slice(0, 16),
    raw: raw.digest('hex').slice(0, 16),
    templatesBySet: Object.fromEntries([...perSet].map(([set, hash]) => [set, hash.digest('hex').slice(0, 16)])),
    cpuMsPerImage: Math.round((cpuMs / images.length) * 10) / 10,
  }),
);
