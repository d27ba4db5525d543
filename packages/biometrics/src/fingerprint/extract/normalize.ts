import { expandBlockField, smoothBlockField, type BlockGrid, type FloatImage } from './grid.js';

/** Per-block grey statistics, also used by segmentation. */
export interface BlockStatistics {
  mean: Float32Array;
  /** Standard deviation of grey levels in the block (its contrast). */
  contrast: Float32Array;
}

export function blockStatistics(image: FloatImage, grid: BlockGrid): BlockStatistics {
  const n = grid.columns * grid.rows;
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  const count = new Float64Array(n);
  const { width, height, data } = image;
  for (let y = 0; y < height; y++) {
    const rowBase = Math.floor(y / grid.size) * grid.columns;
    for (let x = 0; x < width; x++) {
      const b = rowBase + Math.floor(x / grid.size);
      const v = data[y * width + x]!;
      sum[b]! += v;
      sumSquares[b]! += v * v;
      count[b]! += 1;
    }
  }
  const mean = new Float32Array(n);
  const contrast = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    const m = sum[b]! / count[b]!;
    mean[b] = m;
    contrast[b] = Math.sqrt(Math.max(0, sumSquares[b]! / count[b]! - m * m));
  }
  return { mean, contrast };
}

/**
 * Local equalisation: subtracts the local mean and divides by the local contrast, both taken from
 * blocks smoothed over a few ridge periods and interpolated per pixel. Dry (faint) and wet (dark)
 * areas come out with the same amplitude, ridges negative (dark) and valleys positive.
 */
export function normalizeLocally(image: FloatImage, grid: BlockGrid, stats: BlockStatistics, smoothingSigmaBlocks: number): FloatImage {
  const mean = expandBlockField(smoothBlockField(stats.mean, grid, smoothingSigmaBlocks), grid, image.width, image.height);
  const contrast = expandBlockField(smoothBlockField(stats.contrast, grid, smoothingSigmaBlocks), grid, image.width, image.height);
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (image.data[i]! - mean[i]!) / Math.max(contrast[i]!, 1);
  return { width: image.width, height: image.height, data };
}
