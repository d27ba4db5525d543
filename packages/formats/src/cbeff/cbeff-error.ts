import { FormatError, type FormatErrorCode } from '../errors.js';
import { CBEFF_XML_FORMAT, ICAO_LDS_FORMAT } from './constants.js';

/** A failure in the ICAO LDS (BER-TLV) biometric group template. */
export function ldsError(code: FormatErrorCode, offset: number, field: string, message: string): FormatError {
  return new FormatError(ICAO_LDS_FORMAT, code, offset, field, message);
}

/** A failure in the ISO/IEC 19785-3 XML form; offset is a byte offset into the UTF-8 document. */
export function xmlError(code: FormatErrorCode, offset: number, field: string, message: string): FormatError {
  return new FormatError(CBEFF_XML_FORMAT, code, offset, field, message);
}
