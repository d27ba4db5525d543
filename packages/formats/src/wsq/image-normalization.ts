const fround = Math.fround;

/** The image as the transform sees it: (pixel - shift) / scale, in single precision. */
export interface NormalizedImage {
  plane: Float32Array;
  /** Mean grey level M written to the SOF. */
  shift: number;
  /** R = the larger distance from the mean to the darkest or brightest pixel, over 128. */
  scale: number;
}

/**
 * Centre the pixels on their mean and scale them into about +/-128, in single precision as NIST's
 * reference encoder does (the quantiser's decisions depend on the exact float values).
 */
export function normalizeImage(pixels: Uint8Array, count: number): NormalizedImage {
  let sum = 0;
  let low = 255;
  let high = 0;
  for (let i = 0; i < count; i++) {
    const p = pixels[i]!;
    sum += p;
    if (p < low) low = p;
    if (p > high) high = p;
  }
  const shift = fround(fround(sum) / fround(count));
  const lowDiff = fround(shift - low);
  const highDiff = fround(high - shift);
  let scale = fround((lowDiff >= highDiff ? lowDiff : highDiff) / 128);
  // A flat image has no spread; any scale works since every centred value is zero.
  if (scale === 0) scale = 1;
  const plane = new Float32Array(count);
  for (let i = 0; i < count; i++) plane[i] = fround(pixels[i]! - shift) / scale;
  return { plane, shift, scale };
}
