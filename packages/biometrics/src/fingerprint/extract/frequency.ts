import { earlyKernels, type EarlyKernels } from './early-kernels.js';
import { smoothBlockField, type BlockGrid, type FloatImage } from './grid.js';
import type { OrientationField } from './orientation.js';
import type { ExtractionParameters } from './parameters.js';

/** Ridge period (pixels at 500 ppi) per block, and how much of it was measured rather than filled in. */
export interface RidgePeriodField {
  period: Float32Array;
  /** 1 where the block's own x-signature gave a period in the physical range. */
  measured: Uint8Array;
  /** Share of foreground blocks with a measured period (a ridge-clarity cue for quality). */
  measuredShare: number;
}

/**
 * Ridge period by the x-signature (Hong, Wan & Jain 1998): the normalised grey levels of an oriented
 * window are projected onto the line across the ridges; the distance between successive ridge
 * centres (minima of the projection) is the period. Blocks whose estimate falls outside the physical
 * range are filled from their neighbours, then the field is smoothed and clamped to that range.
 */
export function ridgePeriodField(image: FloatImage, orientation: OrientationField, mask: Uint8Array, grid: BlockGrid, p: ExtractionParameters): RidgePeriodField {
  const n = grid.columns * grid.rows;
  const raw = new Float32Array(n).fill(Number.NaN);
  const measured = new Uint8Array(n);
  const length = Math.round(p.periodWindowAcross);
  // at least 8 long: the unrolled projection reads 8 offsets whatever the window
  const alongLength = Math.max(8, Math.ceil(p.periodWindowAlong / 2) + 1);
  const kernels = length >= 1 ? earlyKernels(grid.size) : null;
  const { signature, alongX, alongY, projectInside } = kernels ? kernelProjection(kernels, image, rowsRead(mask, grid, image.height, length, p.periodWindowAlong / 2), length, alongLength) : { signature: new Float32Array(length), alongX: new Float64Array(alongLength), alongY: new Float64Array(alongLength), projectInside: undefined };
  const smoothed = new Float32Array(length);
  let foreground = 0;
  let measuredCount = 0;
  for (let b = 0; b < n; b++) {
    if (!mask[b]) continue;
    foreground++;
    const r = Math.floor(b / grid.columns);
    const c = b - r * grid.columns;
    const cx = (c + 0.5) * grid.size;
    const cy = (r + 0.5) * grid.size;
    const period = xSignaturePeriod(image, cx, cy, orientation.angle[b]!, signature, smoothed, alongX, alongY, p, projectInside);
    if (period > 0) {
      raw[b] = period;
      measured[b] = 1;
      measuredCount++;
    }
  }
  fillUnmeasured(raw, grid, p.defaultRidgePeriod);
  const smooth = smoothBlockField(raw, grid, p.periodSmoothingSigmaBlocks, mask);
  for (let b = 0; b < n; b++) smooth[b] = Math.min(p.maxRidgePeriod, Math.max(p.minRidgePeriod, smooth[b]!));
  return { period: smooth, measured, measuredShare: foreground > 0 ? measuredCount / foreground : 0 };
}

/**
 * The pixel rows [from, to) that the projections of the `mask` blocks' windows may read: a sample
 * lies at most (length − 1)/2 across and halfAlong along the ridges from its block's centre, and
 * rounding moves it by at most ½ more.
 */
function rowsRead(mask: Uint8Array, grid: BlockGrid, height: number, length: number, halfAlong: number): { from: number; to: number } {
  const first = mask.indexOf(1);
  if (first < 0) return { from: 0, to: 0 };
  const firstRow = Math.floor(first / grid.columns);
  const lastRow = Math.floor(mask.lastIndexOf(1) / grid.columns);
  const reach = Math.ceil(Math.max(0, (length - 1) / 2) + halfAlong) + 1;
  return { from: Math.max(0, Math.floor((firstRow + 0.5) * grid.size) - reach), to: Math.min(height, Math.ceil((lastRow + 0.5) * grid.size) + reach + 1) };
}

/** projectInsideEight(cx, cy, nx, ny) into `signature` from the offsets in `alongX` and `alongY`. */
type InsideProjection = (cx: number, cy: number, nx: number, ny: number) => void;

