import { calibrationFor, fmrForScore, type ScoreCalibration } from './calibration.js';
import { FingerprintMatcher, type MinutiaPair } from './match/matcher.js';
import type { FingerprintTemplate } from './template.js';

export interface Comparison {
  /** Similarity: 0 = nothing in common, higher = more alike. */
  score: number;
  /** Expected false match rate at this score (share of impostor comparisons scoring as high). */
  fmr: number;
  /** Corresponding minutiae: indices into the probe's and the candidate's minutiae. */
  pairs: MinutiaPair[];
}

/**
 * One-off comparison of two templates; for many candidates build a FingerprintMatcher once.
 * The FMR comes from the calibration that fits the pair (images, or minutiae-only imports).
 */
export function compareFingerprints(probe: FingerprintTemplate, candidate: FingerprintTemplate, calibration: ScoreCalibration = calibrationFor(probe, candidate)): Comparison {
  const { score, pairs } = new FingerprintMatcher(probe).matchWithPairs(candidate);
  return { score, fmr: fmrForScore(score, calibration), pairs };
}
