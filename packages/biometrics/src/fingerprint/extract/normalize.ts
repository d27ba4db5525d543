import { forEachInterpolatedRow, smoothBlockFields, type BlockGrid, type FloatImage } from './grid.js';
import { scratchFloat32 } from './scratch.js';

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
  const { size, columns } = grid;
  for (let y = 0; y < height; y++) {
    const rowBase = Math.floor(y / size) * columns;
    // one block's stretch of the row at a time, its sums held in locals (same order of adds)
    for (let c = 0; c < columns; c++) {
      const from = c * size;
      const to = Math.min(width, from + size);
      const b = rowBase + c;
      let s = sum[b]!;
      let q = sumSquares[b]!;
      for (let i = y * width + from, end = y * width + to; i < end; i++) {
        const v = data[i]!;
        s += v;
        q += v * v;
      }
      sum[b] = s;
      sumSquares[b] = q;
      count[b]! += to - from;
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
  const [smoothMean, smoothContrast] = smoothBlockFields([stats.mean, stats.contrast], grid, smoothingSigmaBlocks) as [Float32Array, Float32Array];
  const { width, height } = image;
  const data = scratchFloat32('normalize.normalized', image.data.length);
  // mean and contrast interpolated per pixel as expandBlockField does (float32), without the two full-size buffers
  forEachInterpolatedRow([smoothMean, smoothContrast], grid, width, height, (y, ay, [meanTop, contrastTop], [meanBottom, contrastBottom]) => {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const mean = Math.fround(meanTop![x]! * (1 - ay) + meanBottom![x]! * ay);
      const contrast = Math.fround(contrastTop![x]! * (1 - ay) + contrastBottom![x]! * ay);
      data[row + x] = (image.data[row + x]! - mean) / Math.max(contrast, 1);
    }
  });
  return { width: image.width, height: image.height, data };
}