/**
 * The buffers of the projection in the WebAssembly kernel's memory, with the image's rows `rows`
 * (those the projections read, each pixel at its place in the image) copied there and the kernel
 * (the same sums, see early-kernels.ts) for the windows inside the image: the offsets along the
 * ridge, the positions across (an odd count's last repeated, so the kernel's extra lane reads a
 * valid pixel) and the signature (with room for that lane's value).
 */
function kernelProjection(kernels: EarlyKernels, image: FloatImage, rows: { from: number; to: number }, length: number, alongLength: number): { signature: Float32Array; alongX: Float64Array; alongY: Float64Array; projectInside: InsideProjection } {
  const pairs = Math.ceil(length / 2);
  const alongXAt = Math.ceil(image.data.length / 2) * 8;
  const alongYAt = alongXAt + alongLength * 8;
  const acrossAt = alongYAt + alongLength * 8;
  const signatureAt = acrossAt + 2 * pairs * 8;
  kernels.reserve(signatureAt + 2 * pairs * 4);
  const memory = kernels.buffer();
  const width = image.width;
  new Float32Array(memory, rows.from * width * 4, (rows.to - rows.from) * width).set(image.data.subarray(rows.from * width, rows.to * width));
  const across = new Float64Array(memory, acrossAt, 2 * pairs);
  for (let k = 0; k < 2 * pairs; k++) across[k] = Math.min(k, length - 1) - (length - 1) / 2;
  return {
    signature: new Float32Array(memory, signatureAt, length),
    alongX: new Float64Array(memory, alongXAt, alongLength),
    alongY: new Float64Array(memory, alongYAt, alongLength),
    projectInside: (cx, cy, nx, ny) => kernels.project(cx, cy, nx, ny, pairs, alongXAt, alongYAt, acrossAt, signatureAt, width),
  };
}

/** Period of one oriented window, or 0 when no plausible periodic pattern is seen. */
function xSignaturePeriod(
  image: FloatImage,
  cx: number,
  cy: number,
  ridgeAngle: number,
  signature: Float32Array,
  smoothed: Float32Array,
  alongX: Float64Array,
  alongY: Float64Array,
  p: ExtractionParameters,
  projectInside?: InsideProjection,
): number {
  const { width, height, data } = image;
  const tx = Math.cos(ridgeAngle);
  const ty = Math.sin(ridgeAngle);
  const nx = -ty;
  const ny = tx;
  const length = signature.length;
  // the sample offsets along the ridge (every other pixel: the projection averages them anyway)
  const halfAlong = p.periodWindowAlong / 2;
  let samples = 0;
  for (let w = -halfAlong; w < halfAlong; w += 2) {
    alongX[samples] = w * tx;
    alongY[samples] = w * ty;
    samples++;
  }
  // How far a sample strays from its line's base point; a line whose samples all stay a pixel
  // inside the image (rounding moves a sample by at most ½ px) needs no per-sample test.
  const spreadX = halfAlong * Math.abs(tx) + 1;
  const spreadY = halfAlong * Math.abs(ty) + 1;
  const lastX = width - 1;
  const lastY = height - 1;
  // the whole window so (the usual case): one test, then an unrolled projection
  const reachX = ((length - 1) / 2) * Math.abs(nx) + halfAlong * Math.abs(tx) + 1;
  const reachY = ((length - 1) / 2) * Math.abs(ny) + halfAlong * Math.abs(ty) + 1;
  const inside = cx - reachX >= 0 && cy - reachY >= 0 && cx + reachX <= lastX && cy + reachY <= lastY;
  if (inside && samples === 8) {
    if (projectInside) projectInside(cx, cy, nx, ny);
    else projectInsideEight(data, width, cx, cy, nx, ny, alongX, alongY, signature);
  }
  else {
    for (let k = 0; k < length; k++) {
      const across = k - (length - 1) / 2;
      const baseX = cx + across * nx;
      const baseY = cy + across * ny;
      let sum = 0;
      let count = 0;
      if (baseX - spreadX >= 0 && baseY - spreadY >= 0 && baseX + spreadX <= lastX && baseY + spreadY <= lastY) {
        // every coordinate v of this line is ≥ ½, where roundCoordinate(v) is (v + ½) | 0: that
        // expression directly, and no sample is skipped
        for (let j = 0; j < samples; j++) sum += data[((baseY + alongY[j]! + 0.5) | 0) * width + ((baseX + alongX[j]! + 0.5) | 0)]!;
        count = samples;
      } else {
        for (let j = 0; j < samples; j++) {
          const x = roundCoordinate(baseX + alongX[j]!);
          const y = roundCoordinate(baseY + alongY[j]!);
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          sum += data[y * width + x]!;
          count++;
        }
      }
      signature[k] = count > 0 ? sum / count : Number.NaN;
    }
  }
  return signaturePeriod(signature, smoothed, p);
}

