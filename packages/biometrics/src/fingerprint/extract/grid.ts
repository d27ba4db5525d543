/** Small shared primitives: the pixel images and the block grid every stage works on. */
import { CONVOLVE_GROUP, CONVOLVE_TAP_BYTES, earlyKernels, type EarlyKernels } from './early-kernels.js';

/** An 8-bit grey image as the caller gives it: row-major, one byte per pixel, 0 = black. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Scanner resolution in pixels per inch. */
  ppi: number;
}

/** A real-valued image (row-major) used between stages. */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** A binary image (row-major), 1 = set. */
export interface BinaryImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rectangle of pixels: columns [left, left + width), rows [top, top + height). */
export interface PixelWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The coarse grid of square blocks that block-level fields are sampled on. */
export interface BlockGrid {
  /** Block side in pixels. */
  size: number;
  columns: number;
  rows: number;
}

export function blockGridFor(width: number, height: number, size: number): BlockGrid {
  return { size, columns: Math.ceil(width / size), rows: Math.ceil(height / size) };
}

/** Separable Gaussian smoothing of a block field, restricted to `mask` when given (renormalised weights). */
export function smoothBlockField(field: Float32Array, grid: BlockGrid, sigma: number, mask?: Uint8Array): Float32Array {
  return smoothBlockFields([field], grid, sigma, mask)[0]!;
}

/** smoothBlockField of several fields over the same grid and mask: the weights are smoothed once. */
export function smoothBlockFields(fields: Float32Array[], grid: BlockGrid, sigma: number, mask?: Uint8Array): Float32Array[] {
  const { columns, rows } = grid;
  const n = columns * rows;
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  for (let k = -radius; k <= radius; k++) kernel[k + radius] = Math.exp((-k * k) / (2 * sigma * sigma));
  const weight = mask ? new Float32Array(mask) : undefined;
  const kernels = earlyKernels(grid.size);
  if (kernels !== null) {
    const smooth = kernelSmoothing(kernels, columns, rows, kernel, radius);
    const w = weight ? smooth(weight) : unmaskedWeights(columns, rows, sigma, kernel, radius);
    return fields.map((field) => {
      const out = smooth(field, weight);
      for (let i = 0; i < n; i++) out[i] = w[i]! > 1e-6 ? out[i]! / w[i]! : field[i]!;
      return out;
    });
  }
  const scratch = new Float32Array(n);
  const w = weight ? smoothedWeights(weight, scratch, columns, rows, kernel, radius) : unmaskedWeights(columns, rows, sigma, kernel, radius);
  return fields.map((field) => {
    // each value weighted as it is read (without a mask every weight is 1, and 1 · field is the field)
    smoothRows(field, scratch, columns, rows, kernel, radius, weight);
    const out = new Float32Array(n);
    smoothColumns(scratch, out, columns, rows, kernel, radius);
    // the smoothed values are float32 (as stored before the division)
    for (let i = 0; i < n; i++) out[i] = w[i]! > 1e-6 ? out[i]! / w[i]! : field[i]!;
    return out;
  });
}

/**
 * smoothRows then smoothColumns (without the division) in the WebAssembly kernel, eight blocks side
 * by side (the same sums, see early-kernels.ts). Both passes read zeros around the grid instead of
 * skipping taps: as in smoothRows, a sum starts at +0, never becomes −0, and adding w · 0 = +0
 * leaves it unchanged. The rows are laid out with `radius` zeros on either side, the row pass
 * writes between `radius` zero rows above and below, and the column pass reads from there.
 */
