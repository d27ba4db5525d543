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
  const signature = new Float32Array(length);
  const smoothed = new Float32Array(length);
  const alongX = new Float64Array(Math.ceil(p.periodWindowAlong / 2) + 1);
  const alongY = new Float64Array(alongX.length);
  let foreground = 0;
  let measuredCount = 0;
  for (let b = 0; b < n; b++) {
    if (!mask[b]) continue;
    foreground++;
    const r = Math.floor(b / grid.columns);
    const c = b - r * grid.columns;
    const cx = (c + 0.5) * grid.size;
    const cy = (r + 0.5) * grid.size;
    const period = xSignaturePeriod(image, cx, cy, orientation.angle[b]!, signature, smoothed, alongX, alongY, p);
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
  // whether every sample is safely inside the image (rounding moves a sample by at most ½ px)
  const reachX = ((length - 1) / 2) * Math.abs(nx) + halfAlong * Math.abs(tx) + 1;
  const reachY = ((length - 1) / 2) * Math.abs(ny) + halfAlong * Math.abs(ty) + 1;
  const inside = cx - reachX >= 0 && cy - reachY >= 0 && cx + reachX <= width - 1 && cy + reachY <= height - 1;
  for (let k = 0; k < length; k++) {
    const across = k - (length - 1) / 2;
    const baseX = cx + across * nx;
    const baseY = cy + across * ny;
    let sum = 0;
    let count = 0;
    if (inside) {
      // Inside, every coordinate v is ≥ ½, where truncating v + ½ equals Math.round(v) exactly
      // (v + ½ is exact below the next power of two, and rounding never lands on an integer from
      // below there) and is much cheaper.
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
  for (let k = 0; k < length; k++) {
    const a = signature[Math.max(0, k - 1)]!;
    const m = signature[k]!;
    const z = signature[Math.min(length - 1, k + 1)]!;
    smoothed[k] = (a + 2 * m + z) / 4;
    if (Number.isNaN(smoothed[k]!)) return 0;
  }
  // ridge centres are the minima (ridges are dark after normalisation); valleys the maxima
  let first = -1;
  let last = -1;
  let count = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 1; k < length - 1; k++) {
    const v = smoothed[k]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v < smoothed[k - 1]! && v <= smoothed[k + 1]!) {
      if (first < 0) first = k;
      last = k;
      count++;
    }
  }
  // a flat signature (smooth shading, blank area) is not a ridge pattern
  if (count < 2 || hi - lo < 0.5) return 0;
  const period = (last - first) / (count - 1);
  return period >= p.minRidgePeriod && period <= p.maxRidgePeriod ? period : 0;
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
  // Only the blocks still empty are visited (in index order, as a full scan would meet them); a
  // round's values all come from the field as it was before the round.
  let empty = new Int32Array(field.length);
  let emptyCount = 0;
  for (let b = 0; b < field.length; b++) if (Number.isNaN(field[b]!)) empty[emptyCount++] = b;
  const updates = new Float64Array(2 * field.length);
  for (let round = 0; round < columns + rows && emptyCount > 0; round++) {
    let updateCount = 0;
    let stillEmpty = 0;
    const next = new Int32Array(emptyCount);
    for (let e = 0; e < emptyCount; e++) {
      const b = empty[e]!;
      const r = Math.floor(b / columns);
      const c = b - r * columns;
      let sum = 0;
      let count = 0;
      for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
        for (let cc = Math.max(0, c - 1); cc <= Math.min(columns - 1, c + 1); cc++) {
          const v = field[rr * columns + cc]!;
          if (!Number.isNaN(v)) {
            sum += v;
            count++;
          }
        }
      }
      if (count > 0) {
        updates[updateCount++] = b;
        updates[updateCount++] = sum / count;
      } else next[stillEmpty++] = b;
    }
    if (updateCount === 0) break;
    for (let i = 0; i < updateCount; i += 2) field[updates[i]!] = updates[i + 1]!;
    empty = next;
    emptyCount = stillEmpty;
  }
  for (let b = 0; b < field.length; b++) if (Number.isNaN(field[b]!)) field[b] = fallback;
}
