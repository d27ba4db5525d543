import { decodeWsq, encodeWsq, isFormatError } from '@kura/formats';
import type { DecodedImage, GreyImage } from './grey-image.js';
import { ImageDecodeError, type ImageDecodeErrorCode } from './image-decode-error.js';

/** The pure codec's error, re-expressed with this package's codes (the FormatError kept as cause). */
function fromFormatError(error: unknown, fallback: ImageDecodeErrorCode): ImageDecodeError {
  if (!isFormatError(error)) {
    return new ImageDecodeError(fallback, 'wsq', `unexpected failure (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const code: ImageDecodeErrorCode =
    fallback === 'BAD_INPUT' ? 'BAD_INPUT' : error.code === 'TRUNCATED' ? 'TRUNCATED' : error.code === 'TOO_LARGE' ? 'TOO_LARGE' : error.code === 'UNSUPPORTED' ? 'UNSUPPORTED' : 'CORRUPT';
  return new ImageDecodeError(code, 'wsq', `${error.message}`, { cause: error });
}

export function decodeWsqImage(bytes: Uint8Array, maxPixels: number): DecodedImage {
  try {
    const decoded = decodeWsq(bytes, { maxPixels });
    const { width, height, pixels, ppi } = decoded;
    return { width, height, pixels, format: 'wsq', ...(ppi === undefined ? {} : { ppi }) };
  } catch (error) {
    throw fromFormatError(error, 'CORRUPT');
  }
}

/** WSQ at the given bit rate, with a NIST_COM comment recording size and ppi (as the FBI specification asks of encoders). */
export function encodeWsqImage(image: GreyImage, bitRate: number): Uint8Array {
  try {
    return encodeWsq(image, { bitRate, nistComment: true });
  } catch (error) {
    throw fromFormatError(error, 'BAD_INPUT');
  }
}
