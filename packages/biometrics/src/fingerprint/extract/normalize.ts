import { forEachInterpolatedBand, smoothBlockFields, verticalWeight, type BlockGrid, type FloatImage } from './grid.js';
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
  // Each block's sums take its pixels in row-major order; one add waits on the one before, so two
  // blocks are summed side by side (same adds per block, same order).
  const pairedEnd = Math.floor(width / size) & ~1;
  for (let y = 0; y < height; y++) {
    const rowBase = Math.floor(y / size) * columns;
    const row = y * width;
    let c = 0;
    for (; c < pairedEnd; c += 2) {
      const a = rowBase + c;
      let sa = sum[a]!;
      let qa = sumSquares[a]!;
      let sb = sum[a + 1]!;
      let qb = sumSquares[a + 1]!;
      for (let i = row + c * size, end = i + size; i < end; i++) {
        const va = data[i]!;
        const vb = data[i + size]!;
        sa += va;
        qa += va * va;
        sb += vb;
        qb += vb * vb;
      }
      sum[a] = sa;
      sumSquares[a] = qa;
      sum[a + 1] = sb;
      sumSquares[a + 1] = qb;
      count[a]! += size;
      count[a + 1]! += size;
    }
    for (; c < columns; c++) {
      const from = c * size;
      const to = Math.min(width, from + size);
      const b = rowBase + c;
      let s = sum[b]!;
      let q = sumSquares[b]!;
      for (let i = row + from, end = row + to; i < end; i++) {
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
  // mean and contrast interpolated per pixel as expandBlockField does (float32), without the two
  // full-size buffers; four pixel rows of a band at a time
  forEachInterpolatedBand([smoothMean, smoothContrast], grid, width, height, (from, to, [meanTop, contrastTop], [meanBottom, contrastBottom]) => {
    let y = from;
    for (; y + 3 < to; y += 4) normalizeRowQuad(image.data, data, y * width, width, verticalWeight(grid, y), verticalWeight(grid, y + 1), verticalWeight(grid, y + 2), verticalWeight(grid, y + 3), meanTop!, contrastTop!, meanBottom!, contrastBottom!);
    for (; y < to; y++) normalizeRow(image.data, data, y * width, width, verticalWeight(grid, y), meanTop!, contrastTop!, meanBottom!, contrastBottom!);
  });
  return { width: image.width, height: image.height, data };
}

/** One pixel row: mean and contrast interpolated (float32) between the block rows, then applied. */
function normalizeRow(source: Float32Array, out: Float32Array, row: number, width: number, ay: number, meanTop: Float64Array, contrastTop: Float64Array, meanBottom: Float64Array, contrastBottom: Float64Array): void {
  const by = 1 - ay;
  for (let x = 0; x < width; x++) {
    const mean = Math.fround(meanTop[x]! * by + meanBottom[x]! * ay);
    const contrast = Math.fround(contrastTop[x]! * by + contrastBottom[x]! * ay);
    out[row + x] = (source[row + x]! - mean) / Math.max(contrast, 1);
  }
}

/**
 * normalizeRow of four consecutive rows (weights ay0 … ay3) between the same block rows: each
 * read of the block-row interpolations serves four pixels.
 */
function normalizeRowQuad(source: Float32Array, out: Float32Array, row: number, width: number, ay0: number, ay1: number, ay2: number, ay3: number, meanTop: Float64Array, contrastTop: Float64Array, meanBottom: Float64Array, contrastBottom: Float64Array): void {
  const by0 = 1 - ay0;
  const by1 = 1 - ay1;
  const by2 = 1 - ay2;
  const by3 = 1 - ay3;
  const row1 = row + width;
  const row2 = row1 + width;
  const row3 = row2 + width;
  for (let x = 0; x < width; x++) {
    const mt = meanTop[x]!;
    const mb = meanBottom[x]!;
    const ct = contrastTop[x]!;
    const cb = contrastBottom[x]!;
    out[row + x] = (source[row + x]! - Math.fround(mt * by0 + mb * ay0)) / Math.max(Math.fround(ct * by0 + cb * ay0), 1);
    out[row1 + x] = (source[row1 + x]! - Math.fround(mt * by1 + mb * ay1)) / Math.max(Math.fround(ct * by1 + cb * ay1), 1);
    out[row2 + x] = (source[row2 + x]! - Math.fround(mt * by2 + mb * ay2)) / Math.max(Math.fround(ct * by2 + cb * ay2), 1);
    out[row3 + x] = (source[row3 + x]! - Math.fround(mt * by3 + mb * ay3)) / Math.max(Math.fround(ct * by3 + cb * ay3), 1);
  }
}
