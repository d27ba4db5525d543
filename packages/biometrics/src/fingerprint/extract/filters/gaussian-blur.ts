import type { FloatImage } from '../grid.js';
import { scratchFloat32 } from '../scratch.js';

/** Separable Gaussian blur (edges clamped); returns the input unchanged for sigma ≤ 0. */
export function gaussianBlur(image: FloatImage, sigma: number): FloatImage {
  if (sigma <= 0) return image;
  const { width, height, data } = image;
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp((-k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] = kernel[k]! / sum;
  const horizontal = scratchFloat32('gaussian-blur.horizontal', data.length);
  // Every pixel sums its taps in order k = −radius … radius. Clamping is needed only within
  // `radius` of the left and right edges; between them the taps are read directly, four pixels
  // side by side so that their sums do not wait on one another.
  const interiorEnd = width - radius;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (x >= radius && x + 3 < interiorEnd) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0, at = row + x - radius; k < kernel.length; k++, at++) {
          const w = kernel[k]!;
          s0 += w * data[at]!;
          s1 += w * data[at + 1]!;
          s2 += w * data[at + 2]!;
          s3 += w * data[at + 3]!;
        }
        horizontal[row + x] = s0;
        horizontal[row + x + 1] = s1;
        horizontal[row + x + 2] = s2;
        horizontal[row + x + 3] = s3;
        x += 3;
        continue;
      }
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius]! * data[row + Math.min(width - 1, Math.max(0, x + k))]!;
      horizontal[row + x] = s;
    }
  }
  // Vertically the same, four pixels of a row side by side; the clamped source rows of the taps
  // are found once per row.
  const out = scratchFloat32('gaussian-blur.out', data.length);
  const tapRows = new Int32Array(kernel.length);
  for (let y = 0; y < height; y++) {
    for (let k = -radius; k <= radius; k++) tapRows[k + radius] = Math.min(height - 1, Math.max(0, y + k)) * width;
    const row = y * width;
    let x = 0;
    for (; x + 3 < width; x += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < kernel.length; k++) {
        const w = kernel[k]!;
        const at = tapRows[k]! + x;
        s0 += w * horizontal[at]!;
        s1 += w * horizontal[at + 1]!;
        s2 += w * horizontal[at + 2]!;
        s3 += w * horizontal[at + 3]!;
      }
      out[row + x] = s0;
      out[row + x + 1] = s1;
      out[row + x + 2] = s2;
      out[row + x + 3] = s3;
    }
    for (; x < width; x++) {
      let s = 0;
      for (let k = 0; k < kernel.length; k++) s += kernel[k]! * horizontal[tapRows[k]! + x]!;
      out[row + x] = s;
    }
  }
  return { width, height, data: out };
}
