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
  // The subband holding coefficient indices start..end, advanced as the indices grow.
  let band = -1;
  let k = 0;
  let start = 0;
  let end = 0;
  let width = 1;
  let origin = 0;
  let step = 0;
  let halfZero = 0;
  for (let n = 0; n < storedIndices.length; n++) {
    const i = storedIndices[n]!;
    const p = storedValues[n]!;
    if (p === 0) continue;
    while (i >= end) {
      k = coded[++band]!;
      const rect = subbands[k]!;
      start = end;
      end += rect.width * rect.height;
      width = rect.width;
      origin = rect.y * stride + rect.x;
      step = q.q[k]!;
      halfZero = fround(q.z[k]! / 2);
    }
    const offset = i - start;
    const row = Math.floor(offset / width);
    const at = origin + row * stride + (offset - row * width);
    plane[at] = p > 0 ? fround(step * fround(p - c)) + halfZero : fround(step * fround(p + c)) - halfZero;
    const magnitude = Math.abs(plane[at]!);
    if (magnitude > largest) largest = magnitude;
    nonzeroCounts[k] = nonzeroCounts[k]! + 1;
  }
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