function kernelSmoothing(kernels: EarlyKernels, columns: number, rows: number, kernel: Float32Array, radius: number): (values: Float32Array, factor?: Float32Array) => Float32Array {
  const taps = kernel.length;
  const n = columns * rows;
  const paddedColumns = columns + 2 * radius;
  // a pass's last group may read and write up to CONVOLVE_GROUP − 1 floats past its area
  const slack = CONVOLVE_GROUP;
  const tapsBytes = 2 * taps * CONVOLVE_TAP_BYTES;
  const rowsAt = tapsBytes;
  const columnsAt = rowsAt + (rows * paddedColumns + slack) * 4;
  const outAt = columnsAt + ((rows + 2 * radius) * columns + slack) * 4;
  kernels.reserve(outAt + (n + slack) * 4);
  const memory = kernels.buffer();
  const tapRecords = new DataView(memory, 0, tapsBytes);
  for (let k = 0; k < taps; k++) {
    tapRecords.setFloat64(k * CONVOLVE_TAP_BYTES, kernel[k]!, true);
    tapRecords.setInt32(k * CONVOLVE_TAP_BYTES + 8, 4 * k, true);
    tapRecords.setFloat64((taps + k) * CONVOLVE_TAP_BYTES, kernel[k]!, true);
    tapRecords.setInt32((taps + k) * CONVOLVE_TAP_BYTES + 8, 4 * columns * (k - radius), true);
  }
  new Float32Array(memory, rowsAt, (outAt - rowsAt) / 4).fill(0);
  const paddedRows = new Float32Array(memory, rowsAt, rows * paddedColumns);
  const belowRows = new Float32Array(memory, columnsAt + (radius + rows) * columns * 4, slack);
  const result = new Float32Array(memory, outAt, n);
  const rowGroups = Math.ceil(columns / CONVOLVE_GROUP);
  const groups = Math.ceil(n / CONVOLVE_GROUP);
  return (values, factor) => {
    for (let r = 0; r < rows; r++) {
      const at = r * columns;
      const to = r * paddedColumns + radius;
      // weighted as smoothRows does (the product rounded to float32 as it is stored)
      if (factor) for (let c = 0; c < columns; c++) paddedRows[to + c] = factor[at + c]! * values[at + c]!;
      else paddedRows.set(values.subarray(at, at + columns), to);
    }
    for (let r = 0; r < rows; r++) kernels.convolve(rowsAt + r * paddedColumns * 4, columnsAt + (radius + r) * columns * 4, rowGroups, 0, taps * CONVOLVE_TAP_BYTES);
    // the last row's group may have run into the zeros below
    belowRows.fill(0);
    kernels.convolve(columnsAt + radius * columns * 4, outAt, groups, taps * CONVOLVE_TAP_BYTES, tapsBytes);
    return result.slice();
  };
}

function smoothedWeights(weight: Float32Array, scratch: Float32Array, columns: number, rows: number, kernel: Float32Array, radius: number): Float32Array {
  const w = new Float32Array(weight.length);
  smoothRows(weight, scratch, columns, rows, kernel, radius);
  smoothColumns(scratch, w, columns, rows, kernel, radius);
  return w;
}

// The smoothed weights without a mask depend on the grid and sigma only: the last few are kept
// (read only) instead of smoothing a field of ones on every call.
const unmaskedWeightCache = new Map<string, Float32Array>();
const unmaskedWeightCacheSize = 8;

function unmaskedWeights(columns: number, rows: number, sigma: number, kernel: Float32Array, radius: number): Float32Array {
  const key = `${columns}×${rows}:${sigma}`;
  let w = unmaskedWeightCache.get(key);
  if (!w) {
    const n = columns * rows;
    w = smoothedWeights(new Float32Array(n).fill(1), new Float32Array(n), columns, rows, kernel, radius);
    if (unmaskedWeightCache.size >= unmaskedWeightCacheSize) unmaskedWeightCache.delete(unmaskedWeightCache.keys().next().value!);
    unmaskedWeightCache.set(key, w);
  }
  return w;
}

