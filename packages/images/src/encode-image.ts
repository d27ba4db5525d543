import sharp from 'sharp';
import type { GreyImage } from './grey-image.js';
import { ImageDecodeError } from './image-decode-error.js';
import { encodeJpeg2000 } from './jpeg2000-codec.js';
import { WSQ_DEFAULTS } from './limits.js';
import { encodeWsqImage } from './wsq-adapter.js';

/** Formats encodeGreyImage writes: PNG (lossless), WSQ (lossy, fingerprints), JP2 (lossless JPEG 2000). */
export type GreyEncodeFormat = 'png' | 'wsq' | 'jp2';

export interface GreyEncodeOptions {
  /** WSQ bit rate in bits per pixel (default 0.75). */
  bitRate?: number;
}

function checkGrey(image: GreyImage, format: GreyEncodeFormat): void {
  const { width, height, pixels, ppi } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageDecodeError('BAD_INPUT', format, `impossible image size ${width} x ${height}`);
  }
  if (pixels.length !== width * height) throw new ImageDecodeError('BAD_INPUT', format, `${pixels.length} pixels for a ${width} x ${height} image`);
  if (ppi !== undefined && !(ppi > 0)) throw new ImageDecodeError('BAD_INPUT', format, `impossible resolution ${ppi} ppi`);
}

/** 8-bit grey PNG; the ppi, when known, is written as the pHYs density. */
export async function encodePng(image: GreyImage): Promise<Uint8Array> {
  checkGrey(image, 'png');
  let pipeline = sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } }).toColourspace('b-w');
  if (image.ppi !== undefined) pipeline = pipeline.withMetadata({ density: image.ppi });
  const png = await pipeline.png({ compressionLevel: 9 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

export async function encodeGreyImage(image: GreyImage, format: GreyEncodeFormat, options: GreyEncodeOptions = {}): Promise<Uint8Array> {
  checkGrey(image, format);
  switch (format) {
    case 'png':
      return encodePng(image);
    case 'wsq':
      return encodeWsqImage(image, options.bitRate ?? WSQ_DEFAULTS.bitRate);
    case 'jp2':
      return encodeJpeg2000(image);
  }
}
