import type { FilterPlan } from './filter-bank.js';
import { TABLE_BYTES, type KernelMemory } from './single-precision-kernels.js';

/**
 * Outputs out0, out0 + outStep, ... (count of them) that all take the same terms: term j reads
 * source offset[j] + srcStep * m for the m-th output, times coef[j]. Filters are shift-invariant away
 * from the edges, so each polyphase class of outputs has one long such run.
 */
export interface PhaseRun {
  /** The terms padded for the unrolled kernel, when they fit. */
  padded: { offset: Int32Array; coef: Float32Array } | undefined;
  /**
   * Set when the terms read two windows of consecutive samples, of these sizes (3 and 4, or 4 and 5:
   * a 7/9 synthesis run, low band then high band) at source step 1: the sliding kernels then load
   * one new sample per window and output instead of every term's sample.
   */
  windows: readonly [number, number] | undefined;
  out0: number;
  outStep: number;
  count: number;
  srcStep: number;
  offset: Int32Array;
  coef: Float32Array;
}

/**
 * The two runs of a 7/9 synthesis fused: output pair m is out0 + 2m (three low-band then four
 * high-band terms, `even`) and out0 + 2m + 1 (four low then five high, `odd`), both reading the
 * windows that start at low + m and high + m. Each sample is loaded once for both outputs.
 */
export interface SlidingPair {
  low: number;
  high: number;
  out0: number;
  count: number;
  even: Float32Array;
  odd: Float32Array;
}

/** A FilterPlan split into shift-invariant runs (filtered term-major) and edge outputs (one by one). */
export interface RowPlan {
  plan: FilterPlan;
  runs: PhaseRun[];
  /** How filterRow covers the runs' outputs: fused pairs, then the runs (or parts of runs) left. */
  pairs: SlidingPair[];
  singles: PhaseRun[];
  /** Outputs not covered by a run. */
  edges: Int32Array;
  /** With the WebAssembly kernels: the outputs not in a pair, with terms, then those without (zeros). */
  termwise: Int32Array;
  termless: Int32Array;
}

/** One polyphase class: outputs first, first + outStep, ... below `end`; sources advance by srcStep. */
export interface OutputClass {
  first: number;
  end: number;
  outStep: number;
  srcStep: number;
}

function sameTerms(plan: FilterPlan, n: number, ref: number, shift: number): boolean {
  const a0 = plan.start[n]!;
  const b0 = plan.start[ref]!;
  const count = plan.start[n + 1]! - a0;
  if (count !== plan.start[ref + 1]! - b0 || count === 0) return false;
  for (let j = 0; j < count; j++) {
    if (plan.source[a0 + j] !== plan.source[b0 + j]! + shift || plan.coef[a0 + j] !== plan.coef[b0 + j]) return false;
  }
  return true;
}

/** Find, in each class, the longest run of outputs around its middle that share one term pattern. */
export function compileRowPlan(plan: FilterPlan, length: number, classes: readonly OutputClass[]): RowPlan {
  const covered = new Uint8Array(length);
  const runs: PhaseRun[] = [];
  for (const c of classes) {
    const total = c.end > c.first ? Math.ceil((c.end - c.first) / c.outStep) : 0;
    if (total === 0) continue;
    const mid = total >> 1;
    const ref = c.first + mid * c.outStep;
    let lo = mid;
    while (lo > 0 && sameTerms(plan, c.first + (lo - 1) * c.outStep, ref, (lo - 1 - mid) * c.srcStep)) lo--;
    let hi = mid;
    while (hi + 1 < total && sameTerms(plan, c.first + (hi + 1) * c.outStep, ref, (hi + 1 - mid) * c.srcStep)) hi++;
    if (!sameTerms(plan, ref, ref, 0)) continue; // an output with no terms: leave it to the edge path
    const t0 = plan.start[ref]!;
    const count = plan.start[ref + 1]! - t0;
    const offset = new Int32Array(count);
    const coef = new Float32Array(count);
    for (let j = 0; j < count; j++) {
      offset[j] = plan.source[t0 + j]! - (mid - lo) * c.srcStep; // source of the run's first output
      coef[j] = plan.coef[t0 + j]!;
    }
    const out0 = c.first + lo * c.outStep;
    const size = kernelSize(count);
    const padded = size > 0 ? padTerms(offset, coef, size) : undefined;
    const windows = c.srcStep === 1 ? slidingWindows(offset) : undefined;
    runs.push({ padded, windows, out0, outStep: c.outStep, count: hi - lo + 1, srcStep: c.srcStep, offset, coef });
    for (let m = lo; m <= hi; m++) covered[c.first + m * c.outStep] = 1;
  }
  const edges: number[] = [];
  for (let n = 0; n < length; n++) if (covered[n] === 0) edges.push(n);
  const { pairs, singles } = pairRuns(runs);
  const unpaired = [...edges];
  for (const run of singles) for (let m = 0; m < run.count; m++) unpaired.push(run.out0 + m * run.outStep);
  unpaired.sort((a, b) => a - b);
  const hasTerms = (n: number): boolean => plan.start[n + 1]! > plan.start[n]!;
  return {
    plan,
    runs,
    pairs,
    singles,
    edges: Int32Array.from(edges),
    termwise: Int32Array.from(unpaired.filter(hasTerms)),
    termless: Int32Array.from(unpaired.filter((n) => !hasTerms(n))),
  };
}

