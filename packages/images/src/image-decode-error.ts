/**
 * The one error this package throws for an image it cannot read or write. The code is stable for
 * callers to branch on; the message says what was wrong in words an operator can act on (a library's
 * own text, when there is one, is only appended in parentheses).
 */
export type ImageDecodeErrorCode =
  | 'UNSUPPORTED_FORMAT' // the bytes are no image format this package knows
  | 'UNSUPPORTED' // a known format, but a variant it does not handle (e.g. RLE-compressed BMP)
  | 'CORRUPT' // the bytes claim a format but break its rules
  | 'TRUNCATED' // the bytes end before the image does
  | 'TOO_LARGE' // more pixels than the configured limit
  | 'BAD_INPUT'; // an image handed to an encoder is inconsistent (size vs pixels, options)

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  constructor(
    readonly code: ImageDecodeErrorCode,
    /** Format the bytes were read as, when known ('png', 'wsq' …). */
    readonly format: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(format === undefined ? message : `${format}: ${message}`, options);
  }
}

export function isImageDecodeError(e: unknown): e is ImageDecodeError {
  return e instanceof ImageDecodeError;
}
