import { FormatError, type FormatErrorCode } from '../errors.js';

/** Every WSQ failure goes through here so the format name is always 'wsq'. */
export function wsqError(code: FormatErrorCode, offset: number, field: string, message: string): FormatError {
  return new FormatError('wsq', code, offset, field, message);
}
