/** Image formats this package reads (and, for png / wsq / jp2, writes). */
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp' | 'jp2' | 'wsq';

export const IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'tiff', 'bmp', 'webp', 'jp2', 'wsq'];

/** An 8-bit grey image, row-major, one byte per pixel (0 = black). */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Scanning resolution in pixels per inch, when the file says. */
  ppi?: number;
}

/** A decoded file: the grey image plus the format it was read as. */
export interface DecodedImage extends GreyImage {
  format: ImageFormat;
}

export interface DecodeImageOptions {
  /** Format to assume when the bytes' signature is not recognised (the signature wins otherwise). */
  format?: ImageFormat;
  /** Refuse images with more pixels than this (default IMAGE_LIMITS.defaultMaxPixels). */
  maxPixels?: number;
}
