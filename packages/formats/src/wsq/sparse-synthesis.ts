import { DECODER } from './decoder-parameters.js';
import type { FilterPlan } from './filter-bank.js';
import {
  ColumnKernel,
  columnKernelSize,
  columnPair,
  filterColumnRow,
  filterRow,
  filterRowEdges,
  pairsWithNext,
  type RowPlan,
} from './separable-filter.js';
import type { KernelMemory } from './single-precision-kernels.js';

/*
 * Synthesis filtering that skips zero samples. Quantised high-pass subbands are mostly zeros, and a
 * term whose sample is zero adds an exact zero: leaving it out gives the same single-precision sum
 * (at most the sign of a zero result differs, which no later product or sum can reveal), provided
 * every other term still comes in the plan's order and nothing overflows to infinity (0 x infinity
 * would be NaN). Outputs are zeroed first; 0 + p = p, so the first term added is the sum's start.
 */

const UNSCANNED = -2;
const DENSE = -1;
/** Samples looked at before listing a row (spread at sixteenths of its width). */
const PROBES = 8;

/** Reusable buffers: per row, how many nonzero samples it has (or DENSE), and their positions. */
export class NonzeroRows {
  readonly counts: Int32Array;
  readonly positions: Int32Array;
  /** Every sample is known finite where these buffers are used (see reconstruct). */
  readonly kernel = new ColumnKernel(true);

  constructor(
    readonly maxWidth: number,
    readonly maxHeight: number,
  ) {
    this.counts = new Int32Array(maxHeight);
    const perRow = Math.max(Math.floor(maxWidth * DECODER.sparseRowShare), Math.floor(maxWidth * DECODER.scatterRowShare));
    this.positions = new Int32Array(perRow * maxHeight);
  }
}

