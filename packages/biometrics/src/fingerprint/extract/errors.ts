/**
 * The typed error the extractor throws for input it cannot process at all (wrong shape, too small,
 * impossible resolution). Input that is an image but not a usable fingerprint (blank, noise, a face)
 * is not an error: it yields an extraction flagged `usable: false` with its reasons.
 */
export type ExtractionErrorCode =
  | 'INVALID_IMAGE' // dimensions or pixel buffer inconsistent
  | 'INVALID_RESOLUTION' // ppi missing, not finite or outside the accepted range
  | 'TOO_SMALL' // smaller than one minutia neighbourhood at 500 ppi
  | 'TOO_LARGE'; // larger than the configured limit at 500 ppi

export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
  ) {
    super(`fingerprint extraction: ${message}`);
  }
}

export function isExtractionError(e: unknown): e is ExtractionError {
  return e instanceof ExtractionError;
}
