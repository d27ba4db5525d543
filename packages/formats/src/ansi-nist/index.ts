export type {
  AnsiNistBinaryField,
  AnsiNistBinaryRecord,
  AnsiNistField,
  AnsiNistFingerprintImageRecord,
  AnsiNistRecord,
  AnsiNistSignatureRecord,
  AnsiNistSourceLayout,
  AnsiNistTaggedRecord,
  AnsiNistTextField,
  AnsiNistTransaction,
  AnsiNistUserDefinedRecord,
} from './model.js';
export { parseAnsiNist, type AnsiNistParseOptions } from './transaction-reader.js';
export { writeAnsiNist } from './transaction-writer.js';
export { canonicalTag as ansiNistTag, parseTagText as parseAnsiNistTag } from './field-tag.js';
export { ansiNistFieldName, ansiNistRecordTypeName, ANSI_NIST_RECORD_TYPE_NAMES, type AnsiNistFieldName } from './field-names.js';
export {
  fieldNumber as ansiNistFieldNumber,
  fieldText as ansiNistFieldText,
  findField as findAnsiNistField,
  recordIdc as ansiNistRecordIdc,
} from './record-access.js';
export {
  ansiNistImages,
  ansiNistRecordImage,
  type AnsiNistImage,
  type AnsiNistImageCompression,
  type AnsiNistImageContainer,
} from './image-descriptor.js';
export { readAnsiNistMinutiae, type AnsiNistMinutia, type AnsiNistMinutiaeBlock, type AnsiNistMinutiaeFormat } from './minutiae.js';
export {
  summarizeTransaction,
  type AnsiNistFieldSummary,
  type AnsiNistImageSummary,
  type AnsiNistMinutiaeSummary,
  type AnsiNistRecordSummary,
  type AnsiNistSummaryValue,
  type AnsiNistTransactionSummary,
} from './summary.js';
export {
  faceImageRecord,
  faceMediaType,
  imageHeaderSize,
  readFaceImageRecord,
  FACE_COLOR_SPACES,
  FACE_COMPRESSIONS,
  FACE_IMAGE_TYPE,
  TYPE10_FIELD,
  UNKNOWN_ACQUISITION_PROFILE,
  type FaceColorSpace,
  type FaceCompression,
  type FaceRecordImage,
  type FaceRecordInput,
  type FaceRecordReading,
} from './face-record.js';
