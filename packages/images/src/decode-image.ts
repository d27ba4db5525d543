import { readFile } from 'node:fs/promises';
import { decodeBmp } from './bmp-decoder.js';
import type { DecodedImage, DecodeImageOptions } from './grey-image.js';
import { ImageDecodeError } from './image-decode-error.js';
import { sniffImageFormat } from './image-format.js';
import { decodeJpeg2000 } from './jpeg2000-codec.js';
import { IMAGE_LIMITS } from './limits.js';
import { decodeWithSharp } from './sharp-decoder.js';
import { decodeWsqImage } from './wsq-adapter.js';

/**
 * Any supported image file → 8-bit grey with its resolution. The format comes from the bytes'
 * signature (a file's name can lie); `options.format` is only a fallback for unrecognised bytes.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? IMAGE_LIMITS.defaultMaxPixels;
  if (bytes.length === 0) throw new ImageDecodeError('UNSUPPORTED_FORMAT', undefined, 'empty input: no image');
  const format = sniffImageFormat(bytes) ?? options.format;
  switch (format) {
    case 'png':
    case 'jpeg':
    case 'tiff':
    case 'webp':
      return decodeWithSharp(bytes, format, maxPixels);
    case 'bmp':
      return decodeBmp(bytes, maxPixels);
    case 'jp2':
      return decodeJpeg2000(bytes, maxPixels);
    case 'wsq':
      return decodeWsqImage(bytes, maxPixels);
    case undefined: {
      const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new ImageDecodeError('UNSUPPORTED_FORMAT', undefined, `not a PNG, JPEG, TIFF, BMP, WebP, JPEG 2000 or WSQ image (starts with ${head})`);
    }
  }
}

/** Read and decode an image file. */
export async function decodeImageFile(path: string, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  return decodeImage(await readFile(path), options);
}
