import {
  decodeTemplate,
  encodeGalleryBatch,
  FingerprintGallery,
  fuseFingerScores,
  fusedThresholdForFpir,
  packFinger,
  type FingerprintTemplate,
  type FingerScore,
  type GalleryCandidate,
} from '@kura/biometrics';
import type { GalleryCodec } from './gallery-sync.js';

/** The single place the registry meets the gallery's packing, fusion and threshold rules (biometrics' gallery). */
export type SubjectCandidate = GalleryCandidate;

export const packForGallery = (template: FingerprintTemplate): Uint8Array => packFinger(template);

/** Person-level score of per-finger scores, on the gallery's scale (so thresholds apply). */
export const fuseScores = (fingers: ReadonlyArray<{ position: number; score: number }>): number => fuseFingerScores(fingers as readonly FingerScore[]);

/** Fused-score threshold for a target false-positive rate over `subjects` people compared on `fingers` fingers (1 subject: verification's FMR). */
export const galleryThreshold = (fpir: number, subjects: number, fingers: number): number => fusedThresholdForFpir(fpir, Math.max(1, subjects), Math.max(1, fingers));

export function galleryCodec(workers: number | undefined): GalleryCodec {
  return {
    openGallery: () => FingerprintGallery.open(workers === undefined ? {} : { workers }),
    encodeBatch: encodeGalleryBatch,
    repack: (template) => packFinger(decodeTemplate(template)),
  };
}
