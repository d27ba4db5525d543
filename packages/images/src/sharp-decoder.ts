import sharp, { type Metadata, type SharpOptions } from 'sharp';
import type { DecodedImage } from './grey-image.js';
import { ImageDecodeError } from './image-decode-error.js';
import { isLosslessJpeg } from './jpeg-process.js';
import { luma } from './luma.js';

/** Formats read through sharp (libvips): each has its own library inside sharp's native build. */
export type SharpFormat = 'png' | 'jpeg' | 'tiff' | 'webp';

/** Largest 16-bit sample, and the divisor that maps it onto 255 exactly (65535 / 255 = 257). */
const SIXTEEN_BIT_TO_EIGHT = 257;

/** Translate sharp's exception into a typed error (sharp's own words kept only as a detail). */
export function sharpError(format: SharpFormat, error: unknown, maxPixels: number): ImageDecodeError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(detail)) {
    return new ImageDecodeError('TOO_LARGE', format, `image has more than the allowed ${maxPixels} pixels`, { cause: error });
  }
  if (/unsupported image format/i.test(detail)) {
    // The signature already said `format`: the library refusing it means the rest is damaged.
    return new ImageDecodeError('CORRUPT', format, `the data starts like ${format} but cannot be read as ${format} (${detail})`, { cause: error });
  }
  if (/premature end|truncat|unexpected end|EOF/i.test(detail)) {
    return new ImageDecodeError('TRUNCATED', format, `image data ends early (${detail})`, { cause: error });
  }
  return new ImageDecodeError('CORRUPT', format, `image data is corrupt or truncated (${detail})`, { cause: error });
}

/**
 * Resolution the file really declares, in pixels per inch. sharp reports 72 for a JPEG without
 * JFIF/EXIF resolution, and aspect-ratio-only JFIF too; only a resolution unit proves a density.
 */
function declaredPpi(metadata: Metadata): number | undefined {
  const { density, resolutionUnit } = metadata;
  if (density === undefined || !(density > 0)) return undefined;
  if (metadata.format === 'jpeg' && resolutionUnit === undefined) return undefined;
  return Math.round(density);
}

/** Decode PNG, JPEG, TIFF (first page) or WebP to 8-bit grey: colour → BT.601 luma, 16-bit → 8-bit, alpha flattened onto white. */
export async function decodeWithSharp(bytes: Uint8Array, format: SharpFormat, maxPixels: number): Promise<DecodedImage> {
  if (format === 'jpeg' && isLosslessJpeg(bytes)) {
    throw new ImageDecodeError('UNSUPPORTED', format, 'lossless JPEG (ITU-T T.81 process 14, SOF3) is not supported; only baseline, extended and progressive JPEG');
  }
  try {
    // failOn 'error': a damaged file is refused rather than decoded into a partial grey image.
    const options: SharpOptions = { limitInputPixels: maxPixels, failOn: 'error' };
    const metadata = await sharp(bytes, options).metadata();
    if (metadata.format !== format) {
      throw new ImageDecodeError('CORRUPT', format, `the signature says ${format} but the data reads as ${metadata.format}`);
    }
    const sixteenBit = metadata.depth === 'ushort' || metadata.depth === 'short';
    const colour = (metadata.channels ?? 1) - (metadata.hasAlpha ? 1 : 0) >= 3;
    let pipeline = sharp(bytes, options);
    if (metadata.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    const space = colour ? (sixteenBit ? 'rgb16' : 'srgb') : sixteenBit ? 'grey16' : 'b-w';
    const { data, info } = await pipeline
      .toColourspace(space)
      .raw({ depth: sixteenBit ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const pixels = toGrey(data, info.width * info.height, info.channels, sixteenBit);
    const ppi = declaredPpi(metadata);
    return { width: info.width, height: info.height, pixels, format, ...(ppi === undefined ? {} : { ppi }) };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw sharpError(format, error, maxPixels);
  }
}

function toGrey(data: Buffer, count: number, channels: number, sixteenBit: boolean): Uint8Array {
  const out = new Uint8Array(count);
  // sharp's 16-bit raw output is in native byte order, which a Uint16Array reads as is.
  const wide = sixteenBit ? new Uint16Array(Uint8Array.from(data).buffer) : undefined;
  const sample = wide ? (i: number) => Math.round(wide[i]! / SIXTEEN_BIT_TO_EIGHT) : (i: number) => data[i]!;
  if (channels === 1) {
    for (let i = 0; i < count; i++) out[i] = sample(i);
  } else {
    for (let i = 0, s = 0; i < count; i++, s += channels) out[i] = luma(sample(s), sample(s + 1), sample(s + 2));
  }
  return out;
}
