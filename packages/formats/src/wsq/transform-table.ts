import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { MARKER, MAX_FILTER_TAPS } from './constants.js';
import { scaledToFloat32, toScaled32 } from './scaled-number.js';
import type { WsqTransformTable } from './types.js';
import { wsqError } from './wsq-error.js';

/**
 * Filters are symmetric, so the DTT stores half of each, from the centre outwards.
 * Odd length L: taps centre..end, (L+1)/2 values. Even length L: L/2 taps from the centre outwards;
 * the low-pass is mirrored symmetrically, the high-pass antisymmetrically (the stored half being the
 * leading one: that orientation is the one NIST's reference reconstructions agree with).
 */
function halfLength(length: number): number {
  return (length + 1) >> 1;
}

/** Rebuild a full filter from its stored half. Even-length high-pass filters are antisymmetric. */
export function fullFilter(half: ArrayLike<number>, length: number, antisymmetric: boolean): Float32Array {
  const full = new Float32Array(length);
  if (length % 2 === 1) {
    const c = (length - 1) / 2;
    for (let i = 0; i < half.length; i++) {
      full[c + i] = half[i]!;
      full[c - i] = half[i]!;
    }
  } else {
    const c = length / 2;
    for (let i = 0; i < half.length; i++) {
      full[c - 1 - i] = half[i]!;
      full[c + i] = antisymmetric ? -half[i]! : half[i]!;
    }
  }
  return full;
}

function storedHalf(full: Float32Array): Float32Array {
  const n = full.length;
  if (n % 2 === 1) return full.slice((n - 1) / 2);
  return full.slice(0, n / 2).reverse();
}

/** Parse a DTT segment body; `r` stands just after the marker. */
export function readTransformTable(r: ByteReader): WsqTransformTable {
  const at = r.pos;
  const length = r.u16('DTT.length');
  const lowLength = r.u8('DTT.lowpassLength');
  const highLength = r.u8('DTT.highpassLength');
  if (lowLength === 0 || highLength === 0) {
    throw wsqError('BAD_VALUE', at + 2, 'DTT.filterLength', 'filter length is zero');
  }
  if (lowLength > MAX_FILTER_TAPS || highLength > MAX_FILTER_TAPS) {
    throw wsqError('UNSUPPORTED', at + 2, 'DTT.filterLength', `filters of ${lowLength}/${highLength} taps (at most ${MAX_FILTER_TAPS} supported)`);
  }
  if (lowLength % 2 !== highLength % 2) {
    throw wsqError('UNSUPPORTED', at + 2, 'DTT.filterLength', `filters of mixed parity (${lowLength}/${highLength})`);
  }
  const expected = 4 + 6 * (halfLength(lowLength) + halfLength(highLength));
  if (length !== expected) {
    throw wsqError('BAD_LENGTH', at, 'DTT.length', `DTT length ${length}, expected ${expected} for ${lowLength}/${highLength} taps`);
  }
  const readHalf = (count: number, field: string): Float32Array => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const sign = r.u8(field);
      const scale = r.u8(field);
      const v = scaledToFloat32(r.u32(field), scale);
      out[i] = sign !== 0 ? -v : v;
    }
    return out;
  };
  const lowHalf = readHalf(halfLength(lowLength), 'DTT.lowpass');
  const highHalf = readHalf(halfLength(highLength), 'DTT.highpass');
  return {
    lowpass: fullFilter(lowHalf, lowLength, false),
    highpass: fullFilter(highHalf, highLength, true),
  };
}

export function writeTransformTable(w: ByteWriter, t: WsqTransformTable): void {
  const low = storedHalf(t.lowpass);
  const high = storedHalf(t.highpass);
  w.u16(MARKER.DTT);
  w.u16(4 + 6 * (low.length + high.length));
  w.u8(t.lowpass.length);
  w.u8(t.highpass.length);
  for (const v of [...low, ...high]) {
    const s = toScaled32(v);
    w.u8(v < 0 ? 1 : 0);
    w.u8(s.scale);
    w.u32(s.value);
  }
}

/**
 * The 7/9 biorthogonal filters the WSQ specification mandates for encoders (CDF 9/7 scaled so the
 * low-pass sums to sqrt 2), given as the stored halves from the centre outwards.
 */
const STANDARD_LOWPASS_HALF = [
  0.85269867900889, 0.37740285561283, -0.11062440441842, -0.023849465019557, 0.037828455507264,
];
const STANDARD_HIGHPASS_HALF = [0.78848561640558, -0.41809227322162, -0.040689417609164, 0.064538882628697];

export function standardTransformTable(): WsqTransformTable {
  return {
    lowpass: fullFilter(Float32Array.from(STANDARD_LOWPASS_HALF), 9, false),
    highpass: fullFilter(Float32Array.from(STANDARD_HIGHPASS_HALF), 7, true),
  };
}
