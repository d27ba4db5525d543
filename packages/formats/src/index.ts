export { FormatError, isFormatError, type FormatErrorCode } from './errors.js';
export * from './ansi-nist/index.js';
export * from './wsq/index.js';
export * from './cbeff/index.js';
export * from './mrz/index.js';
export * from './iso19794/index.js';
export * from './wasm-assembly.js';
