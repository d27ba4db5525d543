import { FormatError, type FormatErrorCode } from '../errors.js';
import { MRZ_FORMAT } from './td1-layout.js';

/** Every MRZ failure (bad person data when building, bad text when reading) goes through here. */
export function mrzError(code: FormatErrorCode, offset: number, field: string, message: string): FormatError {
  return new FormatError(MRZ_FORMAT, code, offset, field, message);
}