/** Write rowTerms' table for the plan's termwise outputs; the number of entries, or -1 when it does not fit. */
function writeRowTerms(rowPlan: RowPlan, wasm: KernelMemory): number {
  const { start, source, coef } = rowPlan.plan;
  const words = wasm.tableWords;
  const floats = wasm.tableFloats;
  const bytes = Float32Array.BYTES_PER_ELEMENT;
  let at = 0;
  for (const n of rowPlan.termwise) {
    const t0 = start[n]!;
    const t1 = start[n + 1]!;
    if ((at + 2 + 2 * (t1 - t0)) * 4 > TABLE_BYTES) return -1;
    words[at++] = n * bytes;
    words[at++] = t1 - t0;
    for (let t = t0; t < t1; t++) {
      words[at++] = source[t]! * bytes;
      floats[at++] = coef[t]!;
    }
  }
  return rowPlan.termwise.length;
}

/** Outputs from..to-1 of a run, as a run of their own. */
function subRun(run: PhaseRun, from: number, to: number): PhaseRun {
  const shift = from * run.srcStep;
  const padded = run.padded === undefined ? undefined : { offset: run.padded.offset.map((o) => o + shift), coef: run.padded.coef };
  return { ...run, padded, out0: run.out0 + from * run.outStep, count: to - from, offset: run.offset.map((o) => o + shift) };
}

/**
 * Fuse a 3 + 4 sliding run with a 4 + 5 one whose outputs interleave with it and read the same
 * windows (a 7/9 synthesis row: even outputs, odd outputs); the outputs only one of them has stay
 * in runs of their own.
 */
function pairRuns(runs: readonly PhaseRun[]): { pairs: SlidingPair[]; singles: PhaseRun[] } {
  const even = runs.find((r) => r.windows?.[0] === 3 && r.outStep === 2);
  const odd = runs.find((r) => r.windows?.[0] === 4 && r.outStep === 2);
  if (even === undefined || odd === undefined || (even.out0 + 1 - odd.out0) % 2 !== 0) return { pairs: [], singles: [...runs] };
  // Output m of `even` pairs with output m + lag of `odd`.
  const lag = (even.out0 + 1 - odd.out0) / 2;
  const from = Math.max(0, -lag);
  const to = Math.min(even.count, odd.count - lag);
  if (to <= from || odd.offset[0]! + lag !== even.offset[0] || odd.offset[4]! + lag !== even.offset[3]) return { pairs: [], singles: [...runs] };
  const singles = runs.filter((r) => r !== even && r !== odd);
  for (const [run, first, end] of [
    [even, 0, from],
    [even, to, even.count],
    [odd, 0, from + lag],
    [odd, to + lag, odd.count],
  ] as const) {
    if (end > first) singles.push(subRun(run, first, end));
  }
  const pair = { low: even.offset[0]! + from, high: even.offset[3]! + from, out0: even.out0 + 2 * from, count: to - from, even: even.coef, odd: odd.coef };
  return { pairs: [pair], singles };
}

/** The window sizes of a run whose terms read 3 + 4 or 4 + 5 consecutive samples, else undefined. */
function slidingWindows(offset: Int32Array): readonly [number, number] | undefined {
  for (const [low, high] of [[3, 4], [4, 5]] as const) {
    if (offset.length !== low + high) continue;
    let consecutive = true;
    for (let j = 1; j < offset.length; j++) if (j !== low && offset[j] !== offset[j - 1]! + 1) consecutive = false;
    if (consecutive) return [low, high];
  }
  return undefined;
}

/**
 * Most terms an output of the unrolled kernels may have: the 7/9 filters give outputs of 7 and 9
 * terms, each with its own kernel; longer filters take the generic loops.
 */
const UNROLLED_TERMS = 9;
const SHORT_KERNEL_TERMS = 7;
/** Column outputs reading one band of a 7/9 bank have three or four terms (see ColumnKernel). */
const FOUR_TERMS = 4;

/** Kernel size for an output with `count` terms, or 0 for the generic loops. */
function kernelSize(count: number): number {
  return count <= SHORT_KERNEL_TERMS ? SHORT_KERNEL_TERMS : count <= UNROLLED_TERMS ? UNROLLED_TERMS : 0;
}

/**
 * Terms padded at the front with zero coefficients up to the kernel size: 0 + 0*x ... leaves the sum
 * at exactly 0 until the first real term, so each output still accumulates its terms in order.
 */
function padTerms(offset: Int32Array, coef: Float32Array, size: number): { offset: Int32Array; coef: Float32Array } {
  const pad = size - offset.length;
  const o = new Int32Array(size).fill(offset[0]!);
  const k = new Float32Array(size);
  o.set(offset, pad);
  k.set(coef, pad);
  return { offset: o, coef: k };
}

