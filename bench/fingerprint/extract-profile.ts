/**
 * Time spent per extractor stage (from the transparency hook's timestamps), averaged over a folder:
 *   npx tsx --conditions kura-source bench/fingerprint/extract-profile.ts DIR PPI
 */
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { extractFingerprint } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage } from './extract-support.js';

const [dir, ppiArgument] = process.argv.slice(2);
if (!dir || !ppiArgument) {
  console.error('usage: extract-profile.ts DIR PPI');
  process.exit(2);
}
const files = readdirSync(dir).filter((f) => /^\d+_\d+\.(tif|png|bmp)$/i.test(f)).sort();
const images = await Promise.all(files.map((f) => loadGreyImage(join(dir, f), Number(ppiArgument))));
for (const image of images.slice(0, 3)) extractFingerprint(image);
const totals = new Map<string, number>();
let total = 0;
for (const image of images) {
  const start = performance.now();
  let last = start;
  extractFingerprint(image, {}, (stage) => {
    const now = performance.now();
    totals.set(stage, (totals.get(stage) ?? 0) + now - last);
    last = now;
  });
  const end = performance.now();
  totals.set('(after minutiae)', (totals.get('(after minutiae)') ?? 0) + end - last);
  total += end - start;
}
console.log(`${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores (shared: pessimistic); ${images.length} images`);
for (const [stage, ms] of totals) console.log(`${stage.padEnd(20)} ${(ms / images.length).toFixed(2)} ms (stage ending here)`);
console.log(`total ${(total / images.length).toFixed(1)} ms per image`);
