/**
 * Stronger proof than extract-digest.ts that a speed-up changed no bit: hashes every intermediate
 * stage the transparency hook shows (resampled, orientation, normalized, ridge-period, mask,
 * enhanced, binary, skeleton, cleaned-skeleton, minutiae) over the FVC images, plus odd-sized crops
 * of them at other resolutions (so image edges, partial blocks and up/down-sampling are covered).
 * Also prints the CPU time per stage (process.cpuUsage, one thread, after a warm-up; the best of
 * REPEATS rounds, as the machine is shared).
 *
 *   npx tsx --conditions kura-source bench/fingerprint/extract-stage-digest.ts [REPEATS]
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';
import { extractFingerprint, type GreyImage } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage } from './extract-support.js';

const SETS: Array<[string, number]> = [
  ['fvc2002-db1b', 500],
  ['fvc2002-db2b', 569],
];
/** Crops (left, top, width, height as shares of the image) and the resolution they are declared at. */
const CROPS: Array<[number, number, number, number, number]> = [
  [0.03, 0.05, 0.77, 0.81, 500],
  [0.11, 0.02, 0.83, 0.9, 430],
  [0.0, 0.13, 0.91, 0.69, 620],
];

const root = sharedData('fvc');
if (!root) {
  console.error(sharedDataMissingMessage);
  process.exit(2);
}
const repeats = Number(process.argv[2] ?? 1);

function crop(image: GreyImage, [l, t, w, h, ppi]: [number, number, number, number, number]): GreyImage {
  const left = Math.floor(l * image.width);
  const top = Math.floor(t * image.height);
  const width = Math.min(image.width - left, Math.floor(w * image.width) | 1);
  const height = Math.min(image.height - top, Math.floor(h * image.height) | 1);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) pixels.set(image.pixels.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
  return { width, height, pixels, ppi };
}

/** Every typed array reachable in a stage's data, in a fixed order, plus the plain numbers as JSON. */
function hashValue(hash: Hash, value: unknown): void {
  if (ArrayBuffer.isView(value)) {
    hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}`);
    for (const v of value) hashValue(hash, v);
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) {
      hash.update(`{${key}`);
      hashValue(hash, (value as Record<string, unknown>)[key]);
    }
  } else {
    const numbers = new Float64Array([typeof value === 'number' ? value : Number.NaN]);
    hash.update(typeof value === 'number' ? new Uint8Array(numbers.buffer) : JSON.stringify(value) ?? 'undefined');
  }
}

const images: GreyImage[] = [];
for (const [set, ppi] of SETS) {
  const dir = join(root, set);
  for (const file of readdirSync(dir).filter((f) => /^\d+_\d+\.tif$/i.test(f)).sort()) {
    const image = await loadGreyImage(join(dir, file), ppi);
    images.push(image);
  }
}
const cropped = images.filter((_, i) => i % 4 === 0).flatMap((image, i) => [crop(image, CROPS[i % CROPS.length]!)]);
const all = [...images, ...cropped];
for (const image of all.slice(0, 5)) extractFingerprint(image);

const digests = new Map<string, Hash>();
const result = createHash('sha256');
// per stage, the lowest of the rounds' mean CPU times (the machine is shared: the minimum is the least disturbed)
const best = new Map<string, number>();
let bestTotal = Infinity;
for (let round = 0; round < repeats; round++) {
  const cpu = new Map<string, number>();
  let totalCpu = 0;
  for (const image of all) {
    let last = process.cpuUsage();
    const start = last;
    const extraction = extractFingerprint(image, {}, (stage, data) => {
      const used = process.cpuUsage(last);
      cpu.set(stage, (cpu.get(stage) ?? 0) + (used.user + used.system) / 1000);
      if (round === 0) {
        if (!digests.has(stage)) digests.set(stage, createHash('sha256'));
        hashValue(digests.get(stage)!, data);
      }
      last = process.cpuUsage();
    });
    const used = process.cpuUsage(start);
    totalCpu += (used.user + used.system) / 1000;
    if (round === 0) hashValue(result, extraction);
  }
  // round 0 also hashes: its total is not comparable
  if (round > 0 || repeats === 1) bestTotal = Math.min(bestTotal, totalCpu / all.length);
  for (const [stage, ms] of cpu) best.set(stage, Math.min(best.get(stage) ?? Infinity, ms / all.length));
}
console.log(`${all.length} images, ${repeats} rounds; result ${result.digest('hex').slice(0, 16)}`);
for (const [stage, hash] of digests) console.log(`${stage.padEnd(18)} ${hash.digest('hex').slice(0, 16)}  ${(best.get(stage) ?? 0).toFixed(2)} ms CPU`);
console.log(`total ${bestTotal.toFixed(2)} ms CPU per image (best round${repeats > 1 ? ', hashing rounds excluded' : ', hashing included'})`);