/** One run of outputs, seven terms each, summed in a register (single precision at every step). */
function runUnrolled7(
  input: Float32Array,
  output: Float32Array,
  base: number,
  outBase: number,
  run: PhaseRun,
  padded: { offset: Int32Array; coef: Float32Array },
): void {
  const f = Math.fround;
  const { offset: o, coef: c } = padded;
  const o0 = o[0]!, o1 = o[1]!, o2 = o[2]!, o3 = o[3]!, o4 = o[4]!, o5 = o[5]!, o6 = o[6]!;
  const k0 = c[0]!, k1 = c[1]!, k2 = c[2]!, k3 = c[3]!, k4 = c[4]!, k5 = c[5]!, k6 = c[6]!;
  const os = run.outStep;
  const ss = run.srcStep;
  let s = base;
  const end = outBase + run.out0 + os * run.count;
  for (let out = outBase + run.out0; out < end; out += os, s += ss) {
    let a = f(input[s + o0]! * k0);
    a = f(a + f(input[s + o1]! * k1));
    a = f(a + f(input[s + o2]! * k2));
    a = f(a + f(input[s + o3]! * k3));
    a = f(a + f(input[s + o4]! * k4));
    a = f(a + f(input[s + o5]! * k5));
    output[out] = a + f(input[s + o6]! * k6);
  }
}

/**
 * runUnrolled7 for a run reading three consecutive low-band samples then four consecutive high-band
 * ones: the same products and sums in the same order, each sample loaded (and widened) once.
 */
function runSliding34(input: Float32Array, output: Float32Array, base: number, outBase: number, run: PhaseRun): void {
  const f = Math.fround;
  const { offset: o, coef: c } = run;
  const k0 = c[0]!, k1 = c[1]!, k2 = c[2]!, k3 = c[3]!, k4 = c[4]!, k5 = c[5]!, k6 = c[6]!;
  let l = base + o[0]!;
  let h = base + o[3]!;
  let l0 = input[l]!, l1 = input[l + 1]!;
  let h0 = input[h]!, h1 = input[h + 1]!, h2 = input[h + 2]!;
  const os = run.outStep;
  const end = outBase + run.out0 + os * run.count;
  for (let out = outBase + run.out0; out < end; out += os, l++, h++) {
    const l2 = input[l + 2]!;
    const h3 = input[h + 3]!;
    let a = f(l0 * k0);
    a = f(a + f(l1 * k1));
    a = f(a + f(l2 * k2));
    a = f(a + f(h0 * k3));
    a = f(a + f(h1 * k4));
    a = f(a + f(h2 * k5));
    output[out] = a + f(h3 * k6);
    l0 = l1;
    l1 = l2;
    h0 = h1;
    h1 = h2;
    h2 = h3;
  }
}

/** runUnrolled9 for a run reading four consecutive low-band samples then five high-band ones (see runSliding34). */
function runSliding45(input: Float32Array, output: Float32Array, base: number, outBase: number, run: PhaseRun): void {
  const f = Math.fround;
  const { offset: o, coef: c } = run;
  const k0 = c[0]!, k1 = c[1]!, k2 = c[2]!, k3 = c[3]!, k4 = c[4]!, k5 = c[5]!, k6 = c[6]!, k7 = c[7]!, k8 = c[8]!;
  let l = base + o[0]!;
  let h = base + o[4]!;
  let l0 = input[l]!, l1 = input[l + 1]!, l2 = input[l + 2]!;
  let h0 = input[h]!, h1 = input[h + 1]!, h2 = input[h + 2]!, h3 = input[h + 3]!;
  const os = run.outStep;
  const end = outBase + run.out0 + os * run.count;
  for (let out = outBase + run.out0; out < end; out += os, l++, h++) {
    const l3 = input[l + 3]!;
    const h4 = input[h + 4]!;
    let a = f(l0 * k0);
    a = f(a + f(l1 * k1));
    a = f(a + f(l2 * k2));
    a = f(a + f(l3 * k3));
    a = f(a + f(h0 * k4));
    a = f(a + f(h1 * k5));
    a = f(a + f(h2 * k6));
    a = f(a + f(h3 * k7));
    output[out] = a + f(h4 * k8);
    l0 = l1;
    l1 = l2;
    l2 = l3;
    h0 = h1;
    h1 = h2;
    h2 = h3;
    h3 = h4;
  }
}

/**
 * runSliding34 and runSliding45 of a SlidingPair in one loop: the same products and sums in the same
 * order for each output, every sample loaded once for both, two independent sums per step.
 */