// Taps outside the grid are skipped (the mask weights renormalise). Along a row that is the same
// as reading zeros there: a sum starts at +0, never becomes −0, and adding w · 0 = +0 leaves it
// unchanged, so each row is copied between `radius` zeros and every block takes all taps, in the
// same order. Four blocks are summed side by side, so their adds do not wait on one another.
function smoothRows(src: Float32Array, out: Float32Array, columns: number, rows: number, kernel: Float32Array, radius: number, weight?: Float32Array): void {
  const padded = new Float32Array(columns + 2 * radius);
  const taps = kernel.length;
  for (let r = 0; r < rows; r++) {
    const at = r * columns;
    if (weight) for (let c = 0; c < columns; c++) padded[radius + c] = weight[at + c]! * src[at + c]!;
    else for (let c = 0; c < columns; c++) padded[radius + c] = src[at + c]!;
    let c = 0;
    for (; c + 3 < columns; c += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < taps; k++) {
        const w = kernel[k]!;
        s0 += w * padded[c + k]!;
        s1 += w * padded[c + k + 1]!;
        s2 += w * padded[c + k + 2]!;
        s3 += w * padded[c + k + 3]!;
      }
      out[at + c] = s0;
      out[at + c + 1] = s1;
      out[at + c + 2] = s2;
      out[at + c + 3] = s3;
    }
    for (; c < columns; c++) {
      let s = 0;
      for (let k = 0; k < taps; k++) s += kernel[k]! * padded[c + k]!;
      out[at + c] = s;
    }
  }
}

function smoothColumns(src: Float32Array, out: Float32Array, columns: number, rows: number, kernel: Float32Array, radius: number): void {
  for (let r = 0; r < rows; r++) {
    const first = Math.max(-radius, -r);
    const last = Math.min(radius, rows - 1 - r);
    let c = 0;
    for (; c + 3 < columns; c += 4) {
      const at = r * columns + c;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = first; k <= last; k++) {
        const w = kernel[k + radius]!;
        const tap = at + k * columns;
        s0 += w * src[tap]!;
        s1 += w * src[tap + 1]!;
        s2 += w * src[tap + 2]!;
        s3 += w * src[tap + 3]!;
      }
      out[at] = s0;
      out[at + 1] = s1;
      out[at + 2] = s2;
      out[at + 3] = s3;
    }
    for (; c < columns; c++) {
      const at = r * columns + c;
      let s = 0;
      for (let k = first; k <= last; k++) s += kernel[k + radius]! * src[at + k * columns]!;
      out[at] = s;
    }
  }
}

/** Bilinear sample of a block field at pixel (x, y); block values sit at block centres. */
export function sampleBlockField(field: Float32Array, grid: BlockGrid, x: number, y: number): number {
  const fx = Math.min(Math.max((x + 0.5) / grid.size - 0.5, 0), grid.columns - 1);
  const fy = Math.min(Math.max((y + 0.5) / grid.size - 0.5, 0), grid.rows - 1);
  const c0 = Math.floor(fx);
  const r0 = Math.floor(fy);
  const c1 = Math.min(c0 + 1, grid.columns - 1);
  const r1 = Math.min(r0 + 1, grid.rows - 1);
  const ax = fx - c0;
  const ay = fy - r0;
  const cols = grid.columns;
  const top = field[r0 * cols + c0]! * (1 - ax) + field[r0 * cols + c1]! * ax;
  const bottom = field[r1 * cols + c0]! * (1 - ax) + field[r1 * cols + c1]! * ax;
  return top * (1 - ay) + bottom * ay;
}

/**
 * Expands a block field to one value per pixel by bilinear interpolation between block centres.
 * Interpolation weights are computed once per row and per column; no allocation per pixel.
 */
export function expandBlockField(field: Float32Array, grid: BlockGrid, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  forEachInterpolatedRow([field], grid, width, height, (y, ay, [topRow], [bottomRow]) => {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = topRow![x]! * (1 - ay) + bottomRow![x]! * ay;
  });
  return out;
}

/**
 * The bilinear interpolation of block fields, walked one pixel row at a time: `visit` gets the row's
 * vertical weight `ay` and, per field, the horizontal interpolations (float64) of the two block rows
 * around it; the pixel value is the float32 of top[x]·(1 − ay) + bottom[x]·ay.
 */
export function forEachInterpolatedRow(
  fields: Float32Array[],
  grid: BlockGrid,
  width: number,
  height: number,
  visit: (y: number, ay: number, top: Float64Array[], bottom: Float64Array[]) => void,
): void {
  forEachInterpolatedBand(fields, grid, width, height, (from, to, top, bottom) => {
    for (let y = from; y < to; y++) visit(y, verticalWeight(grid, y), top, bottom);
  });
}

