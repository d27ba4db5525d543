/**
 * Colour to grey as ITU-R BT.601 luma, Y' = 0.299 R' + 0.587 G' + 0.114 B', on the stored
 * (gamma-encoded) values — what scanners and the NIST tools mean by "grey". Integer weights out of
 * 65536 sum exactly to one, so a grey pixel (R = G = B) keeps its value.
 */
const WEIGHT_R = 19595;
const WEIGHT_G = 38470;
const WEIGHT_B = 7471;
const HALF = 32768;

export function luma(r: number, g: number, b: number): number {
  return (WEIGHT_R * r + WEIGHT_G * g + WEIGHT_B * b + HALF) >>> 16;
}

/** Round a sample of `bits` bits (1–16) to 8 bits, mapping full scale to full scale. */
export function toEightBits(value: number, bits: number): number {
  if (bits === 8) return value;
  const max = 2 ** bits - 1;
  return Math.round((value * 255) / max);
}