function runSlidingPair(input: Float32Array, output: Float32Array, base: number, outBase: number, pair: SlidingPair): void {
  const f = Math.fround;
  const { even: e, odd: d } = pair;
  const e0 = e[0]!, e1 = e[1]!, e2 = e[2]!, e3 = e[3]!, e4 = e[4]!, e5 = e[5]!, e6 = e[6]!;
  const d0 = d[0]!, d1 = d[1]!, d2 = d[2]!, d3 = d[3]!, d4 = d[4]!, d5 = d[5]!, d6 = d[6]!, d7 = d[7]!, d8 = d[8]!;
  let l = base + pair.low;
  let h = base + pair.high;
  let l0 = input[l]!, l1 = input[l + 1]!, l2 = input[l + 2]!;
  let h0 = input[h]!, h1 = input[h + 1]!, h2 = input[h + 2]!, h3 = input[h + 3]!;
  const end = outBase + pair.out0 + 2 * pair.count;
  for (let out = outBase + pair.out0; out < end; out += 2, l++, h++) {
    const l3 = input[l + 3]!;
    const h4 = input[h + 4]!;
    let a = f(l0 * e0);
    let b = f(l0 * d0);
    a = f(a + f(l1 * e1));
    b = f(b + f(l1 * d1));
    a = f(a + f(l2 * e2));
    b = f(b + f(l2 * d2));
    a = f(a + f(h0 * e3));
    b = f(b + f(l3 * d3));
    a = f(a + f(h1 * e4));
    b = f(b + f(h0 * d4));
    a = f(a + f(h2 * e5));
    b = f(b + f(h1 * d5));
    output[out] = a + f(h3 * e6);
    b = f(b + f(h2 * d6));
    b = f(b + f(h3 * d7));
    output[out + 1] = b + f(h4 * d8);
    l0 = l1;
    l1 = l2;
    l2 = l3;
    h0 = h1;
    h1 = h2;
    h2 = h3;
    h3 = h4;
  }
}

/** One run of outputs, nine terms each, summed in a register (single precision at every step). */
function runUnrolled9(
  input: Float32Array,
  output: Float32Array,
  base: number,
  outBase: number,
  run: PhaseRun,
  padded: { offset: Int32Array; coef: Float32Array },
): void {
  const f = Math.fround;
  const { offset: o, coef: c } = padded;
  const o0 = o[0]!, o1 = o[1]!, o2 = o[2]!, o3 = o[3]!, o4 = o[4]!, o5 = o[5]!, o6 = o[6]!, o7 = o[7]!, o8 = o[8]!;
  const k0 = c[0]!, k1 = c[1]!, k2 = c[2]!, k3 = c[3]!, k4 = c[4]!, k5 = c[5]!, k6 = c[6]!, k7 = c[7]!, k8 = c[8]!;
  const os = run.outStep;
  const ss = run.srcStep;
  let s = base;
  const end = outBase + run.out0 + os * run.count;
  for (let out = outBase + run.out0; out < end; out += os, s += ss) {
    let a = f(input[s + o0]! * k0);
    a = f(a + f(input[s + o1]! * k1));
    a = f(a + f(input[s + o2]! * k2));
    a = f(a + f(input[s + o3]! * k3));
    a = f(a + f(input[s + o4]! * k4));
    a = f(a + f(input[s + o5]! * k5));
    a = f(a + f(input[s + o6]! * k6));
    a = f(a + f(input[s + o7]! * k7));
    output[out] = a + f(input[s + o8]! * k8);
  }
}

/**
 * Filter every row of a region: output[y+r][x+n] = sum of input[y+r][x+source] * coef, in single
 * precision (each product rounded, then each sum, by storing into the Float32Array), each output
 * accumulating its terms in the plan's order.
 */
export function filterRows(
  rowPlan: RowPlan,
  input: Float32Array,
  output: Float32Array,
  stride: number,
  x: number,
  y: number,
  height: number,
  wasm?: KernelMemory,
): void {
  if (wasm !== undefined && input.buffer === wasm.buffer && output.buffer === wasm.buffer) {
    const entries = writeRowTerms(rowPlan, wasm);
    if (entries >= 0) {
      const bytes = Float32Array.BYTES_PER_ELEMENT;
      const inRow = input.byteOffset + (y * stride + x) * bytes;
      const outRow = output.byteOffset + (y * stride + x) * bytes;
      for (const { low, high, out0, count, even: e, odd: d } of rowPlan.pairs) {
        wasm.rowPair(
          inRow + low * bytes,
          inRow + high * bytes,
          outRow + out0 * bytes,
          count,
          e[0]!, e[1]!, e[2]!, e[3]!, e[4]!, e[5]!, e[6]!,
          d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!,
          height,
          stride * bytes,
        );
      }
      if (entries > 0) wasm.rowTerms(inRow, outRow, height, stride * bytes, wasm.table, entries);
      for (const n of rowPlan.termless) for (let r = 0; r < height; r++) output[(y + r) * stride + x + n] = 0;
      return;
    }
  }
  for (let r = 0; r < height; r++) {
    const base = (y + r) * stride + x;
    filterRow(rowPlan, input, output, base, base, wasm);
  }
}

