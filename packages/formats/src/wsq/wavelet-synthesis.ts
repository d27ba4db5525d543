import { DECODER } from './decoder-parameters.js';
import { filterBank, synthesisPlan, type FilterBank, type FilterPlan } from './filter-bank.js';
import { compileRowPlan, filterColumns, filterRows, type RowPlan } from './separable-filter.js';
import { filterColumnsSkippingZeros, filterRowsSkippingZeros, NonzeroRows, rowScatter, type RowScatter } from './sparse-synthesis.js';
import type { Rect, WsqGeometry } from './subband-geometry.js';
import type { WsqTransformTable } from './types.js';

/** Plans depend only on the filters, the length and inversion; images reuse a handful of them. */
class SynthesisPlans {
  private readonly plans = new Map<number, FilterPlan>();
  private readonly compiled = new Map<number, RowPlan>();
  private readonly scatters = new Map<number, RowScatter | undefined>();
  private readonly readingAbove = new Map<number, FilterPlan>();
  /** Sum of the absolute synthesis taps of both bands: no output exceeds its inputs' magnitude times this. */
  readonly gain: number;

  constructor(private readonly bank: FilterBank) {
    let gain = 0;
    for (const f of [bank.synthesisLow, bank.synthesisHigh]) for (const tap of f.taps) gain += Math.abs(tap);
    this.gain = gain;
  }

  columns(n: number, invert: boolean): FilterPlan {
    const key = n * 2 + (invert ? 1 : 0);
    let p = this.plans.get(key);
    if (p === undefined) {
      p = synthesisPlan(this.bank, n, invert);
      this.plans.set(key, p);
    }
    return p;
  }

  /** The root's column plan (not inverted) without the terms that read rows from `limit` on. */
  columnsReadingAbove(n: number, limit: number): FilterPlan {
    const key = n * 2 ** 20 + limit;
    const cached = this.readingAbove.get(key);
    if (cached !== undefined) return cached;
    const full = this.columns(n, false);
    const start = new Int32Array(n + 1);
    const source: number[] = [];
    const coef: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let t = full.start[i]!; t < full.start[i + 1]!; t++) {
        if (full.source[t]! >= limit) continue;
        source.push(full.source[t]!);
        coef.push(full.coef[t]!);
      }
      start[i + 1] = source.length;
    }
    const plan = { start, source: Int32Array.from(source), coef: Float32Array.from(coef) };
    this.readingAbove.set(key, plan);
    return plan;
  }

  /** Synthesis outputs form two polyphase classes (even and odd samples); each reads both bands at stride 1. */
  rows(n: number, invert: boolean): RowPlan {
    const key = n * 2 + (invert ? 1 : 0);
    let p = this.compiled.get(key);
    if (p === undefined) {
      p = compileRowPlan(this.columns(n, invert), n, [
        { first: 0, end: n, outStep: 2, srcStep: 1 },
        { first: 1, end: n, outStep: 2, srcStep: 1 },
      ]);
      this.compiled.set(key, p);
    }
    return p;
  }

  /** The row plan's terms grouped by band, for scattering sparse rows (see rowScatter). */
  scatter(n: number, invert: boolean): RowScatter | undefined {
    const key = n * 2 + (invert ? 1 : 0);
    if (this.scatters.has(key)) return this.scatters.get(key);
    const lowLength = (n + 1) >> 1;
    const highLength = n >> 1;
    const s = rowScatter(this.rows(n, invert), invert ? highLength : 0, lowLength, invert ? 0 : lowLength, highLength);
    this.scatters.set(key, s);
    return s;
  }
}

/**
 * Plans of the filter banks met most recently: a batch of images from one encoder shares one bank,
 * and building the plans costs about as much as a tenth of a decode.
 */
const recentPlans: { taps: Float32Array[]; plans: SynthesisPlans }[] = [];

