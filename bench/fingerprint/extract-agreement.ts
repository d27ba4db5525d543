/**
 * Extractor figures on an FVC-style folder: time per image (one core), minutiae count, quality, and
 * agreement with the reference minutiae in the sibling `.iso` files (a proxy while tuning; the real
 * judge is the matcher's EER).
 *   npx tsx --conditions kura-source bench/fingerprint/extract-agreement.ts DIR PPI [--json]
 */
import { existsSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { extractFingerprint, type GreyImage } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage, loadReferenceMinutiae, minutiaAgreement } from './extract-support.js';

const [dir, ppiArgument] = process.argv.slice(2);
if (!dir || !ppiArgument) {
  console.error('usage: extract-agreement.ts DIR PPI [--json]');
  process.exit(2);
}
const ppi = Number(ppiArgument);
const files = readdirSync(dir).filter((f) => /^\d+_\d+\.(tif|png|bmp)$/i.test(f)).sort();
const images: { name: string; image: GreyImage }[] = [];
for (const f of files) images.push({ name: f, image: await loadGreyImage(join(dir, f), ppi) });

// warm up (JIT, filter bank) then time every image once
for (const { image } of images.slice(0, 3)) extractFingerprint(image);
const rows: { name: string; ms: number; minutiae: number; quality: number; precision: number; recall: number; reference: number }[] = [];
for (const { name, image } of images) {
  const start = performance.now();
  const extraction = extractFingerprint(image);
  const ms = performance.now() - start;
  const iso = join(dir, name.replace(/\.[^.]+$/, '.iso'));
  const reference = existsSync(iso) ? await loadReferenceMinutiae(iso, image) : [];
  const { precision, recall } = minutiaAgreement(extraction.minutiae, reference);
  rows.push({ name, ms, minutiae: extraction.minutiae.length, quality: extraction.quality, precision, recall, reference: reference.length });
}
const mean = (k: keyof (typeof rows)[0]) => rows.reduce((s, r) => s + (r[k] as number), 0) / rows.length;
const summary = {
  machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores (shared with other jobs: times are pessimistic)`,
  dir,
  images: rows.length,
  extractMsPerImage: Number(mean('ms').toFixed(1)),
  minutiaePerImage: Number(mean('minutiae').toFixed(1)),
  referenceMinutiaePerImage: Number(mean('reference').toFixed(1)),
  qualityMean: Number(mean('quality').toFixed(1)),
  qualityMin: Math.min(...rows.map((r) => r.quality)),
  qualityMax: Math.max(...rows.map((r) => r.quality)),
  agreementPrecision: Number(mean('precision').toFixed(3)),
  agreementRecall: Number(mean('recall').toFixed(3)),
};
if (process.argv.includes('--json')) console.log(JSON.stringify({ summary, rows }));
else {
  if (process.argv.includes('--rows')) for (const r of rows) console.log(`${r.name}\t${r.ms.toFixed(1)} ms\t${r.minutiae} min\tq ${r.quality}\tP ${r.precision.toFixed(2)} R ${r.recall.toFixed(2)}`);
  console.log(summary);
}