/** filterRows for the one row starting at `base` in the input and at `outBase` (by default the same) in the output. */
export function filterRow(rowPlan: RowPlan, input: Float32Array, output: Float32Array, base: number, outBase = base, wasm?: KernelMemory): void {
  const fround = Math.fround;
  const { pairs, singles } = rowPlan;
  if (wasm !== undefined && input.buffer === wasm.buffer && output.buffer === wasm.buffer) {
    const bytes = Float32Array.BYTES_PER_ELEMENT;
    for (const { low, high, out0, count, even: e, odd: d } of pairs) {
      wasm.rowPair(
        input.byteOffset + (base + low) * bytes,
        input.byteOffset + (base + high) * bytes,
        output.byteOffset + (outBase + out0) * bytes,
        count,
        e[0]!, e[1]!, e[2]!, e[3]!, e[4]!, e[5]!, e[6]!,
        d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!,
        1,
        0,
      );
    }
  } else {
    for (const pair of pairs) runSlidingPair(input, output, base, outBase, pair);
  }
  for (const run of singles) {
    if (run.windows !== undefined) {
      if (run.windows[0] === 3) runSliding34(input, output, base, outBase, run);
      else runSliding45(input, output, base, outBase, run);
      continue;
    }
    if (run.padded !== undefined) {
      if (run.padded.offset.length === SHORT_KERNEL_TERMS) runUnrolled7(input, output, base, outBase, run, run.padded);
      else runUnrolled9(input, output, base, outBase, run, run.padded);
      continue;
    }
    const os = run.outStep;
    const ss = run.srcStep;
    const end = outBase + run.out0 + os * run.count;
    let k = run.coef[0]!;
    let s = base + run.offset[0]!;
    for (let o = outBase + run.out0; o < end; o += os, s += ss) output[o] = input[s]! * k;
    for (let j = 1; j < run.offset.length; j++) {
      k = run.coef[j]!;
      s = base + run.offset[j]!;
      for (let o = outBase + run.out0; o < end; o += os, s += ss) output[o] = output[o]! + fround(input[s]! * k);
    }
  }
  filterRowEdges(rowPlan, input, output, base, outBase);
}

/** The outputs of one row that no run covers, each summing its terms one by one (see filterRow). */
export function filterRowEdges(rowPlan: RowPlan, input: Float32Array, output: Float32Array, base: number, outBase = base): void {
  const fround = Math.fround;
  const { plan, edges } = rowPlan;
  const { start, source, coef } = plan;
  for (let e = 0; e < edges.length; e++) {
    const n = edges[e]!;
    const t0 = start[n]!;
    const t1 = start[n + 1]!;
    if (t0 === t1) {
      output[outBase + n] = 0;
      continue;
    }
    let acc = fround(input[base + source[t0]!]! * coef[t0]!);
    for (let t = t0 + 1; t < t1; t++) acc = fround(acc + fround(input[base + source[t]!]! * coef[t]!));
    output[outBase + n] = acc;
  }
}

/** One output row from four (padded) input rows, summed in a register per column. */
function columnUnrolled4(input: Float32Array, output: Float32Array, out: number, width: number, rows: Int32Array, coef: Float32Array): void {
  const f = Math.fround;
  const r0 = rows[0]!, r1 = rows[1]!, r2 = rows[2]!, r3 = rows[3]!;
  const k0 = coef[0]!, k1 = coef[1]!, k2 = coef[2]!, k3 = coef[3]!;
  for (let c = 0; c < width; c++) {
    let a = f(input[r0 + c]! * k0);
    a = f(a + f(input[r1 + c]! * k1));
    a = f(a + f(input[r2 + c]! * k2));
    output[out + c] = a + f(input[r3 + c]! * k3);
  }
}

/** One output row from seven (padded) input rows, summed in a register per column. */
function columnUnrolled7(input: Float32Array, output: Float32Array, out: number, width: number, rows: Int32Array, coef: Float32Array): void {
  const f = Math.fround;
  const r0 = rows[0]!, r1 = rows[1]!, r2 = rows[2]!, r3 = rows[3]!, r4 = rows[4]!, r5 = rows[5]!, r6 = rows[6]!;
  const k0 = coef[0]!, k1 = coef[1]!, k2 = coef[2]!, k3 = coef[3]!, k4 = coef[4]!, k5 = coef[5]!, k6 = coef[6]!;
  for (let c = 0; c < width; c++) {
    let a = f(input[r0 + c]! * k0);
    a = f(a + f(input[r1 + c]! * k1));
    a = f(a + f(input[r2 + c]! * k2));
    a = f(a + f(input[r3 + c]! * k3));
    a = f(a + f(input[r4 + c]! * k4));
    a = f(a + f(input[r5 + c]! * k5));
    output[out + c] = a + f(input[r6 + c]! * k6);
  }
}

/** One output row from nine (padded) input rows, summed in a register per column. */
function columnUnrolled9(input: Float32Array, output: Float32Array, out: number, width: number, rows: Int32Array, coef: Float32Array): void {
  const f = Math.fround;
  const r0 = rows[0]!, r1 = rows[1]!, r2 = rows[2]!, r3 = rows[3]!, r4 = rows[4]!, r5 = rows[5]!, r6 = rows[6]!, r7 = rows[7]!, r8 = rows[8]!;
  const k0 = coef[0]!, k1 = coef[1]!, k2 = coef[2]!, k3 = coef[3]!, k4 = coef[4]!, k5 = coef[5]!, k6 = coef[6]!, k7 = coef[7]!, k8 = coef[8]!;
  for (let c = 0; c < width; c++) {
    let a = f(input[r0 + c]! * k0);
    a = f(a + f(input[r1 + c]! * k1));
    a = f(a + f(input[r2 + c]! * k2));
    a = f(a + f(input[r3 + c]! * k3));
    a = f(a + f(input[r4 + c]! * k4));
    a = f(a + f(input[r5 + c]! * k5));
    a = f(a + f(input[r6 + c]! * k6));
    a = f(a + f(input[r7 + c]! * k7));
    output[out + c] = a + f(input[r8 + c]! * k8);
  }
}

