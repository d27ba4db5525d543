import { filterBank, synthesisPlan, type FilterBank, type FilterPlan } from './filter-bank.js';
import type { WsqGeometry } from './subband-geometry.js';
import type { WsqTransformTable } from './types.js';

/** Plans depend only on length and inversion; images reuse a handful of them. */
class PlanCache {
  private readonly plans = new Map<number, FilterPlan>();
  constructor(private readonly bank: FilterBank) {}
  get(n: number, invert: boolean): FilterPlan {
    const key = n * 2 + (invert ? 1 : 0);
    let p = this.plans.get(key);
    if (p === undefined) {
      p = synthesisPlan(this.bank, n, invert);
      this.plans.set(key, p);
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
  const cache = new PlanCache(filterBank(transform));
  const fround = Math.fround;
  for (let s = geometry.splits.length - 1; s >= 0; s--) {
    const { region, invertX, invertY } = geometry.splits[s]!;
    const { x, y, width, height } = region;
    if (width === 0 || height === 0) continue;

    // Columns: output row i of the region is a weighted sum of source rows, the same for every column.
    const col = cache.get(height, invertY);
    for (let i = 0; i < height; i++) {
      const out = (y + i) * stride + x;
      const t0 = col.start[i]!;
      const t1 = col.start[i + 1]!;
      if (t0 === t1) {
        scratch.fill(0, out, out + width);
        continue;
      }
      let src = (y + col.source[t0]!) * stride + x;
      let k = col.coef[t0]!;
      for (let c = 0; c < width; c++) scratch[out + c] = plane[src + c]! * k;
      for (let t = t0 + 1; t < t1; t++) {
        src = (y + col.source[t]!) * stride + x;
        k = col.coef[t]!;
        for (let c = 0; c < width; c++) scratch[out + c] = scratch[out + c]! + fround(plane[src + c]! * k);
      }
    }

    // Rows.
    const row = cache.get(width, invertX);
    const start = row.start;
    const source = row.source;
    const coef = row.coef;
    for (let r = 0; r < height; r++) {
      const base = (y + r) * stride + x;
      for (let n = 0; n < width; n++) {
        const t0 = start[n]!;
        const t1 = start[n + 1]!;
        if (t0 === t1) {
          plane[base + n] = 0;
          continue;
        }
        let acc = fround(scratch[base + source[t0]!]! * coef[t0]!);
        for (let t = t0 + 1; t < t1; t++) acc = fround(acc + fround(scratch[base + source[t]!]! * coef[t]!));
        plane[base + n] = acc;
      }
    }
  }
}
