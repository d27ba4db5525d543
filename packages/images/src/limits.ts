/** Every tunable of the image adapter, in one place. */
export const IMAGE_LIMITS = {
  /**
   * Largest image decoded by default, in pixels: 100 MP covers a 1000 ppi full palm (≈ 5 × 8 in)
   * many times over while refusing decompression bombs. Callers may lower or raise it per call.
   */
  defaultMaxPixels: 100_000_000,
} as const;

export const WSQ_DEFAULTS = {
  /** Bits per pixel: the FBI's rate for 500 ppi fingerprints. */
  bitRate: 0.75,
} as const;

/** Metres per inch, to turn pixels per metre (BMP, JPEG 2000) into pixels per inch. */
export const METRES_PER_INCH = 0.0254;