/**
 * Filter every column of a region: output row i is the same weighted sum of input rows for every
 * column, so the inner loops run along contiguous rows. Same single-precision rounding as filterRows.
 */
export function filterColumns(
  plan: FilterPlan,
  input: Float32Array,
  output: Float32Array,
  stride: number,
  x: number,
  y: number,
  width: number,
  height: number,
  kernel = new ColumnKernel(false),
  wasm?: KernelMemory,
): void {
  const inKernelMemory = wasm !== undefined && input.buffer === wasm.buffer && output.buffer === wasm.buffer;
  const wasmPairs = inKernelMemory ? columnPairRuns(plan, pairsWithNext, pairRunCache) : undefined;
  const wasmLowPairs = inKernelMemory ? columnPairRuns(plan, lowPairsWithNext, lowPairRunCache) : undefined;
  for (let i = 0; i < height; ) {
    if (wasmPairs !== undefined && wasmPairs[i]! > 0) {
      const pairs = Math.min(wasmPairs[i]!, (height - i) >> 1);
      if (pairs > 0) {
        columnPair(plan, i, input, output, stride, x, y, width, wasm, pairs);
        i += 2 * pairs;
        continue;
      }
    }
    if (wasmLowPairs !== undefined && wasmLowPairs[i]! > 0) {
      const pairs = Math.min(wasmLowPairs[i]!, (height - i) >> 1);
      if (pairs > 0) {
        // Exactly the plan's terms (no padding), so exact whatever the samples.
        const bytes = Float32Array.BYTES_PER_ELEMENT;
        const t = plan.start[i]!;
        const u = plan.start[i + 1]!;
        const k = plan.coef;
        const even = output.byteOffset + ((y + i) * stride + x) * bytes;
        wasm!.columnLowPair(
          input.byteOffset + ((y + plan.source[t]!) * stride + x) * bytes,
          even,
          even + stride * bytes,
          stride * bytes,
          width,
          k[t]!, k[t + 1]!, k[t + 2]!,
          k[u]!, k[u + 1]!, k[u + 2]!, k[u + 3]!,
          pairs,
        );
        i += 2 * pairs;
        continue;
      }
    }
    if (i + 1 < height && pairsWithNext(plan, i)) {
      columnPair(plan, i, input, output, stride, x, y, width, wasm);
      i += 2;
    } else if (wasm === undefined && kernel.fourTerms && i + 1 < height && lowPairsWithNext(plan, i)) {
      columnLowPair(plan, i, input, output, stride, x, y, width);
      i += 2;
    } else {
      filterColumnRow(plan, i, input, output, stride, x, y, width, kernel, wasm);
      i++;
    }
  }
}

/** Per plan (plans are cached and immutable): see columnPairRuns. */
const pairRunCache = new WeakMap<FilterPlan, Int32Array>();
const lowPairRunCache = new WeakMap<FilterPlan, Int32Array>();

/**
 * For each output i of the plan: how many pairs of outputs from i on (i and i + 1, i + 2 and i + 3,
 * ...) pass `pairs` (pairsWithNext or lowPairsWithNext) with the same coefficients, each pair reading
 * rows one below the pair before; 0 where i starts no pair. One call of the kernels makes them all.
 */
function columnPairRuns(plan: FilterPlan, pairs: (plan: FilterPlan, i: number) => boolean, cache: WeakMap<FilterPlan, Int32Array>): Int32Array {
  let runs = cache.get(plan);
  if (runs !== undefined) return runs;
  const n = plan.start.length - 1;
  runs = new Int32Array(n + 2);
  for (let i = n - 2; i >= 0; i--) {
    if (!pairs(plan, i)) continue;
    runs[i] = i + 3 < n && runs[i + 2]! > 0 && nextPairShifted(plan, i) ? runs[i + 2]! + 1 : 1;
  }
  cache.set(plan, runs);
  return runs;
}

/** Whether outputs i + 2 and i + 3 take the terms of outputs i and i + 1, each source one row further. */
function nextPairShifted(plan: FilterPlan, i: number): boolean {
  const { start, source, coef } = plan;
  const t = start[i]!;
  const u = start[i + 2]!;
  const count = u - t;
  if (start[i + 4]! - u !== count) return false;
  for (let j = 0; j < count; j++) if (source[u + j] !== source[t + j]! + 1 || coef[u + j] !== coef[t + j]) return false;
  return true;
}

/**
 * Whether output i reads three consecutive low-band rows then four high-band ones, and output i + 1
 * the same low rows and one more, then the same high rows and one more (a 7/9 synthesis away from
 * the edges): columnPair then makes both.
 */
