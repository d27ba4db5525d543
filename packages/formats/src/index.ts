export { FormatError, isFormatError, type FormatErrorCode } from './errors.js';
