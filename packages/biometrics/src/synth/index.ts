/**
 * Synthetic fingerprints, SFinGe style (Cappelli, Maio, Maltoni): master fingerprints grown
 * from a seed, and impressions of them as a sensor would capture them, or as templates only.
 */
export { FINGERPRINT_CLASSES, type FingerprintClass, parseFingerprintClass } from './fingerprint-class.js';
export { type MasterFingerprint, type MasterOptions, type MasterPlan, createMasterFingerprint, planMaster } from './master-fingerprint.js';
export { masterMinutiae } from './master-minutiae.js';
export { type ImpressionOptions, impressionFrame } from './impression-plan.js';
export { type SyntheticImage, renderImpression } from './impression-image.js';
export { type SyntheticTemplate, impressionTemplate } from './impression-template.js';
export { SynthError, type SynthErrorCode } from './synth-error.js';
export { SYNTH_PPI } from './parameters.js';
export { type SynthJob, type SynthJobResult, runSynthJob } from './synth-job.js';
export { SynthWorkerPool } from './synth-worker-pool.js';
export { measureRidgePeriod } from './measure-ridge-period.js';
/**
 * Bulk template-only galleries (issue 7): syntheticFingerTemplates(person, position 1–10,
 * impression indices) → SyntheticTemplate[] (createTemplate makes them matchable), deterministic
 * per (person, position, impression); on threads, pool.runGallery({ firstPerson, people,
 * positions?, impressions }) → GalleryTemplatesBatch of encoded templates in one transferred
 * buffer (galleryTemplateBytes picks one; decodeTemplate reads it).
 */
export {
  FINGER_POSITIONS,
  type GalleryTemplatesBatch,
  type GalleryTemplatesJob,
  fingerMasterSeed,
  galleryTemplateBytes,
  runGalleryTemplatesJob,
  syntheticFingerTemplates,
} from './gallery-templates.js';
