import { analysisPlan, filterBank, type FilterBank, type FilterPlan } from './filter-bank.js';
import { compileRowPlan, filterColumns, filterRows, type RowPlan } from './separable-filter.js';
import type { WsqGeometry } from './subband-geometry.js';
import type { WsqTransformTable } from './types.js';
import { wsqError } from './wsq-error.js';

/** Analysis plans depend only on the signal length and the inversion flag. */
class AnalysisPlans {
  private readonly plans = new Map<number, FilterPlan>();
  private readonly compiled = new Map<number, RowPlan>();
  constructor(private readonly bank: FilterBank) {}
  columns(n: number, invert: boolean): FilterPlan {
    const key = n * 2 + (invert ? 1 : 0);
    let p = this.plans.get(key);
    if (p === undefined) {
      p = analysisPlan(this.bank, n, invert);
      this.plans.set(key, p);
    }
    return p;
  }
  /** Analysis outputs form two classes (the low half and the high half); each reads the signal at stride 2. */
  rows(n: number, invert: boolean): RowPlan {
    const key = n * 2 + (invert ? 1 : 0);
    let p = this.compiled.get(key);
    if (p === undefined) {
      const firstHalf = invert ? n >> 1 : (n + 1) >> 1;
      p = compileRowPlan(this.columns(n, invert), n, [
        { first: 0, end: firstHalf, outStep: 1, srcStep: 2 },
        { first: firstHalf, end: n, outStep: 1, srcStep: 2 },
      ]);
      this.compiled.set(key, p);
    }
    return p;
  }
}

/**
 * Forward wavelet transform in place: each split filters the rows of its region, then the columns,
 * parents before children. Every product and every sum is rounded to single precision, in the order
 * NIST's reference encoder accumulates (taps from the lowest mirrored sample up), so quantisation
 * decisions match the reference.
 */
export function decompose(
  plane: Float32Array,
  scratch: Float32Array,
  stride: number,
  geometry: WsqGeometry,
  transform: WsqTransformTable,
): void {
  const bank = filterBank(transform);
  if (bank.evenLength) throw wsqError('UNSUPPORTED', 0, 'DTT', 'the encoder only implements odd-length (whole-sample symmetric) filters');
  const plans = new AnalysisPlans(bank);
  for (const { region, invertX, invertY } of geometry.splits) {
    const { x, y, width, height } = region;
    if (width === 0 || height === 0) continue;
    filterRows(plans.rows(width, invertX), plane, scratch, stride, x, y, height);
    filterColumns(plans.columns(height, invertY), scratch, plane, stride, x, y, width, height);
  }
}
