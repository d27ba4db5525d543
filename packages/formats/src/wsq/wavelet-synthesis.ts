import { DECODER } from './decoder-parameters.js';
import { filterBank, synthesisPlan, type FilterBank, type FilterPlan } from './filter-bank.js';
import { greyRun } from './dequantize.js';
import { compileRowPlan, filterColumns, filterRow, filterRows, type RowPlan } from './separable-filter.js';
import { filterColumnsSkippingZeros, filterRowsSkippingZeros, NonzeroRows, rowScatter, type RowScatter } from './sparse-synthesis.js';
import type { KernelMemory } from './single-precision-kernels.js';
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

/** The zero-skipping buffers of the last decode, kept for the next one (decoding is synchronous). */
let keptRows: NonzeroRows | undefined;

/** Zero-skipping buffers for a plane `width` wide and `height` high. */
function nonzeroRows(width: number, height: number): NonzeroRows {
  if (keptRows !== undefined && keptRows.maxWidth >= width && keptRows.maxHeight >= height) return keptRows;
  const rows = new NonzeroRows(width, height);
  if (width * height <= DECODER.keptPlaneSamples) keptRows = rows;
  return rows;
}

/** Where the 8-bit image goes, and the frame's normalisation to undo (see greyRun). */
export interface GreyOutput {
  pixels: Uint8Array;
  shift: number;
  scale: number;
  /** With the WebAssembly kernels: where in their memory the pixels may be made before being copied out. */
  pixelArea: number;
}

/**
 * Inverse wavelet transform in place: undo each split, children first, columns then rows, in single
 * precision (every product and every sum rounded to float) as the reference decoder does.
 * `plane` holds the dequantised subbands, `stride` wide; `scratch` is a buffer of the same size.
 * Given what dequantisation saw (`sparsity`), splits that start mostly from zeros skip the terms
 * reading zero samples, when no intermediate value can overflow (see sparse-synthesis.ts).
 * With `grey`, the image also goes there as 8-bit pixels: the last row pass then hands each row to
 * the conversion while it is in cache, and leaves `plane` undefined. With `wasmMemory`, whose memory
 * holds `plane` and `scratch`, its kernels do what they can.
 */
export function reconstruct(
  plane: Float32Array,
  scratch: Float32Array,
  stride: number,
  geometry: WsqGeometry,
  transform: WsqTransformTable,
  sparsity?: PlaneSparsity,
  grey?: GreyOutput,
  wasmMemory?: KernelMemory,
): void {
  const plans = plansFor(transform);
  // Each split filters twice; no value grows by more than the gain per filtering.
  const bound = sparsity === undefined ? Infinity : sparsity.largestMagnitude * Math.max(1, plans.gain) ** (2 * geometry.splits.length);
  const rows = bound < DECODER.finiteBound ? nonzeroRows(stride, plane.length / Math.max(1, stride)) : undefined;
  // The JavaScript kernels pad some sums with 0 x sample terms (exact for finite samples only) where
  // the WebAssembly ones add just the terms: they are used where every sample is known finite.
  const wasm = rows === undefined ? undefined : wasmMemory;
  const sparseSplitShare = wasm === undefined ? DECODER.sparseSplitShare : DECODER.sparseSplitShareWasm;
  for (let s = geometry.splits.length - 1; s >= 0; s--) {
    const { region, invertX, invertY } = geometry.splits[s]!;
    const { x, y, width, height } = region;
    if (width === 0 || height === 0) continue;
    // A share is never negative: with a threshold of 0 no split skips, and none need be measured.
    const skip =
      rows !== undefined && sparseSplitShare > 0 && splitNonzeroShare(region, invertX, invertY, geometry.subbands, sparsity!.nonzeroCounts) < sparseSplitShare
        ? rows
        : undefined;
    const filterPart = (plan: FilterPlan, left: number, columns: number): void => {
      if (skip === undefined) filterColumns(plan, plane, scratch, stride, left, y, columns, height, rows?.kernel, wasm);
      else filterColumnsSkippingZeros(plan, plane, scratch, stride, left, y, columns, height, skip, wasm);
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
    if (s === 0 && grey !== undefined && skip === undefined && x === 0 && y === 0 && width === stride) {
      filterRowsToGrey(plans.rows(width, invertX), scratch, plane, width, height, grey, wasm);
      return;
    }
    if (skip === undefined) filterRows(plans.rows(width, invertX), scratch, plane, stride, x, y, height, wasm);
    else filterRowsSkippingZeros(plans.rows(width, invertX), plans.scatter(width, invertX), scratch, plane, stride, x, y, width, height, skip, wasm);
  }
  if (grey !== undefined) greyRun(plane, 0, grey.shift, grey.scale, grey.pixels, 0, grey.pixels.length);
}

/**
 * The last row pass fused with the conversion to grey: each row is filtered into the start of
 * `rowBuffer` (whose contents are dead by then) and converted from there, so the float image is
 * never written out whole and read back.
 */
function filterRowsToGrey(
  rowPlan: RowPlan,
  input: Float32Array,
  rowBuffer: Float32Array,
  width: number,
  height: number,
  grey: GreyOutput,
  wasm: KernelMemory | undefined,
): void {
  const { pixels, shift, scale, pixelArea } = grey;
  if (wasm !== undefined && rowBuffer.buffer === wasm.buffer && input.buffer === wasm.buffer && pixelArea + pixels.length <= wasm.buffer.byteLength) {
    // The kernels are fast enough that one pass over the whole plane costs less than a call per row.
    filterRows(rowPlan, input, rowBuffer, width, 0, 0, height, wasm);
    wasm.grey(rowBuffer.byteOffset, pixelArea, pixels.length, shift, scale);
    pixels.set(new Uint8Array(wasm.buffer, pixelArea, pixels.length));
    return;
  }
  for (let r = 0; r < height; r++) {
    filterRow(rowPlan, input, rowBuffer, r * width, 0);
    greyRun(rowBuffer, 0, shift, scale, pixels, r * width, width);
  }
}
