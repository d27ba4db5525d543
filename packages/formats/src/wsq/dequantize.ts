import { CODED_SUBBAND_COUNT } from './constants.js';
import type { Rect } from './subband-geometry.js';
import type { WsqQuantizationTable } from './types.js';

/** Subbands present in the codestream: those of the first 60 with a non-zero step. */
export function codedSubbands(q: WsqQuantizationTable): number[] {
  const out: number[] = [];
  for (let k = 0; k < CODED_SUBBAND_COUNT; k++) if (q.q[k] !== 0) out.push(k);
  return out;
}

export function codedCoefficientCount(q: WsqQuantizationTable, subbands: readonly Rect[]): number {
  let n = 0;
  for (const k of codedSubbands(q)) n += subbands[k]!.width * subbands[k]!.height;
  return n;
}

/**
 * Place dequantised coefficients in the plane (which must start zeroed): 0 stays 0, others go to the
 * centre of their bin, (p - C)Q + Z/2 or (p + C)Q - Z/2, computed in single precision like the
 * reference decoder. Only the coefficients at `storedIndices` (increasing), valued `storedValues`,
 * can be nonzero.
 * Returns the largest magnitude placed and, per subband, how many coefficients are nonzero (which
 * tells the synthesis where skipping zeros pays).
 */
export function dequantize(
  storedIndices: Int32Array,
  storedValues: Int32Array,
  q: WsqQuantizationTable,
  subbands: readonly Rect[],
  plane: Float32Array,
  stride: number,
): { largestMagnitude: number; nonzeroCounts: Int32Array } {
  const fround = Math.fround;
  const c = q.binCenter;
  const nonzeroCounts = new Int32Array(subbands.length);
  const coded = codedSubbands(q);
  let largest = 0;
  // The subband holding coefficient indices up to `end`, advanced as the indices grow; within it the
  // row holding indices rowStart..rowStart + width - 1, which starts at rowOrigin in the plane (rows
  // are advanced one by one rather than found by division: over a subband that is at most its height).
  let band = -1;
  let k = 0;
  let end = 0;
  let width = 1;
  let rowStart = 0;
  let rowOrigin = 0;
  let step = 0;
  let halfZero = 0;
  let nonzero = 0;
  for (let n = 0; n < storedIndices.length; n++) {
    const i = storedIndices[n]!;
    const p = storedValues[n]!;
    if (p === 0) continue;
    if (i >= end) {
      if (band >= 0) nonzeroCounts[k] = nonzero;
      while (i >= end) {
        k = coded[++band]!;
        const rect = subbands[k]!;
        rowStart = end;
        end += rect.width * rect.height;
        width = rect.width;
        rowOrigin = rect.y * stride + rect.x;
        step = q.q[k]!;
        halfZero = fround(q.z[k]! / 2);
      }
      nonzero = 0;
    }
    while (i - rowStart >= width) {
      rowStart += width;
      rowOrigin += stride;
    }
    // (p - C)Q + Z/2 or (p + C)Q - Z/2 without a branch on the sign (hard to predict): `sign` is 1 or
    // -1, and x - (-y) is x + y exactly, as is x + (-y) x - y. Stored as a float, as the plane holds it.
    const sign = (p >> 31) | 1;
    const value = fround(fround(step * fround(p - sign * c)) + sign * halfZero);
    plane[rowOrigin + (i - rowStart)] = value;
    const magnitude = Math.abs(value);
    if (magnitude > largest) largest = magnitude;
    nonzero++;
  }
  if (band >= 0) nonzeroCounts[k] = nonzero;
  return { largestMagnitude: largest, nonzeroCounts };
}

/**
 * Undo the encoder's normalisation and round to 8 bits: v*R + M, plus one half, clamped, truncated;
 * for `count` samples from plane[from..] to out[at..].
 */
export function greyRun(plane: Float32Array, from: number, shift: number, scale: number, out: Uint8Array, at: number, count: number): void {
  const fround = Math.fround;
  for (let i = 0; i < count; i++) {
    const v = fround(fround(fround(plane[from + i]! * scale) + shift) + 0.5);
    out[at + i] = v < 0 ? 0 : v > 255 ? 255 : v | 0;
  }
}
