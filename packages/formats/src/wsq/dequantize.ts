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
 * Place dequantised coefficients in the plane: 0 stays 0, others go to the centre of their bin,
 * (p - C)Q + Z/2 or (p + C)Q - Z/2, computed in single precision like the reference decoder.
 */
export function dequantize(
  coefficients: Int32Array,
  q: WsqQuantizationTable,
  subbands: readonly Rect[],
  plane: Float32Array,
  stride: number,
): void {
  const fround = Math.fround;
  const c = q.binCenter;
  let i = 0;
  for (const k of codedSubbands(q)) {
    const { x, y, width, height } = subbands[k]!;
    const step = q.q[k]!;
    const halfZero = fround(q.z[k]! / 2);
    for (let r = 0; r < height; r++) {
      const base = (y + r) * stride + x;
      for (let col = 0; col < width; col++) {
        const p = coefficients[i++]!;
        if (p === 0) plane[base + col] = 0;
        else if (p > 0) plane[base + col] = fround(step * fround(p - c)) + halfZero;
        else plane[base + col] = fround(step * fround(p + c)) - halfZero;
      }
    }
  }
}

/** Undo the encoder's normalisation and round to 8 bits: v*R + M, plus one half, clamped, truncated. */
export function toGrey(plane: Float32Array, shift: number, scale: number, count: number): Uint8Array {
  const fround = Math.fround;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = fround(fround(fround(plane[i]! * scale) + shift) + 0.5);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v | 0;
  }
  return out;
}
