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
 * Within a cell, a pixel row's values are linear in the column weight: when its two end pixels lie
 * clearly on the same side of a bin start or wedge edge, so does every pixel between, and only the
 * rows (and edges) that cross one are worked out pixel by pixel. Cells and rows with no pixel in
 * `where` are skipped (their filter index is left unset: nothing reads it).
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
  const { edgeCos, edgeSin } = wedgeEdges(orientations);
  const uncertainEdges = new Int32Array(Math.ceil(maxSpread) + 2);

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
      if (!touches(where, width, cellLeft, cellRight, cellTop, cellBottom)) {
        // no pixel of the cell is wanted (background far from the mask)
        cellLeft = cellRight;
        continue;
      }
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
      // this cell's wedge edges start at table entry firstBin (the table starts at bin −orientations)
      const edgeAt = firstBin + orientations;
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
      // per row, its two end pixels settle the bin of the whole row when no pixel between can differ (see rowTestMargin)
      const periodRowTest = lowBin !== highBin && Math.min(p00, p01, p10, p11) >= 0;
      const periodMargin = rowTestMargin(Math.max(p00, p01, p10, p11));
      const sideMargin = EDGE_SIDE_MARGIN + rowTestMargin(Math.max(Math.abs(k00), Math.abs(k01), Math.abs(k10), Math.abs(k11)) + Math.max(Math.abs(n00), Math.abs(n01), Math.abs(n10), Math.abs(n11)));
      const aFirst = ax[cellLeft]!;
      const aLast = ax[cellRight - 1]!;
      for (let y = cellTop; y < cellBottom; y++) {
        // rows of the cell outside the region are skipped before any arithmetic
        let from = y * width + cellLeft;
        const to = y * width + cellRight;
        while (from < to && !where[from]) from++;
        if (from === to) continue;
        const ay = yWeight[y]!;
        // a bin the whole row shares, or −1
        let rowPeriod = lowBin === highBin ? lowBin : -1;
        if (periodRowTest) {
          const first = Math.fround((p00 * (1 - aFirst) + p01 * aFirst) * (1 - ay) + (p10 * (1 - aFirst) + p11 * aFirst) * ay);
          const last = Math.fround((p00 * (1 - aLast) + p01 * aLast) * (1 - ay) + (p10 * (1 - aLast) + p11 * aLast) * ay);
          const low = Math.min(first, last);
          const high = Math.max(first, last);
          let k = lowBin;
          while (k < highBin && low >= periodBinStart[k + 1]!) k++;
          if ((k === lowBin || low >= periodBinStart[k]! + periodMargin) && (k === highBin || high + periodMargin < periodBinStart[k + 1]!)) rowPeriod = k;
        }
        let rowOrientation = edges === 0 ? fixedBin : -1;
        // wedge edges every pixel of the row lies beyond, and (table entries of) those to test per pixel
        let rowPassed = 0;
        let uncertain = 0;
        if (edges > 0) {
          const cFirst = Math.fround((k00 * (1 - aFirst) + k01 * aFirst) * (1 - ay) + (k10 * (1 - aFirst) + k11 * aFirst) * ay);
          const sFirst = Math.fround((n00 * (1 - aFirst) + n01 * aFirst) * (1 - ay) + (n10 * (1 - aFirst) + n11 * aFirst) * ay);
          const cLast = Math.fround((k00 * (1 - aLast) + k01 * aLast) * (1 - ay) + (k10 * (1 - aLast) + k11 * aLast) * ay);
          const sLast = Math.fround((n00 * (1 - aLast) + n01 * aLast) * (1 - ay) + (n10 * (1 - aLast) + n11 * aLast) * ay);
          for (let e = edgeAt; e < edgeAt + edges; e++) {
            const sideFirst = edgeCos[e]! * sFirst - edgeSin[e]! * cFirst;
            const sideLast = edgeCos[e]! * sLast - edgeSin[e]! * cLast;
            if (sideFirst > sideMargin && sideLast > sideMargin) rowPassed++;
            else if (!(sideFirst < -sideMargin && sideLast < -sideMargin)) uncertainEdges[uncertain++] = e;
          }
          if (uncertain === 0) rowOrientation = wrapBin(firstBin + rowPassed, orientations) * periodCount;
        }
        if (rowPeriod >= 0 && rowOrientation >= 0) {
          // (a loop: fill() is a builtin call, dear for a few pixels)
          const filter = rowOrientation + rowPeriod;
          for (let i = y * width + cellLeft, end = y * width + cellRight; i < end; i++) out[i] = filter;
          continue;
        }
        for (let x = cellLeft; x < cellRight; x++) {
          const i = y * width + x;
          if (!where[i]) continue;
          const a = ax[x]!;
          let f = rowPeriod;
          if (f < 0) {
            f = lowBin;
            const value = Math.fround((p00 * (1 - a) + p01 * a) * (1 - ay) + (p10 * (1 - a) + p11 * a) * ay);
            if (value >= 0) while (f < highBin && value >= periodBinStart[f + 1]!) f++;
            else f = periodBin(value);
          }
          let o = rowOrientation;
          if (o < 0) {
            const c = Math.fround((k00 * (1 - a) + k01 * a) * (1 - ay) + (k10 * (1 - a) + k11 * a) * ay);
            const s = Math.fround((n00 * (1 - a) + n01 * a) * (1 - ay) + (n10 * (1 - a) + n11 * a) * ay);
            // the edges the row test settled lie farther than EDGE_SIDE_MARGIN from every pixel of the row
            let passed = rowPassed;
            for (let u = 0; u < uncertain; u++) {
              const e = uncertainEdges[u]!;
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

/** Whether `where` has a pixel in columns [left, right) of rows [top, bottom). */
function touches(where: Uint8Array, width: number, left: number, right: number, top: number, bottom: number): boolean {
  for (let y = top; y < bottom; y++) for (let i = y * width + left, end = y * width + right; i < end; i++) if (where[i]) return true;
  return false;
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

const wedgeEdgeTables = new Map<number, { edgeCos: Float64Array; edgeSin: Float64Array }>();

/**
 * cos and sin of the doubled angle of every boundary between orientation bins b and b + 1, for b in
 * [−count, 2·count) at index b + count (a cell's edges, unwrapped around a corner's angle, stay
 * within count/4 of [0, count)): the same values the cells computed one by one.
 */
function wedgeEdges(count: number): { edgeCos: Float64Array; edgeSin: Float64Array } {
  let table = wedgeEdgeTables.get(count);
  if (table) return table;
  const edgeCos = new Float64Array(3 * count);
  const edgeSin = new Float64Array(3 * count);
  for (let b = -count; b < 2 * count; b++) {
    const edge = (2 * Math.PI * (b + 0.5)) / count;
    edgeCos[b + count] = Math.cos(edge);
    edgeSin[b + count] = Math.sin(edge);
  }
  table = { edgeCos, edgeSin };
  wedgeEdgeTables.set(count, table);
  return table;
}

/**
 * How far from a bin start (or wedge edge) a row's two end values must lie for the whole row to share
 * their bin, for corner values of magnitude up to `magnitude`. For a fixed row, the interpolated
 * value is linear in the column weight, which grows from the row's first pixel to its last: every
 * pixel's exact value lies between the ends' exact values. A computed value (float64 arithmetic,
 * then float32 rounding) is within 2⁻²³·magnitude of the exact one, so within 2⁻²²·magnitude of
 * the ends' computed range; 2⁻²⁰ leaves room to spare. (A side of a wedge edge is linear in the
 * vector too, its cos/sin weights at most 1: the sum of the two components' magnitudes bounds it.)
 */
function rowTestMargin(magnitude: number): number {
  return magnitude * 2 ** -20;
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