function sameTaps(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function plansFor(transform: WsqTransformTable): SynthesisPlans {
  const taps = [transform.lowpass, transform.highpass];
  const found = recentPlans.findIndex((e) => sameTaps(e.taps[0]!, taps[0]!) && sameTaps(e.taps[1]!, taps[1]!));
  if (found >= 0) {
    const entry = recentPlans[found]!;
    if (found > 0) {
      recentPlans.splice(found, 1);
      recentPlans.unshift(entry);
    }
    return entry.plans;
  }
  const plans = new SynthesisPlans(filterBank(transform));
  recentPlans.unshift({ taps: [Float32Array.from(taps[0]!), Float32Array.from(taps[1]!)], plans });
  if (recentPlans.length > DECODER.recentFilterBanks) recentPlans.pop();
  return plans;
}

/** What dequantisation learnt about the plane: its largest magnitude and each subband's nonzero count. */
export interface PlaneSparsity {
  largestMagnitude: number;
  nonzeroCounts: Int32Array;
}

/**
 * Share of nonzero samples a split starts from: its quadrants that are subbands count their nonzero
 * coefficients, the others (reconstructed by child splits) count as dense.
 */
function splitNonzeroShare(region: Rect, invertX: boolean, invertY: boolean, subbands: readonly Rect[], nonzeroCounts: Int32Array): number {
  const { x, y, width, height } = region;
  const firstWidth = invertX ? width >> 1 : (width + 1) >> 1;
  const firstHeight = invertY ? height >> 1 : (height + 1) >> 1;
  let nonzero = 0;
  for (const [qx, qw] of [[x, firstWidth], [x + firstWidth, width - firstWidth]] as const) {
    for (const [qy, qh] of [[y, firstHeight], [y + firstHeight, height - firstHeight]] as const) {
      const k = subbands.findIndex((b) => b.x === qx && b.y === qy && b.width === qw && b.height === qh);
      nonzero += k >= 0 ? nonzeroCounts[k]! : qw * qh;
    }
  }
  return nonzero / (width * height);
}

/**
 * Inverse wavelet transform in place: undo each split, children first, columns then rows, in single
 * precision (every product and every sum rounded to float) as the reference decoder does.
 * `plane` holds the dequantised subbands, `stride` wide; `scratch` is a buffer of the same size.
 * Given what dequantisation saw (`sparsity`), splits that start mostly from zeros skip the terms
 * reading zero samples, when no intermediate value can overflow (see sparse-synthesis.ts).
 */
export function reconstruct(
  plane: Float32Array,
  scratch: Float32Array,
  stride: number,
  geometry: WsqGeometry,
  transform: WsqTransformTable,
  sparsity?: PlaneSparsity,
): void {
  const plans = plansFor(transform);
  // Each split filters twice; no value grows by more than the gain per filtering.
  const bound = sparsity === undefined ? Infinity : sparsity.largestMagnitude * Math.max(1, plans.gain) ** (2 * geometry.splits.length);
  const rows = bound < DECODER.finiteBound ? new NonzeroRows(stride, plane.length / Math.max(1, stride)) : undefined;
  for (let s = geometry.splits.length - 1; s >= 0; s--) {
    const { region, invertX, invertY } = geometry.splits[s]!;
    const { x, y, width, height } = region;
    if (width === 0 || height === 0) continue;
    const skip =
      rows !== undefined && splitNonzeroShare(region, invertX, invertY, geometry.subbands, sparsity!.nonzeroCounts) < DECODER.sparseSplitShare
        ? rows
        : undefined;
    const filterPart = (plan: FilterPlan, left: number, columns: number): void => {
      if (skip === undefined) filterColumns(plan, plane, scratch, stride, left, y, columns, height, rows?.kernel);
      else filterColumnsSkippingZeros(plan, plane, scratch, stride, left, y, columns, height, skip);
    };
    const columns = plans.columns(height, invertY);
    if (s === 0) {
      // The whole image's bottom-right quarter (subbands 60-63) is never coded: it is all zeros, so
      // for the right half's columns its rows add nothing (x + 0 = x) and their terms are skipped.
      const left = (width + 1) >> 1;
      const top = (height + 1) >> 1;
      filterPart(columns, x, left);
      filterPart(plans.columnsReadingAbove(height, top), x + left, width - left);
    } else {
      filterPart(columns, x, width);
    }
    if (skip === undefined) filterRows(plans.rows(width, invertX), scratch, plane, stride, x, y, height);
    else filterRowsSkippingZeros(plans.rows(width, invertX), plans.scatter(width, invertX), scratch, plane, stride, x, y, width, height, skip);
  }
}
