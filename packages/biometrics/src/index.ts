export type { Minutia, MinutiaType } from './fingerprint/minutia.js';
export { TEMPLATE_PPI } from './fingerprint/minutia.js';
export { type FingerprintImage, FingerprintImageError, checkFingerprintImage } from './fingerprint/image.js';
export { type FingerprintTemplate, type TemplateInput, createTemplate } from './fingerprint/template.js';
export { extractTemplate, type ExtractedFingerprint, ExtractionError, isExtractionError } from './fingerprint/extraction.js';
export { encodeTemplate, decodeTemplate } from './fingerprint/template-codec.js';
export { templateFromMinutiaeRecord, templateFromIso19794_2, templateToIso19794_2 } from './fingerprint/interchange.js';
export { FingerprintMatcher, type MatchResult, type MinutiaPair } from './fingerprint/match/matcher.js';
export { compareFingerprints, type Comparison } from './fingerprint/compare.js';
export {
  type ScoreCalibration,
  type CalibrationPoint,
  calibrateFromImpostorScores,
  fmrForScore,
  thresholdForFmr,
  shippedCalibration,
  minutiaeOnlyCalibration,
  calibrationFor,
} from './fingerprint/calibration.js';
export { type RgbaImage, renderMinutiae, renderPairing } from './fingerprint/evidence.js';
export { type ErrorRates, type OperatingPoint, errorRates, operatingPoints } from './fingerprint/evaluation/fvc-metrics.js';
export { type PrintId, type ProtocolPairs, protocolPairs } from './fingerprint/evaluation/fvc-protocol.js';
export { FingerprintPool, type PooledExtraction } from './fingerprint/pool.js';
export { renderDetCurve } from './fingerprint/evaluation/det-plot.js';
export * from './synth/index.js';
export {
  type FingerPosition,
  isFingerPosition,
  type GalleryFinger,
  type PackedGalleryFinger,
  type GallerySearchOptions,
  type FingerScore,
  type GalleryCandidate,
  type GallerySearchResult,
  type GalleryStats,
} from './gallery/types.js';
export { packFinger, unpackFinger, packedMinutiaIndices, MAX_PACKED_FINGER_BYTES } from './gallery/packed-finger.js';
export { encodeGalleryBatch, decodeGalleryBatch, galleryBatchFingerCount, BATCH_HEADER_BYTES as GALLERY_BATCH_HEADER_BYTES } from './gallery/batch-codec.js';
export { FingerprintGallery, GalleryInputError, type SubjectComparison } from './gallery/gallery.js';
export { fuseFingerScores, fusedThresholdForFpir, fingerEvidence } from './gallery/fusion.js';
export { galleryParameters } from './gallery/parameters.js';
export { workerEntry } from './worker-entry.js';
