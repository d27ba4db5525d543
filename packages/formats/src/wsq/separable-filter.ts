import type { FilterPlan } from './filter-bank.js';

/**
 * Outputs out0, out0 + outStep, ... (count of them) that all take the same terms: term j reads
 * source offset[j] + srcStep * m for the m-th output, times coef[j]. Filters are shift-invariant away
 * from the edges, so each polyphase class of outputs has one long such run.
 */
interface PhaseRun {
  /** The terms padded for the unrolled kernel, when they fit. */
  padded: { offset: Int32Array; coef: Float32Array } | undefined;
  out0: number;
  outStep: number;
  count: number;
  srcStep: number;
  offset: Int32Array;
  coef: Float32Array;
}

/** A FilterPlan split into shift-invariant runs (filtered term-major) and edge outputs (one by one). */
export interface RowPlan {
  plan: FilterPlan;
  runs: PhaseRun[];
  /** Outputs not covered by a run. */
  edges: Int32Array;
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
    runs.push({ padded, out0, outStep: c.outStep, count: hi - lo + 1, srcStep: c.srcStep, offset, coef });
    for (let m = lo; m <= hi; m++) covered[c.first + m * c.outStep] = 1;
  }
  const edges: number[] = [];
  for (let n = 0; n < length; n++) if (covered[n] === 0) edges.push(n);
  return { plan, runs, edges: Int32Array.from(edges) };
}

/**
 * Most terms an output of the unrolled kernels may have: the 7/9 filters give outputs of 7 and 9
 * terms, each with its own kernel; longer filters take the generic loops.
 */
const UNROLLED_TERMS = 9;
const SHORT_KERNEL_TERMS = 7;

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
  const end = base + run.out0 + os * run.count;
  for (let out = base + run.out0; out < end; out += os, s += ss) {
    let a = f(input[s + o0]! * k0);
    a = f(a + f(input[s + o1]! * k1));
    a = f(a + f(input[s + o2]! * k2));
    a = f(a + f(input[s + o3]! * k3));
    a = f(a + f(input[s + o4]! * k4));
    a = f(a + f(input[s + o5]! * k5));
    output[out] = a + f(input[s + o6]! * k6);
  }
}

/** One run of outputs, nine terms each, summed in a register (single precision at every step). */
function runUnrolled9(
  input: Float32Array,
  output: Float32Array,
  base: number,
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
  const end = base + run.out0 + os * run.count;
  for (let out = base + run.out0; out < end; out += os, s += ss) {
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
): void {
  const fround = Math.fround;
  const { plan, runs, edges } = rowPlan;
  const { start, source, coef } = plan;
  for (let r = 0; r < height; r++) {
    const base = (y + r) * stride + x;
    for (const run of runs) {
      if (run.padded !== undefined) {
        if (run.padded.offset.length === SHORT_KERNEL_TERMS) runUnrolled7(input, output, base, run, run.padded);
        else runUnrolled9(input, output, base, run, run.padded);
        continue;
      }
      const os = run.outStep;
      const ss = run.srcStep;
      const end = base + run.out0 + os * run.count;
      let k = run.coef[0]!;
      let s = base + run.offset[0]!;
      for (let o = base + run.out0; o < end; o += os, s += ss) output[o] = input[s]! * k;
      for (let j = 1; j < run.offset.length; j++) {
        k = run.coef[j]!;
        s = base + run.offset[j]!;
        for (let o = base + run.out0; o < end; o += os, s += ss) output[o] = output[o]! + fround(input[s]! * k);
      }
    }
    for (let e = 0; e < edges.length; e++) {
      const n = edges[e]!;
      const t0 = start[n]!;
      const t1 = start[n + 1]!;
      if (t0 === t1) {
        output[base + n] = 0;
        continue;
      }
      let acc = fround(input[base + source[t0]!]! * coef[t0]!);
      for (let t = t0 + 1; t < t1; t++) acc = fround(acc + fround(input[base + source[t]!]! * coef[t]!));
      output[base + n] = acc;
    }
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
): void {
  const fround = Math.fround;
  const rows7 = new Int32Array(SHORT_KERNEL_TERMS);
  const coefs7 = new Float32Array(SHORT_KERNEL_TERMS);
  const rows9 = new Int32Array(UNROLLED_TERMS);
  const coefs9 = new Float32Array(UNROLLED_TERMS);
  for (let i = 0; i < height; i++) {
    const out = (y + i) * stride + x;
    const t0 = plan.start[i]!;
    const t1 = plan.start[i + 1]!;
    if (t0 === t1) {
      output.fill(0, out, out + width);
      continue;
    }
    const size = kernelSize(t1 - t0);
    if (size > 0) {
      const rows = size === SHORT_KERNEL_TERMS ? rows7 : rows9;
      const coefs = size === SHORT_KERNEL_TERMS ? coefs7 : coefs9;
      const pad = size - (t1 - t0);
      for (let j = 0; j < size; j++) {
        const t = j < pad ? t0 : t0 + j - pad;
        rows[j] = (y + plan.source[t]!) * stride + x;
        coefs[j] = j < pad ? 0 : plan.coef[t]!;
      }
      if (size === SHORT_KERNEL_TERMS) columnUnrolled7(input, output, out, width, rows, coefs);
      else columnUnrolled9(input, output, out, width, rows, coefs);
      continue;
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
}
