/** Small shared primitives: the pixel images and the block grid every stage works on. */

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
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) weight[i] = mask ? mask[i]! : 1;
  const scratch = new Float32Array(n);
  const w = new Float32Array(n);
  smoothRows(weight, scratch, columns, rows, kernel, radius);
  smoothColumns(scratch, w, columns, rows, kernel, radius);
  const value = new Float32Array(n);
  const v = new Float32Array(n);
  return fields.map((field) => {
    for (let i = 0; i < n; i++) value[i] = weight[i]! * field[i]!;
    smoothRows(value, scratch, columns, rows, kernel, radius);
    smoothColumns(scratch, v, columns, rows, kernel, radius);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = w[i]! > 1e-6 ? v[i]! / w[i]! : field[i]!;
    return out;
  });
}

// Taps outside the grid are skipped (the mask weights renormalise); the tap range is clamped once
// per block instead of tested per tap, summing in the same order. Four blocks with the same tap
// range are summed side by side, so their adds do not wait on one another.
function smoothRows(src: Float32Array, out: Float32Array, columns: number, rows: number, kernel: Float32Array, radius: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const at = r * columns + c;
      if (c >= radius && c + 3 + radius <= columns - 1) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = -radius; k <= radius; k++) {
          const w = kernel[k + radius]!;
          s0 += w * src[at + k]!;
          s1 += w * src[at + k + 1]!;
          s2 += w * src[at + k + 2]!;
          s3 += w * src[at + k + 3]!;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
        c += 3;
        continue;
      }
      let s = 0;
      const last = Math.min(radius, columns - 1 - c);
      for (let k = Math.max(-radius, -c); k <= last; k++) s += kernel[k + radius]! * src[at + k]!;
      out[at] = s;
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
  const c0 = new Int32Array(width);
  const c1 = new Int32Array(width);
  const ax = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(Math.max((x + 0.5) / grid.size - 0.5, 0), grid.columns - 1);
    c0[x] = Math.floor(fx);
    c1[x] = Math.min(c0[x]! + 1, grid.columns - 1);
    ax[x] = fx - c0[x]!;
  }
  const cols = grid.columns;
  // The horizontal interpolation of a pair of block rows is shared by every pixel row between
  // their centres: computed once per pair (as float64, exactly what the per-pixel form computed).
  const topRows = fields.map(() => new Float64Array(width));
  const bottomRows = fields.map(() => new Float64Array(width));
  let pairTop = -1;
  let pairBottom = -1;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) / grid.size - 0.5, 0), grid.rows - 1);
    const r0 = Math.floor(fy);
    const r1 = Math.min(r0 + 1, grid.rows - 1);
    const ay = fy - r0;
    if (r0 !== pairTop || r1 !== pairBottom) {
      pairTop = r0;
      pairBottom = r1;
      const top = r0 * cols;
      const bottom = r1 * cols;
      fields.forEach((field, f) => {
        const topRow = topRows[f]!;
        const bottomRow = bottomRows[f]!;
        for (let x = 0; x < width; x++) {
          const a = ax[x]!;
          const left = c0[x]!;
          const right = c1[x]!;
          topRow[x] = field[top + left]! * (1 - a) + field[top + right]! * a;
          bottomRow[x] = field[bottom + left]! * (1 - a) + field[bottom + right]! * a;
        }
      });
    }
    visit(y, ay, topRows, bottomRows);
  }
}