/**
 * The period of a projection: the distance between its first and last minima over the minima
 * counted, after a [1 2 1] smoothing; 0 when flat, not periodic or outside the physical range.
 */
function signaturePeriod(signature: Float32Array, smoothed: Float32Array, p: ExtractionParameters): number {
  const length = signature.length;
  const end = length - 1;
  // One pass: the smoothing at k (its float32 value, as stored) completes the neighbourhood of
  // k − 1, which is then tested for a minimum. Ridge centres are the minima (ridges are dark after
  // normalisation); valleys the maxima.
  let first = -1;
  let last = -1;
  let count = 0;
  let left = signature[0]!;
  let centre = left;
  let before = 0;
  let current = 0;
  for (let k = 0; k < length; k++) {
    const right = signature[k < end ? k + 1 : end]!;
    const value = Math.fround((left + 2 * centre + right) / 4);
    if (Number.isNaN(value)) return 0;
    smoothed[k] = value;
    if (k >= 2 && current < before && current <= value) {
      if (first < 0) first = k - 1;
      last = k - 1;
      count++;
    }
    before = current;
    current = value;
    left = centre;
    centre = right;
  }
  if (count < 2) return 0;
  const period = (last - first) / (count - 1);
  if (!(period >= p.minRidgePeriod && period <= p.maxRidgePeriod)) return 0;
  // A flat signature (smooth shading, blank area) is not a ridge pattern: flat when the range
  // hi − lo of the inner values is below ½. The running range only grows, so the scan stops as
  // soon as it is not below ½ (usually within half a period).
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 1; k < length - 1; k++) {
    const value = smoothed[k]!;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
    if (!(hi - lo < 0.5)) return period;
  }
  return 0;
}

/**
 * The projection of a window wholly inside the image with the default 8 samples along the ridge
 * (the usual case): the same sums as the general loop, unrolled, the offsets held in locals.
 */
function projectInsideEight(data: Float32Array, width: number, cx: number, cy: number, nx: number, ny: number, alongX: Float64Array, alongY: Float64Array, signature: Float32Array): void {
  const ax0 = alongX[0]!, ax1 = alongX[1]!, ax2 = alongX[2]!, ax3 = alongX[3]!, ax4 = alongX[4]!, ax5 = alongX[5]!, ax6 = alongX[6]!, ax7 = alongX[7]!;
  const ay0 = alongY[0]!, ay1 = alongY[1]!, ay2 = alongY[2]!, ay3 = alongY[3]!, ay4 = alongY[4]!, ay5 = alongY[5]!, ay6 = alongY[6]!, ay7 = alongY[7]!;
  const length = signature.length;
  for (let k = 0; k < length; k++) {
    const across = k - (length - 1) / 2;
    const baseX = cx + across * nx;
    const baseY = cy + across * ny;
    let sum = 0;
    sum += data[((baseY + ay0 + 0.5) | 0) * width + ((baseX + ax0 + 0.5) | 0)]!;
    sum += data[((baseY + ay1 + 0.5) | 0) * width + ((baseX + ax1 + 0.5) | 0)]!;
    sum += data[((baseY + ay2 + 0.5) | 0) * width + ((baseX + ax2 + 0.5) | 0)]!;
    sum += data[((baseY + ay3 + 0.5) | 0) * width + ((baseX + ax3 + 0.5) | 0)]!;
    sum += data[((baseY + ay4 + 0.5) | 0) * width + ((baseX + ax4 + 0.5) | 0)]!;
    sum += data[((baseY + ay5 + 0.5) | 0) * width + ((baseX + ax5 + 0.5) | 0)]!;
    sum += data[((baseY + ay6 + 0.5) | 0) * width + ((baseX + ax6 + 0.5) | 0)]!;
    sum += data[((baseY + ay7 + 0.5) | 0) * width + ((baseX + ax7 + 0.5) | 0)]!;
    signature[k] = sum / 8;
  }
}

