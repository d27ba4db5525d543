import { FormatError, type FormatErrorCode } from '../errors.js';
import { ANSI_NIST_FORMAT } from './constants.js';

/** Every ANSI/NIST failure goes through here so the format name is always the same. */
export function ansiNistError(code: FormatErrorCode, offset: number, field: string, message: string): FormatError {
  return new FormatError(ANSI_NIST_FORMAT, code, offset, field, message);
}
