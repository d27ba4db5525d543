import { FormatError, type FormatErrorCode } from '../errors.js';

/** A failure in one of the ISO/IEC 19794 or ANSI INCITS 378 records; `format` is a FORMAT_NAMES value. */
export function recordError(format: string, code: FormatErrorCode, offset: number, field: string, message: string): FormatError {
  return new FormatError(format, code, offset, field, message);
}