/** The vertical interpolation weight `ay` of pixel row y (towards the lower block row). */
export function verticalWeight(grid: BlockGrid, y: number): number {
  const fy = Math.min(Math.max((y + 0.5) / grid.size - 0.5, 0), grid.rows - 1);
  return fy - Math.floor(fy);
}

/**
 * forEachInterpolatedRow by bands: `visit` gets the pixel rows [from, to) that lie between the
 * same two block rows, with their horizontal interpolations; each row's weight is verticalWeight.
 * The interpolations are written to `rowStorage` when given (two arrays of `width` per field).
 * With a `window`, only its rows are visited and only its columns interpolated (each value is the
 * same as without: it depends on its own x and block row only).
 */
export function forEachInterpolatedBand(
  fields: Float32Array[],
  grid: BlockGrid,
  width: number,
  height: number,
  visit: (from: number, to: number, top: Float64Array[], bottom: Float64Array[]) => void,
  rowStorage?: { top: Float64Array[]; bottom: Float64Array[] },
  window: PixelWindow = { left: 0, top: 0, width, height },
): void {
  // Pixel columns between the same two block centres form a run (the left block c0 grows with x);
  // within a run the two block values are read once. The weights are float64 copies of the
  // float32 ax and of 1 − ax as the interpolation computes it: the same products.
  const runs = new Int32Array(grid.columns + 1);
  const runEnds = new Int32Array(grid.columns + 1);
  const ax = new Float64Array(width);
  const oneMinusAx = new Float64Array(width);
  const firstX = window.left;
  const endX = window.left + window.width;
  const endY = window.top + window.height;
  let runCount = 0;
  for (let x = firstX; x < endX; x++) {
    const fx = Math.min(Math.max((x + 0.5) / grid.size - 0.5, 0), grid.columns - 1);
    const c0 = Math.floor(fx);
    if (runCount === 0 || runs[runCount - 1] !== c0) runs[runCount++] = c0;
    runEnds[runCount - 1] = x + 1;
    const a = Math.fround(fx - c0);
    ax[x] = a;
    oneMinusAx[x] = 1 - a;
  }
  const lastColumn = grid.columns - 1;
  const interpolateRow = (field: Float32Array, rowStart: number, out: Float64Array): void => {
    let x = firstX;
    for (let run = 0; run < runCount; run++) {
      const c0 = runs[run]!;
      const left = field[rowStart + c0]!;
      const right = field[rowStart + Math.min(c0 + 1, lastColumn)]!;
      for (const end = runEnds[run]!; x < end; x++) out[x] = left * oneMinusAx[x]! + right * ax[x]!;
    }
  };
  const cols = grid.columns;
  const topBlockRow = (y: number) => Math.floor(Math.min(Math.max((y + 0.5) / grid.size - 0.5, 0), grid.rows - 1));
  // The horizontal interpolation of a pair of block rows is shared by every pixel row between
  // their centres: computed once per pair (as float64, exactly what the per-pixel form computed).
  // Moving down one block row, the old bottom row is the new top row: kept, not recomputed.
  const topRows = rowStorage ? rowStorage.top.slice() : fields.map(() => new Float64Array(width));
  const bottomRows = rowStorage ? rowStorage.bottom.slice() : fields.map(() => new Float64Array(width));
  let pairBottom = -1;
  for (let from = window.top; from < endY; ) {
    const r0 = topBlockRow(from);
    const r1 = Math.min(r0 + 1, grid.rows - 1);
    let to = from + 1;
    while (to < endY && topBlockRow(to) === r0) to++;
    const keepBottom = r0 === pairBottom;
    pairBottom = r1;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      if (keepBottom) {
        const kept = bottomRows[f]!;
        bottomRows[f] = topRows[f]!;
        topRows[f] = kept;
      } else interpolateRow(field, r0 * cols, topRows[f]!);
      interpolateRow(field, r1 * cols, bottomRows[f]!);
    }
    visit(from, to, topRows, bottomRows);
    from = to;
  }
}
