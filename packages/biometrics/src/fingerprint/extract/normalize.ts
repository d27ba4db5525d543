import { forEachInterpolatedBand, smoothBlockFields, verticalWeight, type BlockGrid, type FloatImage, type PixelWindow } from './grid.js';
import { earlyKernels, STATISTICS_GROUP_BYTES, TENSOR_GROUP_BLOCKS, uploadImage, type EarlyKernels } from './early-kernels.js';
import { scratchFloat32 } from './scratch.js';

/** Per-block grey statistics, also used by segmentation. */
export interface BlockStatistics {
  mean: Float32Array;
  /** Standard deviation of grey levels in the block (its contrast). */
  contrast: Float32Array;
}

/**
 * Where there are kernels, the image is left at the start of their memory (for blockGradientTensors,
 * see its imageInKernels).
 */
export function blockStatistics(image: FloatImage, grid: BlockGrid): BlockStatistics {
  const n = grid.columns * grid.rows;
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  const count = new Float64Array(n);
  const kernels = earlyKernels(grid.size);
  if (kernels !== null) uploadImage(kernels, image.data);
  const firstColumn = kernels === null ? 0 : addKernelBlockSums(kernels, image, grid, sum, sumSquares, count);
  addBlockSums(image, grid, firstColumn, sum, sumSquares, count);
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
 * The sums of whole groups of four full block columns from the left, in the WebAssembly kernel
 * (the same adds, see early-kernels.ts), from the image uploaded there; returns the first block
 * column left to do.
 */
function addKernelBlockSums(kernels: EarlyKernels, image: FloatImage, grid: BlockGrid, sum: Float64Array, sumSquares: Float64Array, count: Float64Array): number {
  const { width, height, data } = image;
  const { size, columns, rows } = grid;
  const groupBlocks = TENSOR_GROUP_BLOCKS;
  const groups = Math.floor(Math.floor(width / size) / groupBlocks);
  if (groups === 0) return 0;
  // the sums (float64) after the image, 8-byte aligned
  const outAt = Math.ceil(data.length / 2) * 8;
  kernels.reserve(outAt + groups * STATISTICS_GROUP_BYTES);
  const sums = new Float64Array(kernels.buffer(), outAt, groups * 2 * groupBlocks);
  for (let r = 0; r < rows; r++) {
    const from = r * size;
    const rowCount = Math.min(height, from + size) - from;
    kernels.statistics(from * width * 4, width * 4, rowCount, groups, outAt);
    for (let g = 0; g < groups; g++) {
      for (let k = 0; k < groupBlocks; k++) {
        const b = r * columns + g * groupBlocks + k;
        sum[b] = sums[2 * g * groupBlocks + k]!;
        sumSquares[b] = sums[(2 * g + 1) * groupBlocks + k]!;
        // what adding `size` once per pixel row gives (small integers: exact)
        count[b] = rowCount * size;
      }
    }
  }
  return groups * groupBlocks;
}

/** Adds the sums and pixel counts of the block columns from `firstColumn` (even) on, over all rows. */
function addBlockSums(image: FloatImage, grid: BlockGrid, firstColumn: number, sum: Float64Array, sumSquares: Float64Array, count: Float64Array): void {
  const { width, height, data } = image;
  const { size, columns } = grid;
  // Each block's sums take its pixels in row-major order; one add waits on the one before, so two
  // blocks are summed side by side (same adds per block, same order).
  const pairedEnd = Math.floor(width / size) & ~1;
  for (let y = 0; y < height; y++) {
    const rowBase = Math.floor(y / size) * columns;
    const row = y * width;
    let c = firstColumn;
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
}

/**
 * Local equalisation: subtracts the local mean and divides by the local contrast, both taken from
 * blocks smoothed over a few ridge periods and interpolated per pixel. Dry (faint) and wet (dark)
 * areas come out with the same amplitude, ridges negative (dark) and valleys positive.
 * With a `window`, only its pixels are computed (each the same as on the whole image: a pixel
 * depends on its own grey level and position only) and the others stay 0 (a zeroed buffer).
 */
export function normalizeLocally(image: FloatImage, grid: BlockGrid, stats: BlockStatistics, smoothingSigmaBlocks: number, window?: PixelWindow): FloatImage {
  const [smoothMean, smoothContrast] = smoothBlockFields([stats.mean, stats.contrast], grid, smoothingSigmaBlocks) as [Float32Array, Float32Array];
  const { width, height } = image;
  const area = window ?? { left: 0, top: 0, width, height };
  const data = scratchFloat32('normalize.normalized', image.data.length);
  if (area.width === 0 || area.height === 0) return { width, height, data };
  const kernels = area.width >= 2 ? earlyKernels(grid.size) : null;
  if (kernels !== null) {
    normalizeWithKernels(kernels, image, grid, smoothMean, smoothContrast, data, area);
    return { width, height, data };
  }
  // mean and contrast interpolated per pixel as expandBlockField does (float32), without the two
  // full-size buffers; four pixel rows of a band at a time
  const from = area.left;
  const to = area.left + area.width;
  forEachInterpolatedBand(
    [smoothMean, smoothContrast],
    grid,
    width,
    height,
    (first, end, [meanTop, contrastTop], [meanBottom, contrastBottom]) => {
      let y = first;
      for (; y + 3 < end; y += 4) normalizeRowQuad(image.data, data, y * width, width, from, to, verticalWeight(grid, y), verticalWeight(grid, y + 1), verticalWeight(grid, y + 2), verticalWeight(grid, y + 3), meanTop!, contrastTop!, meanBottom!, contrastBottom!);
      for (; y < end; y++) normalizeRow(image.data, data, y * width, from, to, verticalWeight(grid, y), meanTop!, contrastTop!, meanBottom!, contrastBottom!);
    },
    undefined,
    area,
  );
  return { width: image.width, height: image.height, data };
}

/**
 * normalizeLocally's rows in the WebAssembly kernel, two pixels at a time (the same operations, see
 * early-kernels.ts): the image, the result and the block rows' interpolations live in its memory,
 * each pixel at the same place as in the image. Only the window's rows are copied in, and the
 * window's pixels out; the last pixel of an odd-width window is done here.
 */
function normalizeWithKernels(kernels: EarlyKernels, image: FloatImage, grid: BlockGrid, smoothMean: Float32Array, smoothContrast: Float32Array, data: Float32Array, window: PixelWindow): void {
  const { width, height } = image;
  const pixels = width * height;
  const { left, top } = window;
  const bottom = top + window.height;
  // source, result, then the four interpolated rows (float64, 8-byte aligned)
  const outAt = pixels * 4;
  const rowsAt = 2 * pixels * 4;
  kernels.reserve(rowsAt + 4 * width * 8);
  const memory = kernels.buffer();
  new Float32Array(memory, top * width * 4, (bottom - top) * width).set(image.data.subarray(top * width, bottom * width));
  const row = (k: number): Float64Array => new Float64Array(memory, rowsAt + k * width * 8, width);
  const rowStorage = { top: [row(0), row(1)], bottom: [row(2), row(3)] };
  const pairs = window.width >> 1;
  const paired = 2 * pairs;
  const last = left + window.width - 1;
  const oddWidth = window.width % 2 === 1;
  forEachInterpolatedBand(
    [smoothMean, smoothContrast],
    grid,
    width,
    height,
    (from, to, [meanTop, contrastTop], [meanBottom, contrastBottom]) => {
      for (let y = from; y < to; y++) {
        const ay = verticalWeight(grid, y);
        const at = (y * width + left) * 4;
        kernels.normalizeRow(at, outAt + at, pairs, ay, 1 - ay, meanTop!.byteOffset + left * 8, contrastTop!.byteOffset + left * 8, meanBottom!.byteOffset + left * 8, contrastBottom!.byteOffset + left * 8);
      }
      if (oddWidth) normalizeColumn(image.data, data, last, width, from, to, grid, meanTop!, contrastTop!, meanBottom!, contrastBottom!);
    },
    rowStorage,
    window,
  );
  const out = new Float32Array(memory, outAt, pixels);
  if (paired === width) data.set(out.subarray(top * width, bottom * width), top * width);
  // the kernel's pixels copied out row by row (the last column of an odd width is already written)
  else for (let y = top; y < bottom; y++) data.set(out.subarray(y * width + left, y * width + left + paired), y * width + left);
}

/** normalizeRow at column x of rows [from, to). */
function normalizeColumn(source: Float32Array, out: Float32Array, x: number, width: number, from: number, to: number, grid: BlockGrid, meanTop: Float64Array, contrastTop: Float64Array, meanBottom: Float64Array, contrastBottom: Float64Array): void {
  for (let y = from; y < to; y++) {
    const ay = verticalWeight(grid, y);
    const by = 1 - ay;
    const mean = Math.fround(meanTop[x]! * by + meanBottom[x]! * ay);
    const contrast = Math.fround(contrastTop[x]! * by + contrastBottom[x]! * ay);
    out[y * width + x] = (source[y * width + x]! - mean) / Math.max(contrast, 1);
  }
}

/** Columns [from, to) of one pixel row: mean and contrast interpolated (float32) between the block rows, then applied. */
function normalizeRow(source: Float32Array, out: Float32Array, row: number, from: number, to: number, ay: number, meanTop: Float64Array, contrastTop: Float64Array, meanBottom: Float64Array, contrastBottom: Float64Array): void {
  const by = 1 - ay;
  for (let x = from; x < to; x++) {
    const mean = Math.fround(meanTop[x]! * by + meanBottom[x]! * ay);
    const contrast = Math.fround(contrastTop[x]! * by + contrastBottom[x]! * ay);
    out[row + x] = (source[row + x]! - mean) / Math.max(contrast, 1);
  }
}

/**
 * normalizeRow of four consecutive rows (weights ay0 … ay3) between the same block rows: each
 * read of the block-row interpolations serves four pixels.
 */
function normalizeRowQuad(source: Float32Array, out: Float32Array, row: number, width: number, from: number, to: number, ay0: number, ay1: number, ay2: number, ay3: number, meanTop: Float64Array, contrastTop: Float64Array, meanBottom: Float64Array, contrastBottom: Float64Array): void {
  const by0 = 1 - ay0;
  const by1 = 1 - ay1;
  const by2 = 1 - ay2;
  const by3 = 1 - ay3;
  const row1 = row + width;
  const row2 = row1 + width;
  const row3 = row2 + width;
  for (let x = from; x < to; x++) {
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
