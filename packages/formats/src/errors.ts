/**
 * The one error every codec in this package throws for bad input.
 * It names the format, the byte offset and the field, so an operator can find the fault in a file.
 */
export type FormatErrorCode =
  | 'TRUNCATED' // input ends before a declared structure does
  | 'BAD_MAGIC' // wrong signature, marker or format identifier
  | 'BAD_LENGTH' // a length field that is impossible or points past the end
  | 'BAD_COUNT' // a count that disagrees with the data
  | 'BAD_VALUE' // a field value outside its allowed range
  | 'TOO_LARGE' // declared sizes beyond what the input can justify
  | 'UNSUPPORTED'; // valid but not handled (e.g. an unknown compression)

export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly format: string,
    readonly code: FormatErrorCode,
    readonly offset: number,
    readonly field: string,
    message: string,
  ) {
    super(`${format}: ${message} (field ${field}, offset ${offset})`);
  }
}

export function isFormatError(e: unknown): e is FormatError {
  return e instanceof FormatError;
}
