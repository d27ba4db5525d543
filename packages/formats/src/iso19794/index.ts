export { FORMAT_NAMES as ISO19794_FORMAT_NAMES } from './constants.js';
export * from './minutiae-model.js';
export { angleUnitsPerTurn, angleUnitsToRadians, radiansToAngleUnits, convertAngleUnits, pixelsPerCmToPpi, ppiToPixelsPerCm, imageGeometry } from './units.js';
export { decodeRidgeCounts, encodeRidgeCounts, decodeCoreDelta, encodeCoreDelta, decodeZonalQuality, encodeZonalQuality } from './extended-data.js';
export { decodeIso19794_2_2005, encodeIso19794_2_2005, decodeAnsi378_2004, encodeAnsi378_2004 } from './finger-minutiae-2005.js';
export { decodeIso19794_2_2011, encodeIso19794_2_2011, decodeAnsi378_2009, encodeAnsi378_2009 } from './finger-minutiae-2011.js';
export { detectMinutiaeFormat, decodeMinutiaeRecord, encodeMinutiaeRecord, type MinutiaeFormat } from './minutiae-format-detection.js';
export { convertMinutiaeRecord, isoToAnsi378, ansi378ToIso, type ConversionOptions } from './minutiae-conversion.js';
export { summarizeMinutiaeRecord, type MinutiaeRecordSummary, type MinutiaeViewSummary } from './minutiae-summary.js';
export {
  decodeFingerImageRecord,
  encodeFingerImageRecord,
  fingerImageCompressionName,
  fingerImageCompressionCode,
  type FingerImageCompression,
  type FingerImageRecord,
  type FingerImageRecordInput,
  type FingerImageView,
} from './finger-image.js';
export {
  decodeFaceImageRecord,
  encodeFaceImageRecord,
  faceImageDataTypeName,
  type FaceImage,
  type FaceImageInput,
  type FaceImageRecord,
  type FaceImageDataType,
  type FaceFeaturePoint,
  type FaceAngles,
} from './face-image.js';
export { detectIso19794RecordKind, type Iso19794RecordKind } from './record-kind-detection.js';
export { summarizeFingerImageRecord, summarizeFaceImageRecord } from './image-record-summary.js';
