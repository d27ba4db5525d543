import { scratchInt32 } from './scratch.js';
import type { GaborBank } from './gabor.js';
import type { BlockGrid } from './grid.js';
import type { ExtractionParameters } from './parameters.js';

/**
 * Which filter of the bank each pixel gets: the orientation bin of the ridge angle and the period
 * bin of the ridge period, both interpolated bilinearly between block centres (expandBlockField's
 * arithmetic, so the same bits as interpolating every pixel and binning its angle).
 *
 * Work per cell between four block centres: an interpolated value is a convex combination of the
 * four corner values. Period binning is monotonic, so when the corners' periods share a bin every
 * pixel's does. The corners' doubled-angle unit vectors span a few orientation wedges at most
 * (convex, far narrower than π) and every pixel's vector lies in their hull: its bin is counted from
 * the side of each wedge edge it lies on (a cross product), and only a vector within a hair of an
 * edge (or a cell around a singular point) takes the exact atan2 of the unoptimised arithmetic.
 */
export function chooseGaborFilters(
  cos2: Float32Array,
  sin2: Float32Array,
  period: Float32Array,
  grid: BlockGrid,
  width: number,
  height: number,
  where: Uint8Array,
  bank: GaborBank,
  p: ExtractionParameters,
): Int32Array {
  const { columns, rows } = grid;
  const orientations = bank.orientations;
  const periodCount = bank.periods.length;
  const periodBin = (value: number) => Math.min(periodCount - 1, Math.max(0, roundHalfUp((value - p.minRidgePeriod) / p.gaborPeriodStep)));

  // per block: the position of its ridge angle in bins (bin = that rounded, modulo the count)
  const blockQ = new Float64Array(columns * rows);
  for (let b = 0; b < blockQ.length; b++) blockQ[b] = (ridgeAngle(sin2[b]!, cos2[b]!) / Math.PI) * orientations;
  // wider than this (in bins), a cell's wedge is not narrow enough for the cross-product test
  const maxSpread = orientations / 4 - 2 * BIN_EDGE_MARGIN;
  const edgeCos = new Float64Array(Math.max(1, Math.ceil(maxSpread) + 1));
  const edgeSin = new Float64Array(edgeCos.length);

  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const ax = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(Math.max((x + 0.5) / grid.size - 0.5, 0), columns - 1);
    x0[x] = Math.floor(fx);
    x1[x] = Math.min(x0[x]! + 1, columns - 1);
    ax[x] = fx - x0[x]!;
  }
  const yWeight = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) / grid.size - 0.5, 0), rows - 1);
    yWeight[y] = fy - Math.floor(fy);
  }
  const periodBinStart = binStarts(periodBin, periodCount);
  const out = scratchInt32('gabor-choice.filter-index', width * height);
  let cellTop = 0;
  while (cellTop < height) {
    const r0 = Math.floor(Math.min(Math.max((cellTop + 0.5) / grid.size - 0.5, 0), rows - 1));
    const r1 = Math.min(r0 + 1, rows - 1);
    let cellBottom = cellTop + 1;
    while (cellBottom < height && Math.floor(Math.min(Math.max((cellBottom + 0.5) / grid.size - 0.5, 0), rows - 1)) === r0) cellBottom++;
    let cellLeft = 0;
    while (cellLeft < width) {
      const c0 = x0[cellLeft]!;
      const c1 = x1[cellLeft]!;
      let cellRight = cellLeft + 1;
      while (cellRight < width && x0[cellRight] === c0) cellRight++;
      const b00 = r0 * columns + c0;
      const b01 = r0 * columns + c1;
      const b10 = r1 * columns + c0;
      const b11 = r1 * columns + c1;

      // the corners' angles in bins, unwrapped around the first corner's
      const q0 = blockQ[b00]!;
      const d01 = unwrap(blockQ[b01]! - q0, orientations);
      const d10 = unwrap(blockQ[b10]! - q0, orientations);
      const d11 = unwrap(blockQ[b11]! - q0, orientations);
      const spreadLow = Math.min(0, d01, d10, d11);
      const spreadHigh = Math.max(0, d01, d10, d11);
      const narrow = orientations >= 8 && spreadHigh - spreadLow <= maxSpread;
      const firstBin = Math.round(q0 + spreadLow - BIN_EDGE_MARGIN);
      const lastBin = Math.round(q0 + spreadHigh + BIN_EDGE_MARGIN);
      const edges = narrow ? lastBin - firstBin : -1;
      for (let e = 0; e < edges; e++) {
        const edge = (2 * Math.PI * (firstBin + e + 0.5)) / orientations;
        edgeCos[e] = Math.cos(edge);
        edgeSin[e] = Math.sin(edge);
      }
      const fixedBin = wrapBin(firstBin, orientations) * periodCount;

      const p00 = period[b00]!;
      const p01 = period[b01]!;
      const p10 = period[b10]!;
      const p11 = period[b11]!;
      const lowBin = periodBin(Math.min(p00, p01, p10, p11));
      const highBin = periodBin(Math.max(p00, p01, p10, p11));

      if (edges === 0 && lowBin === highBin) {
        const filter = fixedBin + lowBin;
        for (let y = cellTop; y < cellBottom; y++) for (let i = y * width + cellLeft, end = y * width + cellRight; i < end; i++) out[i] = filter;
        cellLeft = cellRight;
        continue;
      }
      const k00 = cos2[b00]!;
      const k01 = cos2[b01]!;
      const k10 = cos2[b10]!;
      const k11 = cos2[b11]!;
      const n00 = sin2[b00]!;
      const n01 = sin2[b01]!;
      const n10 = sin2[b10]!;
      const n11 = sin2[b11]!;
      for (let y = cellTop; y < cellBottom; y++) {
        const ay = yWeight[y]!;
        for (let x = cellLeft; x < cellRight; x++) {
          const i = y * width + x;
          if (!where[i]) continue;
          const a = ax[x]!;
          let f = lowBin;
          if (lowBin !== highBin) {
            const value = Math.fround((p00 * (1 - a) + p01 * a) * (1 - ay) + (p10 * (1 - a) + p11 * a) * ay);
            if (value >= 0) while (f < highBin && value >= periodBinStart[f + 1]!) f++;
            else f = periodBin(value);
          }
          let o = fixedBin;
          if (edges !== 0) {
            const c = Math.fround((k00 * (1 - a) + k01 * a) * (1 - ay) + (k10 * (1 - a) + k11 * a) * ay);
            const s = Math.fround((n00 * (1 - a) + n01 * a) * (1 - ay) + (n10 * (1 - a) + n11 * a) * ay);
            let passed = 0;
            for (let e = 0; e < edges; e++) {
              const side = edgeCos[e]! * s - edgeSin[e]! * c;
              if (side > EDGE_SIDE_MARGIN) passed++;
              else if (side > -EDGE_SIDE_MARGIN) {
                passed = -1;
                break;
              }
            }
            const bin = edges > 0 && passed >= 0 ? firstBin + passed : roundHalfUp((ridgeAngle(s, c) / Math.PI) * orientations);
            o = wrapBin(bin, orientations) * periodCount;
          }
          out[i] = o + f;
        }
      }
      cellLeft = cellRight;
    }
    cellTop = cellBottom;
  }
  return out;
}