export function pairsWithNext(plan: FilterPlan, i: number): boolean {
  const { start, source } = plan;
  const t = start[i]!;
  const u = start[i + 1]!;
  if (u - t !== SHORT_KERNEL_TERMS || start[i + 2]! - u !== UNROLLED_TERMS) return false;
  const low = source[t]!;
  const high = source[t + 3]!;
  for (let j = 0; j < 3; j++) if (source[t + j] !== low + j) return false;
  for (let j = 0; j < 4; j++) if (source[t + 3 + j] !== high + j) return false;
  for (let j = 0; j < 4; j++) if (source[u + j] !== low + j) return false;
  for (let j = 0; j < 5; j++) if (source[u + 4 + j] !== high + j) return false;
  return true;
}

/**
 * Whether output i reads three consecutive rows and output i + 1 the same and the next one (a 7/9
 * synthesis whose high band is known to be zero: see columnsReadingAbove in wavelet-synthesis.ts).
 */
function lowPairsWithNext(plan: FilterPlan, i: number): boolean {
  const { start, source } = plan;
  const t = start[i]!;
  const u = start[i + 1]!;
  if (u - t !== 3 || start[i + 2]! - u !== FOUR_TERMS) return false;
  const low = source[t]!;
  for (let j = 0; j < 3; j++) if (source[t + j] !== low + j) return false;
  for (let j = 0; j < 4; j++) if (source[u + j] !== low + j) return false;
  return true;
}

/**
 * Output rows i and i + 1 of filterColumns when lowPairsWithNext: the four samples of a column are
 * loaded once for both sums. Only for finite samples, like the four-term kernel it replaces (which
 * adds a leading 0 x sample to three-term outputs: exactly nothing, when the sample is finite).
 */
function columnLowPair(plan: FilterPlan, i: number, input: Float32Array, output: Float32Array, stride: number, x: number, y: number, width: number): void {
  const f = Math.fround;
  const t = plan.start[i]!;
  const u = plan.start[i + 1]!;
  const k = plan.coef;
  const e0 = k[t]!, e1 = k[t + 1]!, e2 = k[t + 2]!;
  const d0 = k[u]!, d1 = k[u + 1]!, d2 = k[u + 2]!, d3 = k[u + 3]!;
  const low = (y + plan.source[t]!) * stride + x;
  const even = (y + i) * stride + x;
  const odd = even + stride;
  const s2 = 2 * stride;
  const s3 = 3 * stride;
  for (let c = 0; c < width; c++) {
    const p = low + c;
    const l0 = input[p]!, l1 = input[p + stride]!, l2 = input[p + s2]!, l3 = input[p + s3]!;
    let a = f(l0 * e0);
    let b = f(l0 * d0);
    a = f(a + f(l1 * e1));
    b = f(b + f(l1 * d1));
    output[even + c] = a + f(l2 * e2);
    b = f(b + f(l2 * d2));
    output[odd + c] = b + f(l3 * d3);
  }
}

/**
 * Output rows i and i + 1 of filterColumns when pairsWithNext: per column, the nine input samples
 * are loaded once for both sums, each accumulated in its plan's order. With the kernels, `pairs`
 * pairs from i on at once (see columnPairRuns); without them only one.
 */
export function columnPair(
  plan: FilterPlan,
  i: number,
  input: Float32Array,
  output: Float32Array,
  stride: number,
  x: number,
  y: number,
  width: number,
  wasm: KernelMemory | undefined,
  pairs = 1,
): void {
  const t = plan.start[i]!;
  const u = plan.start[i + 1]!;
  const k = plan.coef;
  if (wasm !== undefined && input.buffer === wasm.buffer && output.buffer === wasm.buffer) {
    const bytes = Float32Array.BYTES_PER_ELEMENT;
    const even = output.byteOffset + ((y + i) * stride + x) * bytes;
    wasm.columnPair(
      input.byteOffset + ((y + plan.source[t]!) * stride + x) * bytes,
      input.byteOffset + ((y + plan.source[t + 3]!) * stride + x) * bytes,
      even,
      even + stride * bytes,
      stride * bytes,
      width,
      k[t]!, k[t + 1]!, k[t + 2]!, k[t + 3]!, k[t + 4]!, k[t + 5]!, k[t + 6]!,
      k[u]!, k[u + 1]!, k[u + 2]!, k[u + 3]!, k[u + 4]!, k[u + 5]!, k[u + 6]!, k[u + 7]!, k[u + 8]!,
      pairs,
    );
    return;
  }
  const f = Math.fround;
  const e0 = k[t]!, e1 = k[t + 1]!, e2 = k[t + 2]!, e3 = k[t + 3]!, e4 = k[t + 4]!, e5 = k[t + 5]!, e6 = k[t + 6]!;
  const d0 = k[u]!, d1 = k[u + 1]!, d2 = k[u + 2]!, d3 = k[u + 3]!, d4 = k[u + 4]!, d5 = k[u + 5]!, d6 = k[u + 6]!, d7 = k[u + 7]!, d8 = k[u + 8]!;
  const low = (y + plan.source[t]!) * stride + x;
  const high = (y + plan.source[t + 3]!) * stride + x;
  const even = (y + i) * stride + x;
  const odd = even + stride;
  const s2 = 2 * stride;
  const s3 = 3 * stride;
  const s4 = 4 * stride;
  for (let c = 0; c < width; c++) {
    const p = low + c;
    const q = high + c;
    const l0 = input[p]!, l1 = input[p + stride]!, l2 = input[p + s2]!, l3 = input[p + s3]!;
    const h0 = input[q]!, h1 = input[q + stride]!, h2 = input[q + s2]!, h3 = input[q + s3]!, h4 = input[q + s4]!;
    let a = f(l0 * e0);
    let b = f(l0 * d0);
    a = f(a + f(l1 * e1));
    b = f(b + f(l1 * d1));
    a = f(a + f(l2 * e2));
    b = f(b + f(l2 * d2));
    a = f(a + f(h0 * e3));
    b = f(b + f(l3 * d3));
    a = f(a + f(h1 * e4));
    b = f(b + f(h0 * d4));
    a = f(a + f(h2 * e5));
    b = f(b + f(h1 * d5));
    output[even + c] = a + f(h3 * e6);
    b = f(b + f(h2 * d6));
    b = f(b + f(h3 * d7));
    output[odd + c] = b + f(h4 * d8);
  }
}