/** The same samples as integers: a float is zero when its bits, sign aside, are all zero. */
function bitsOf(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * Positions (from 0) of the nonzero samples of the row at `from` (given as bits), written to
 * positions[at..]; DENSE as soon as there are more than `capacity`. Integer tests, four samples at a
 * time, are cheaper than float compares: zeros are skipped quickly, dense rows given up on quickly.
 */
function listNonzero(bits: Int32Array, from: number, width: number, capacity: number, positions: Int32Array, at: number): number {
  // A few evenly spread samples first: a dense row usually shows itself there.
  let seen = 0;
  for (let q = 0; q < PROBES; q++) if (bits[from + (((2 * q + 1) * width) >> 4)]! << 1 !== 0) seen++;
  if (seen * width > 2 * capacity * PROBES) return DENSE;
  let n = 0;
  let c = 0;
  for (; c + 4 <= width; c += 4) {
    const i = from + c;
    if ((bits[i]! | bits[i + 1]! | bits[i + 2]! | bits[i + 3]!) << 1 === 0) continue;
    if (n + 4 > capacity) {
      for (let d = 0; d < 4; d++) {
        if (bits[i + d]! << 1 === 0) continue;
        if (n === capacity) return DENSE;
        positions[at + n++] = c + d;
      }
    } else {
      if (bits[i]! << 1 !== 0) positions[at + n++] = c;
      if (bits[i + 1]! << 1 !== 0) positions[at + n++] = c + 1;
      if (bits[i + 2]! << 1 !== 0) positions[at + n++] = c + 2;
      if (bits[i + 3]! << 1 !== 0) positions[at + n++] = c + 3;
    }
  }
  for (; c < width; c++) {
    if (bits[from + c]! << 1 === 0) continue;
    if (n === capacity) return DENSE;
    positions[at + n++] = c;
  }
  return n;
}

/**
 * filterColumns, output row by output row: rows whose terms all read dense rows go through the
 * unrolled kernels (two rows at a time where they can); the others add their terms one at a time, skipping zero rows and, in sparse rows,
 * visiting only the listed samples, when that is estimated cheaper.
 */
export function filterColumnsSkippingZeros(
  plan: FilterPlan,
  input: Float32Array,
  output: Float32Array,
  stride: number,
  x: number,
  y: number,
  width: number,
  height: number,
  rows: NonzeroRows,
  wasm?: KernelMemory,
): void {
  const fround = Math.fround;
  const { start, source, coef } = plan;
  const { counts, positions, kernel } = rows;
  const capacity = Math.floor(width * DECODER.sparseRowShare);
  const denseTermCost = DECODER.denseTermCost * width;
  const sparseSampleCost = DECODER.sparseSampleCost;
  const bits = bitsOf(input);
  counts.fill(UNSCANNED, 0, height);
  /** Whether output row i costs less through the unrolled kernel than term by term (listing the rows it reads). */
  const kernelPays = (i: number): boolean => {
    const t0 = start[i]!;
    const t1 = start[i + 1]!;
    let termwiseCost = DECODER.zeroFillCost * width;
    let sparseTerms = 0;
    for (let t = t0; t < t1; t++) {
      const r = source[t]!;
      let n = counts[r]!;
      if (n === UNSCANNED) {
        n = listNonzero(bits, (y + r) * stride + x, width, capacity, positions, r * capacity);
        counts[r] = n;
      }
      if (n === DENSE) termwiseCost += denseTermCost;
      else {
        termwiseCost += n * sparseSampleCost;
        sparseTerms++;
      }
    }
    const size = columnKernelSize(t1 - t0, kernel);
    const kernelCost = (size > 0 ? size : (t1 - t0) * DECODER.denseTermCost) * width;
    return sparseTerms === 0 || termwiseCost >= kernelCost;
  };
  for (let i = 0; i < height; i++) {
    if (kernelPays(i)) {
      if (i + 1 < height && pairsWithNext(plan, i) && kernelPays(i + 1)) {
        columnPair(plan, i, input, output, stride, x, y, width, wasm);
        i++;
      } else {
        filterColumnRow(plan, i, input, output, stride, x, y, width, kernel);
      }
      continue;
    }
    const t0 = start[i]!;
    const t1 = start[i + 1]!;
    const out = (y + i) * stride + x;
    output.fill(0, out, out + width);
    for (let t = t0; t < t1; t++) {
      const r = source[t]!;
      const n = counts[r]!;
      const k = coef[t]!;
      const src = (y + r) * stride + x;
      if (n === DENSE) {
        for (let c = 0; c < width; c++) output[out + c] = output[out + c]! + fround(input[src + c]! * k);
      } else {
        const at = r * capacity;
        for (let q = 0; q < n; q++) {
          const c = positions[at + q]!;
          output[out + c] = output[out + c]! + fround(input[src + c]! * k);
        }
      }
    }
  }
}

/**
 * A row plan's interior terms regrouped for scattering: for each band (low, then high) and each run,
 * the run's terms that read the band. Those read consecutive samples (output m of the run reads
 * first + m, first + m + 1, ...), so a sample at p feeds output p - first - j through term j, and
 * visiting the band's samples from left to right adds each output's terms in plan order.
 */
export interface RowScatter {
  /** Per band: first and end source position. */
  bandStart: Int32Array;
  bandEnd: Int32Array;
  /** Per band: its groups are groupFirst[b]..groupFirst[b+1]. */
  groupFirst: Int32Array;
  /** Per group: source of the run's first output through its first term, and the terms' coefficients. */
  first: Int32Array;
  termStart: Int32Array;
  termEnd: Int32Array;
  coef: Float32Array;
  /** Per group: the run's first output, output step and output count. */
  out0: Int32Array;
  outStep: Int32Array;
  count: Int32Array;
}

interface ScatterGroup {
  first: number;
  coef: number[];
  out0: number;
  outStep: number;
  count: number;
}

/**
 * Regroup the runs of a synthesis row plan by band, or undefined when a run does not read its terms
 * low band first, each band's on consecutive samples, at source step 1 (rows are then filtered densely).
 */
export function rowScatter(rowPlan: RowPlan, lowStart: number, lowLength: number, highStart: number, highLength: number): RowScatter | undefined {
  const bandStart = Int32Array.of(lowStart, highStart);
  const bandEnd = Int32Array.of(lowStart + lowLength, highStart + highLength);
  const perBand: ScatterGroup[][] = [[], []];
  for (const run of rowPlan.runs) {
    if (run.srcStep !== 1) return undefined;
    let band = 0;
    let group: ScatterGroup | undefined;
    for (let j = 0; j < run.offset.length; j++) {
      const first = run.offset[j]!;
      const last = first + run.count - 1;
      const inBand = (b: number): boolean => first >= bandStart[b]! && last < bandEnd[b]!;
      if (!inBand(band)) {
        if (band === 1 || !inBand(1)) return undefined;
        band = 1;
        group = undefined;
      }
      if (group === undefined) {
        group = { first, coef: [], out0: run.out0, outStep: run.outStep, count: run.count };
        perBand[band]!.push(group);
      } else if (first !== group.first + group.coef.length) return undefined;
      group.coef.push(run.coef[j]!);
    }
  }
  const groups = [...perBand[0]!, ...perBand[1]!];
  const termStart = new Int32Array(groups.length);
  const termEnd = new Int32Array(groups.length);
  const coef: number[] = [];
  groups.forEach((g, i) => {
    termStart[i] = coef.length;
    coef.push(...g.coef);
    termEnd[i] = coef.length;
  });
  return {
    bandStart,
    bandEnd,
    groupFirst: Int32Array.of(0, perBand[0]!.length, groups.length),
    first: Int32Array.from(groups, (g) => g.first),
    termStart,
    termEnd,
    coef: Float32Array.from(coef),
    out0: Int32Array.from(groups, (g) => g.out0),
    outStep: Int32Array.from(groups, (g) => g.outStep),
    count: Int32Array.from(groups, (g) => g.count),
  };
}

/**
 * filterRows, with sparse rows scattered: each nonzero sample, band by band and left to right, is
 * added to every run output it feeds; edge outputs are then summed as usual.
 */
export function filterRowsSkippingZeros(
  rowPlan: RowPlan,
  scatter: RowScatter | undefined,
  input: Float32Array,
  output: Float32Array,
  stride: number,
  x: number,
  y: number,
  width: number,
  height: number,
  rows: NonzeroRows,
  wasm?: KernelMemory,
): void {
  if (scatter === undefined) {
    for (let r = 0; r < height; r++) {
      const base = (y + r) * stride + x;
      filterRow(rowPlan, input, output, base, base, wasm);
    }
    return;
  }
  const fround = Math.fround;
  const positions = rows.positions;
  const capacity = Math.floor(width * DECODER.scatterRowShare);
  const { bandStart, bandEnd, groupFirst, first, termStart, termEnd, coef, out0, outStep, count } = scatter;
  const bits = bitsOf(input);
  for (let r = 0; r < height; r++) {
    const base = (y + r) * stride + x;
    const n = listNonzero(bits, base, width, capacity, positions, 0);
    if (n === DENSE) {
      filterRow(rowPlan, input, output, base, base, wasm);
      continue;
    }
    output.fill(0, base, base + width);
    for (let b = 0; b < 2; b++) {
      const lo = bandStart[b]!;
      const hi = bandEnd[b]!;
      const g1 = groupFirst[b + 1]!;
      for (let q = 0; q < n; q++) {
        const p = positions[q]!;
        if (p < lo || p >= hi) continue;
        const v = input[base + p]!;
        for (let g = groupFirst[b]!; g < g1; g++) {
          // Term j of this group feeds output m = p - first - j, for 0 <= m < count.
          const top = p - first[g]!;
          const t0 = termStart[g]!;
          const jEnd = Math.min(termEnd[g]! - t0, top + 1);
          const jStart = Math.max(0, top - count[g]! + 1);
          const step = outStep[g]!;
          let o = base + out0[g]! + step * (top - jStart);
          for (let j = jStart; j < jEnd; j++, o -= step) output[o] = output[o]! + fround(v * coef[t0 + j]!);
        }
      }
    }
    filterRowEdges(rowPlan, input, output, base);
  }
}
