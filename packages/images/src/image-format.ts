import type { ImageFormat } from './grey-image.js';

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((b, i) => bytes[at + i] === b);
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a];
const BIGTIFF_LE = [0x49, 0x49, 0x2b, 0x00];
const BIGTIFF_BE = [0x4d, 0x4d, 0x00, 0x2b];
const BMP = [0x42, 0x4d]; // "BM"
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
/** JPEG 2000 signature box (JP2 / JPX files). */
export const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
/** SOC then SIZ: a raw JPEG 2000 codestream (.j2k / .j2c). */
export const J2K_CODESTREAM = [0xff, 0x4f, 0xff, 0x51];
/** WSQ: SOI (FFA0) followed by another marker (FFA2–FFAB or COM FFA8). */
const WSQ_SOI = [0xff, 0xa0, 0xff];

/** The image format the bytes start with, from their signature only; undefined when unknown. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, WSQ_SOI)) return 'wsq';
  if (startsWith(bytes, TIFF_LE) || startsWith(bytes, TIFF_BE) || startsWith(bytes, BIGTIFF_LE) || startsWith(bytes, BIGTIFF_BE)) return 'tiff';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'webp';
  if (startsWith(bytes, JP2_SIGNATURE) || startsWith(bytes, J2K_CODESTREAM)) return 'jp2';
  if (startsWith(bytes, BMP) && bytes.length >= 18) return 'bmp';
  return undefined;
}