/**
 * For a non-decreasing binning of non-negative float32 values into `count` bins: per bin k, the
 * smallest float32 value whose bin is k or more (a binary search on the float32 bit patterns,
 * whose order is the values' order). Counting the starts a value reaches then gives its bin exactly.
 */
function binStarts(bin: (value: number) => number, count: number): Float32Array {
  const bits = new Uint32Array(1);
  const value = new Float32Array(bits.buffer);
  const starts = new Float32Array(count);
  const infinityBits = 0x7f800000;
  for (let k = 1; k < count; k++) {
    let low = 0;
    let high = infinityBits;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      bits[0] = middle;
      if (bin(value[0]!) >= k) high = middle;
      else low = middle + 1;
    }
    bits[0] = low;
    starts[k] = value[0]!;
  }
  return starts;
}

/** A bin number in [−count, 2·count) brought into [0, count) (cheaper than %, which works on doubles here). */
function wrapBin(bin: number, count: number): number {
  if (bin < 0) return bin + count;
  return bin >= count ? bin - count : bin;
}

/**
 * Math.round(v), cheaper where it matters: for v in [½, 2³⁰) truncating v + ½ gives exactly the same
 * (v + ½ is exact below the next power of two, and never rounds up onto an integer there).
 */
function roundHalfUp(v: number): number {
  return v >= 0.5 && v < 1073741824 ? (v + 0.5) | 0 : Math.round(v);
}

/** A difference of bin positions brought into (−count/2, count/2]. */
function unwrap(difference: number, count: number): number {
  if (difference > count / 2) return difference - count;
  if (difference <= -count / 2) return difference + count;
  return difference;
}

/**
 * How far (|sin| of the doubled-angle difference) a pixel's vector must lie from a wedge edge for
 * the cross product to decide its side: ~1e-5 rad, while the exact path's rounding (float32 angle,
 * atan2) moves an angle by less than 1e-6 rad.
 */
const EDGE_SIDE_MARGIN = 1e-5;

/**
 * Margin (in bins, ~1e-4 rad) around the corners' angles when listing the wedge edges a cell's
 * pixels may cross: pixel vectors leave the corners' hull by rounding only (< 1e-6 rad).
 */
const BIN_EDGE_MARGIN = 1e-3;

/** Ridge angle in [0, π) (as float32) of a doubled-angle vector. */
function ridgeAngle(sin2: number, cos2: number): number {
  let a = 0.5 * Math.atan2(sin2, cos2);
  if (a < 0) a += Math.PI;
  return Math.fround(a);
}

/**
 * An upper bound of the across-ridge kernel reach of any pixel in a `mask` block: its period is
 * interpolated from the 3 × 3 blocks around it, so its period bin is at most theirs (binning is
 * monotonic). The along pass need not run farther than this from the mask.
 */
export function acrossReachBound(mask: Uint8Array, period: Float32Array, grid: BlockGrid, acrossRadius: Int32Array, p: ExtractionParameters): number {
  const { columns, rows } = grid;
  const periodCount = acrossRadius.length;
  let highest = -Infinity;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (!mask[r * columns + c]) continue;
      for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
        for (let cc = Math.max(0, c - 1); cc <= Math.min(columns - 1, c + 1); cc++) highest = Math.max(highest, period[rr * columns + cc]!);
      }
    }
  }
  const highestBin = Math.min(periodCount - 1, Math.max(0, Math.round((highest - p.minRidgePeriod) / p.gaborPeriodStep)));
  let reach = 0;
  for (let f = 0; f <= highestBin; f++) reach = Math.max(reach, acrossRadius[f]!);
  return reach;
}
