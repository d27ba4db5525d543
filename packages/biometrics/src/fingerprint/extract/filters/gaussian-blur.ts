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
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius]! * data[row + Math.min(width - 1, Math.max(0, x + k))]!;
      horizontal[row + x] = s;
    }
  }
  const out = scratchFloat32('gaussian-blur.out', data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius]! * horizontal[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      out[y * width + x] = s;
    }
  }
  return { width, height, data: out };
}
