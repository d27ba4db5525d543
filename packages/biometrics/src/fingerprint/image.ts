/** An 8-bit grey fingerprint image: row-major pixels, 0 = black, with its resolution. */
export interface FingerprintImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Pixels per inch of the capture (FVC sets: 500–569). */
  ppi: number;
}

export class FingerprintImageError extends Error {
  override readonly name = 'FingerprintImageError';
  constructor(
    readonly code: 'BAD_SIZE' | 'BAD_RESOLUTION' | 'BAD_PIXELS',
    message: string,
  ) {
    super(message);
  }
}

/** Checks the shape of an image before any stage reads it. */
export function checkFingerprintImage(image: FingerprintImage): void {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width <= 0 || image.height <= 0)
    throw new FingerprintImageError('BAD_SIZE', `image size ${image.width} × ${image.height} is not a positive whole number of pixels`);
  if (!Number.isFinite(image.ppi) || image.ppi < 100 || image.ppi > 2000)
    throw new FingerprintImageError('BAD_RESOLUTION', `resolution ${image.ppi} ppi is outside 100–2000`);
  if (image.pixels.length !== image.width * image.height)
    throw new FingerprintImageError('BAD_PIXELS', `${image.pixels.length} pixels given for a ${image.width} × ${image.height} image`);
}
