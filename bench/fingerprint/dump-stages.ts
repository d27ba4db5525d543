/**
 * Writes a PNG of every intermediate stage of the extractor for one image, for debugging:
 *   npx tsx --conditions kura-source bench/fingerprint/dump-stages.ts IMG OUTDIR [PPI]
 * PPI defaults to 500. When IMG has a sibling `.iso` (ISO 19794-2:2005), its minutiae are drawn
 * too (green) beside ours (red endings, blue bifurcations), each with a direction tick.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { extractFingerprint } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import type { Minutia } from '../../packages/biometrics/src/fingerprint/minutia.js';
import { loadGreyImage, loadReferenceMinutiae } from './extract-support.js';

interface Float { width: number; height: number; data: Float32Array }
interface Binary { width: number; height: number; data: Uint8Array }
interface Grid { size: number; columns: number; rows: number }

const [file, outDir, ppiArgument] = process.argv.slice(2);
if (!file || !outDir) {
  console.error('usage: dump-stages.ts IMG OUTDIR [PPI]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const image = await loadGreyImage(file, Number(ppiArgument ?? 500));
const stem = basename(file).replace(/\.[^.]+$/, '');
const writes: Promise<unknown>[] = [];
let base: Float | undefined;
let blocksMask: { grid: Grid; mask: Uint8Array } | undefined;

const grey = (name: string, width: number, height: number, values: ArrayLike<number>, lo: number, hi: number) => {
  const out = Buffer.alloc(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(((values[i]! - lo) / (hi - lo)) * 255)));
  writes.push(sharp(out, { raw: { width, height, channels: 1 } }).png().toFile(join(outDir, `${stem}-${name}.png`)));
};

const extraction = extractFingerprint(image, {}, (stage, data) => {
  if (stage === 'resampled') {
    base = data as Float;
    grey(stage, base.width, base.height, base.data, 0, 255);
  } else if (stage === 'normalized' || stage === 'enhanced') {
    const f = data as Float;
    grey(stage, f.width, f.height, f.data, -2, 2);
  } else if (stage === 'binary' || stage === 'skeleton' || stage === 'cleaned-skeleton') {
    const b = data as Binary;
    grey(stage, b.width, b.height, b.data, 1, 0);
  } else if (stage === 'mask') {
    blocksMask = data as { grid: Grid; mask: Uint8Array };
    grey(stage, blocksMask.grid.columns, blocksMask.grid.rows, blocksMask.mask, 0, 1);
  } else if (stage === 'orientation' && base) {
    const { grid, angle, coherence } = data as { grid: Grid; angle: Float32Array; coherence: Float32Array };
    writes.push(orientationPng(base, grid, angle, coherence, join(outDir, `${stem}-orientation.png`)));
  } else if (stage === 'ridge-period') {
    const { grid, period } = data as { grid: Grid; period: Float32Array };
    grey(stage, grid.columns, grid.rows, period, 5, 15);
  }
});
const reference = existsSync(file.replace(/\.[^.]+$/, '.iso')) ? await loadReferenceMinutiae(file.replace(/\.[^.]+$/, '.iso'), image) : [];
if (base) writes.push(minutiaePng(base, extraction.minutiae, reference, blocksMask, join(outDir, `${stem}-minutiae.png`)));
await Promise.all(writes);
console.log(`${stem}: ${extraction.minutiae.length} minutiae, quality ${extraction.quality} (${JSON.stringify(extraction.qualityFactors)}), reference ${reference.length}; PNGs in ${outDir}`);

function rgbCanvas(b: Float): Buffer {
  const rgb = Buffer.alloc(b.width * b.height * 3);
  for (let i = 0; i < b.width * b.height; i++) {
    const v = Math.max(0, Math.min(255, b.data[i]!));
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = v;
  }
  return rgb;
}

function plot(rgb: Buffer, width: number, height: number, x: number, y: number, color: [number, number, number]): void {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= width || yi >= height) return;
  const i = 3 * (yi * width + xi);
  [rgb[i], rgb[i + 1], rgb[i + 2]] = color;
}

function line(rgb: Buffer, width: number, height: number, x0: number, y0: number, x1: number, y1: number, color: [number, number, number]): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
  for (let s = 0; s <= steps; s++) plot(rgb, width, height, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, color);
}

function orientationPng(b: Float, grid: Grid, angle: Float32Array, coherence: Float32Array, path: string): Promise<unknown> {
  const rgb = rgbCanvas(b);
  for (let r = 0; r < grid.rows; r += 2) {
    for (let c = 0; c < grid.columns; c += 2) {
      const k = r * grid.columns + c;
      const cx = (c + 0.5) * grid.size;
      const cy = (r + 0.5) * grid.size;
      const half = 6 * coherence[k]! + 1;
      const dx = Math.cos(angle[k]!) * half;
      const dy = Math.sin(angle[k]!) * half;
      line(rgb, b.width, b.height, cx - dx, cy - dy, cx + dx, cy + dy, [255, 0, 0]);
    }
  }
  return sharp(rgb, { raw: { width: b.width, height: b.height, channels: 3 } }).png().toFile(path);
}

function minutiaePng(b: Float, ours: Minutia[], theirs: Minutia[], m: { grid: Grid; mask: Uint8Array } | undefined, path: string): Promise<unknown> {
  const rgb = rgbCanvas(b);
  if (m) {
    // darken the background blocks
    for (let y = 0; y < b.height; y++) {
      for (let x = 0; x < b.width; x++) {
        if (m.mask[Math.floor(y / m.grid.size) * m.grid.columns + Math.floor(x / m.grid.size)]) continue;
        const i = 3 * (y * b.width + x);
        rgb[i] = rgb[i]! >> 1;
        rgb[i + 1] = rgb[i + 1]! >> 1;
      }
    }
  }
  const draw = (list: Minutia[], color: (t: Minutia) => [number, number, number], radius: number) => {
    for (const t of list) {
      for (let a = 0; a < 24; a++) plot(rgb, b.width, b.height, t.x + radius * Math.cos((a * Math.PI) / 12), t.y + radius * Math.sin((a * Math.PI) / 12), color(t));
      line(rgb, b.width, b.height, t.x, t.y, t.x + 10 * Math.cos(t.direction), t.y - 10 * Math.sin(t.direction), color(t));
    }
  };
  draw(theirs, () => [0, 200, 0], 5);
  draw(ours, (t) => (t.type === 'ending' ? [255, 0, 0] : [0, 80, 255]), 3);
  return sharp(rgb, { raw: { width: b.width, height: b.height, channels: 3 } }).png().toFile(path);
}
