import { fmrForScore, minutiaeOnlyCalibration } from '../fingerprint/calibration.js';
import type { FingerScore } from './types.js';
import { galleryParameters as P } from './parameters.js';

/**
 * Multi-finger fusion. Each compared finger gives evidence e = −log10(FMR(score)), the FMR read
 * from the minutiae-only calibration (gallery fingers keep no orientation field, see
 * packed-finger.ts), clamped to [0, 7]; a person's score is the sum over the finger positions
 * compared (only same positions are compared). A person score of 9 thus reads "as unlikely for an
 * impostor as one finger at FMR 1e-9", whatever the number of fingers.
 */
export function fingerEvidence(score: number): number {
  if (!(score > 0)) return 0;
  const e = -Math.log10(fmrForScore(score, minutiaeOnlyCalibration));
  return Math.min(P.maxFingerEvidence, Math.max(0, e));
}

/** Person-level score from per-finger scores: the sum of each finger's evidence. */
export function fuseFingerScores(scores: readonly FingerScore[]): number {
  let sum = 0;
  for (const s of scores) sum += fingerEvidence(s.score);
  return sum;
}

const LN10 = Math.LN10;

/**
 * Chance that an impostor (a person not in the probe's identity) reaches a fused score ≥ t over
 * k compared fingers. Assumption: the calibration holds (an impostor finger's FMR is uniform on
 * (0, 1], so its evidence is Exponential(ln 10)) and the fingers of two different people score
 * independently; the sum of k such is Gamma(k, ln 10):
 *   P(S ≥ t) = e^(−t ln 10) · Σ_{j<k} (t ln 10)^j / j!
 */
export function impostorFusedTail(t: number, k: number): number {
  if (t <= 0) return 1;
  const x = t * LN10;
  let term = 1;
  let sum = 1;
  for (let j = 1; j < k; j++) {
    term *= x / j;
    sum += term;
  }
  return Math.min(1, Math.exp(-x) * sum);
}

/**
 * The fused score threshold at which a search of a probe with `fingersCompared` fingers against
 * a gallery of `gallerySubjects` people returns a false candidate with probability `fpir`:
 * FPIR = 1 − (1 − P(S ≥ t))^N, solved for t under the assumption of impostorFusedTail. Subjects
 * enrolled with fewer of the probe's fingers compare fewer and score lower, so the threshold is
 * on the safe side for them. Capped at k × 7 (the most k fingers can give): a goal beyond it is
 * one the calibration cannot state, and the cap is then the honest best.
 */
export function fusedThresholdForFpir(fpir: number, gallerySubjects: number, fingersCompared: number): number {
  if (!(fpir > 0 && fpir < 1)) throw new RangeError(`FPIR must be in (0, 1), got ${fpir}`);
  if (!(Number.isFinite(gallerySubjects) && gallerySubjects >= 0)) throw new RangeError(`gallery size must be a non-negative number, got ${gallerySubjects}`);
  if (!(Number.isInteger(fingersCompared) && fingersCompared >= 1 && fingersCompared <= 10)) throw new RangeError(`fingers compared must be an integer 1–10, got ${fingersCompared}`);
  const n = Math.max(1, gallerySubjects);
  // Per-subject false match probability, computed without cancellation for large galleries.
  const perSubject = -Math.expm1(Math.log1p(-fpir) / n);
  const cap = fingersCompared * P.maxFingerEvidence;
  if (impostorFusedTail(cap, fingersCompared) >= perSubject) return cap;
  let lo = 0;
  let hi = cap;
  for (let i = 0; i < 100 && hi - lo > 1e-9; i++) {
    const mid = (lo + hi) / 2;
    if (impostorFusedTail(mid, fingersCompared) > perSubject) lo = mid;
    else hi = mid;
  }
  return hi;
}
