/**
 * WSQ stores real numbers as an unsigned integer and a decimal exponent: value / 10^scale.
 * NIST's reference software keeps these numbers in single precision and divides by ten one step
 * at a time, rounding to float after each step; we do the same so decoded tables are bit-identical.
 */
export function scaledToFloat32(value: number, scale: number): number {
  let v = Math.fround(value);
  for (let i = 0; i < scale; i++) v = Math.fround(v / 10);
  return v;
}

export interface ScaledNumber {
  scale: number;
  value: number;
}

/**
 * The most precise (scale, value) pair whose value stays below `limit`:
 * multiply by ten until the value would reach `limit`, then round.
 * Works in single precision, as the reference encoder does, for 16-bit fields.
 */
export function float32ToScaled16(x: number): ScaledNumber {
  return toScaled(Math.abs(x), 65535, true);
}

/**
 * 32-bit variant used by the transform table (filter taps). The reference encoder scales the
 * single-precision tap in double precision here (its files carry the float's exact leading digits).
 */
export function toScaled32(x: number): ScaledNumber {
  return toScaled(Math.abs(x), 4294967295, false);
}

function toScaled(x: number, limit: number, single: boolean): ScaledNumber {
  if (!(x > 0) || !Number.isFinite(x)) return { scale: 0, value: 0 };
  if (x >= limit) return { scale: 0, value: limit };
  let t = Math.fround(x);
  let scale = 0;
  while (t < limit && scale < 255) {
    scale++;
    t = single ? Math.fround(t * 10) : t * 10;
  }
  scale--;
  const value = Math.min(limit, Math.floor(t / 10 + 0.5));
  return { scale, value };
}
