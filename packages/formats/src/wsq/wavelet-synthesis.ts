import { filterBank, synthesisPlan, type FilterBank, type FilterPlan } from './filter-bank.js';
import { compileRowPlan, filterColumns, filterRows, type RowPlan } from './separable-filter.js';
import type { WsqGeometry } from './subband-geometry.js';
import type { WsqTransformTable } from './types.js';

/** Plans depend only on length and inversion; images reuse a handful of them. */
class SynthesisPlans {
  private readonly plans = new Map<number, FilterPlan>();
  private readonly compiled = new Map<number, RowPlan>();
  constructor(private readonly bank: FilterBank) {}
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
    return { start, source: Int32Array.from(source), coef: Float32Array.from(coef) };
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
}

/**
 * Inverse wavelet transform in place: undo each split, children first, columns then rows, in single
 * precision (every product and every sum rounded to float) as the reference decoder does.
 * `plane` holds the dequantised subbands, `stride` wide; `scratch` is a buffer of the same size.
 */
export function reconstruct(
  plane: Float32Array,
  scratch: Float32Array,
  stride: number,
  geometry: WsqGeometry,
  transform: WsqTransformTable,
): void {
  const plans = new SynthesisPlans(filterBank(transform));
  for (let s = geometry.splits.length - 1; s >= 0; s--) {
    const { region, invertX, invertY } = geometry.splits[s]!;
    const { x, y, width, height } = region;
    if (width === 0 || height === 0) continue;
    const columns = plans.columns(height, invertY);
    if (s === 0) {
      // The whole image's bottom-right quarter (subbands 60-63) is never coded: it is all zeros, so
      // for the right half's columns its rows add nothing (x + 0 = x) and their terms are skipped.
      const left = (width + 1) >> 1;
      const top = (height + 1) >> 1;
      filterColumns(columns, plane, scratch, stride, x, y, left, height);
      filterColumns(plans.columnsReadingAbove(height, top), plane, scratch, stride, x + left, y, width - left, height);
    } else {
      filterColumns(columns, plane, scratch, stride, x, y, width, height);
    }
    filterRows(plans.rows(width, invertX), scratch, plane, stride, x, y, height);
  }
}