/** Row and coefficient buffers for the unrolled column kernels, reused from one output row to the next. */
export class ColumnKernel {
  readonly rows4 = new Int32Array(FOUR_TERMS);
  readonly coefs4 = new Float32Array(FOUR_TERMS);
  readonly rows7 = new Int32Array(SHORT_KERNEL_TERMS);
  readonly coefs7 = new Float32Array(SHORT_KERNEL_TERMS);
  readonly rows9 = new Int32Array(UNROLLED_TERMS);
  readonly coefs9 = new Float32Array(UNROLLED_TERMS);

  /**
   * `fourTerms`: outputs of up to four terms (where only one band is read) take a four-term kernel
   * rather than being padded to seven. Padding adds 0 x sample, which is NaN for an infinite sample,
   * so this is only for callers that know every sample is finite.
   */
  constructor(readonly fourTerms: boolean) {}
}

/** Kernel size for a column output with `count` terms, or 0 for the generic loop. */
export function columnKernelSize(count: number, kernel: ColumnKernel): number {
  return kernel.fourTerms && count <= FOUR_TERMS ? FOUR_TERMS : kernelSize(count);
}

/** Output row i of filterColumns. */
export function filterColumnRow(
  plan: FilterPlan,
  i: number,
  input: Float32Array,
  output: Float32Array,
  stride: number,
  x: number,
  y: number,
  width: number,
  kernel: ColumnKernel,
  wasm?: KernelMemory,
): void {
  const fround = Math.fround;
  const out = (y + i) * stride + x;
  const t0 = plan.start[i]!;
  const t1 = plan.start[i + 1]!;
  if (t0 === t1) {
    output.fill(0, out, out + width);
    return;
  }
  // The kernels below pad with 0 x sample terms, exact only for finite samples (kernel.fourTerms):
  // where those are known, the WebAssembly loop sums the terms themselves.
  if (wasm !== undefined && kernel.fourTerms && input.buffer === wasm.buffer && output.buffer === wasm.buffer && (t1 - t0) * 8 <= TABLE_BYTES) {
    const bytes = Float32Array.BYTES_PER_ELEMENT;
    const { tableWords: words, tableFloats: floats } = wasm;
    for (let t = t0, at = 0; t < t1; t++, at += 2) {
      words[at] = input.byteOffset + ((y + plan.source[t]!) * stride + x) * bytes;
      floats[at + 1] = plan.coef[t]!;
    }
    wasm.columnTerms(output.byteOffset + out * bytes, width, wasm.table, t1 - t0);
    return;
  }
  const size = columnKernelSize(t1 - t0, kernel);
  if (size > 0) {
    const rows = size === FOUR_TERMS ? kernel.rows4 : size === SHORT_KERNEL_TERMS ? kernel.rows7 : kernel.rows9;
    const coefs = size === FOUR_TERMS ? kernel.coefs4 : size === SHORT_KERNEL_TERMS ? kernel.coefs7 : kernel.coefs9;
    const pad = size - (t1 - t0);
    for (let j = 0; j < size; j++) {
      const t = j < pad ? t0 : t0 + j - pad;
      rows[j] = (y + plan.source[t]!) * stride + x;
      coefs[j] = j < pad ? 0 : plan.coef[t]!;
    }
    if (size === FOUR_TERMS) columnUnrolled4(input, output, out, width, rows, coefs);
    else if (size === SHORT_KERNEL_TERMS) columnUnrolled7(input, output, out, width, rows, coefs);
    else columnUnrolled9(input, output, out, width, rows, coefs);
    return;
  }
  let src = (y + plan.source[t0]!) * stride + x;
  let k = plan.coef[t0]!;
  for (let c = 0; c < width; c++) output[out + c] = input[src + c]! * k;
  for (let t = t0 + 1; t < t1; t++) {
    src = (y + plan.source[t]!) * stride + x;
    k = plan.coef[t]!;
    for (let c = 0; c < width; c++) output[out + c] = output[out + c]! + fround(input[src + c]! * k);
  }
}