/**
 * Math.round(v) wherever the result is a pixel coordinate (≥ 0), and some negative number where it
 * is not: truncating v + ½ is Math.round for v ≥ ½ (see the inside case above); [−½, ½) rounds to 0.
 */
function roundCoordinate(v: number): number {
  if (v >= 0.5) return (v + 0.5) | 0;
  return v >= -0.5 ? 0 : -1;
}

/** Fills NaN foreground blocks with the mean of measured neighbours, growing inwards; the rest get `fallback`. */
function fillUnmeasured(field: Float32Array, grid: BlockGrid, fallback: number): void {
  const { columns, rows } = grid;
  // The field is worked on inside a frame of NaN blocks: a neighbour outside the grid is skipped as
  // a NaN one is, and the 3 × 3 neighbours lie at fixed offsets, listed in the row-major order their
  // values are summed in (the block itself, NaN while it is a candidate, among them).
  const stride = columns + 2;
  const framed = new Float32Array(stride * (rows + 2)).fill(Number.NaN);
  for (let r = 0; r < rows; r++) framed.set(field.subarray(r * columns, (r + 1) * columns), (r + 1) * stride + 1);
  const neighbours = Int32Array.of(-stride - 1, -stride, -stride + 1, -1, 0, 1, stride - 1, stride, stride + 1);
  // A round fills every empty block that has a value among its neighbours, all from the field as it
  // was before the round. After the first round (every empty block), only the empty neighbours of
  // the blocks the round before filled can have gained one: they are the only ones visited.
  const candidates = new Int32Array(field.length);
  let candidateCount = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) if (Number.isNaN(field[r * columns + c]!)) candidates[candidateCount++] = (r + 1) * stride + c + 1;
  }
  const filled = new Int32Array(field.length);
  const values = new Float64Array(field.length);
  // the round in which a block was last made a candidate (+1), so none is visited twice; the frame
  // is marked as made a candidate in every round
  const candidateRound = new Int32Array(framed.length).fill(0x7fffffff);
  for (let r = 0; r < rows; r++) candidateRound.fill(0, (r + 1) * stride + 1, (r + 1) * stride + 1 + columns);
  for (let round = 0; round < columns + rows && candidateCount > 0; round++) {
    let filledCount = 0;
    for (let e = 0; e < candidateCount; e++) {
      const b = candidates[e]!;
      let sum = 0;
      let count = 0;
      for (let k = 0; k < 9; k++) {
        const v = framed[b + neighbours[k]!]!;
        if (!Number.isNaN(v)) {
          sum += v;
          count++;
        }
      }
      if (count > 0) {
        filled[filledCount] = b;
        values[filledCount] = sum / count;
        filledCount++;
      }
    }
    if (filledCount === 0) break;
    for (let i = 0; i < filledCount; i++) framed[filled[i]!] = values[i]!;
    candidateCount = 0;
    for (let i = 0; i < filledCount; i++) {
      const b = filled[i]!;
      for (let k = 0; k < 9; k++) {
        const j = b + neighbours[k]!;
        if (Number.isNaN(framed[j]!) && candidateRound[j]! < round + 1) {
          candidateRound[j] = round + 1;
          candidates[candidateCount++] = j;
        }
      }
    }
  }
  for (let r = 0; r < rows; r++) field.set(framed.subarray((r + 1) * stride + 1, (r + 1) * stride + 1 + columns), r * columns);
  for (let b = 0; b < field.length; b++) if (Number.isNaN(field[b]!)) field[b] = fallback;
}
