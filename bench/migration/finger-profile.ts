/**
 * Where one finger's CPU goes on its way from a dump's transaction to a template, on one thread:
 * parsing, WSQ decoding, and each extractor stage (from the transparency hook), in CPU time (the
 * machine may be shared: wall time would measure the neighbours). Over the images of a dump
 * written by `kura synth legacy-dump … --fingers 10`.
 *
 *   npx tsx --conditions kura-source bench/migration/finger-profile.ts DUMP [FINGERS=100]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiNistImages, parseAnsiNist } from '@kura/formats';
import { decodeImage, type DecodedImage } from '@kura/images';
import { extractFingerprint } from '../../packages/biometrics/src/fingerprint/extract/index.js';

const [dump, limit = '100'] = process.argv.slice(2);
if (!dump) {
  console.error('usage: finger-profile.ts DUMP [FINGERS]');
  process.exit(2);
}
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

const encoded: Uint8Array[] = [];
let parseMs = 0;
for (const file of readdirSync(join(dump, 'transactions')).sort()) {
  const bytes = readFileSync(join(dump, 'transactions', file));
  const started = cpuMs();
  try {
    for (const image of ansiNistImages(parseAnsiNist(bytes))) if (image.recordType !== 10) encoded.push(image.data);
  } catch {
    // the planted truncated file
  }
  parseMs += cpuMs() - started;
}
let decodeMs = 0;
const decoded: DecodedImage[] = [];
for (const bytes of encoded) {
  const started = cpuMs();
  try {
    decoded.push(await decodeImage(bytes));
  } catch {
    continue; // the planted corrupt WSQ
  }
  decodeMs += cpuMs() - started;
}
const sample = decoded.slice(0, Number(limit));
for (const image of sample.slice(0, 5)) extractFingerprint({ ...image, ppi: 500 }); // warm-up
const stages = new Map<string, number>();
let total = 0;
for (const image of sample) {
  const started = cpuMs();
  let last = started;
  extractFingerprint({ width: image.width, height: image.height, pixels: image.pixels, ppi: 500 }, {}, (stage) => {
    const now = cpuMs();
    stages.set(stage, (stages.get(stage) ?? 0) + now - last);
    last = now;
  });
  const end = cpuMs();
  stages.set('(after minutiae)', (stages.get('(after minutiae)') ?? 0) + end - last);
  total += end - started;
}
const first = decoded[0]!;
console.log(`${decoded.length} fingers of ${first.width} × ${first.height} px; CPU ms per finger: parse ${(parseMs / decoded.length).toFixed(2)}, WSQ decode ${(decodeMs / decoded.length).toFixed(2)}`);
for (const [stage, ms] of stages) console.log(`  ${stage.padEnd(18)} ${(ms / sample.length).toFixed(2)} (extractor stage ending here)`);
console.log(`  extraction total   ${(total / sample.length).toFixed(1)} (${sample.length} fingers)`);
