import type { ExtractionParameters } from './parameters.js';

/**
 * Per-image quality 0–100, inspired by NFIQ 2's feature families. Four factors, each in [0, 1]:
 * - `coherence`: mean orientation coherence over the foreground (clear, parallel ridge flow),
 *   mapped linearly from `qualityCoherenceFloor` (0) to `qualityCoherenceCeiling` (1);
 * - `clarity`: share of foreground blocks whose own ridge period could be measured in the physical
 *   range (ridges distinct enough to count);
 * - `area`: foreground area relative to `qualityFullArea` (≈200 mm², most of a plain impression);
 * - `minutiae`: minutiae found relative to `qualityFullMinutiae`.
 * The score is their weighted geometric mean × 100, so any factor near zero (blank, noise, a
 * sliver of finger, no minutiae) pulls the whole score down. Meaning, roughly: ≥ 60 good,
 * 40–60 fair, 20–40 poor, < 20 not usable as a fingerprint (flagged `usable: false`).
 */
export interface QualityFactors {
  coherence: number;
  clarity: number;
  area: number;
  minutiae: number;
}

const WEIGHTS: Readonly<QualityFactors> = { coherence: 0.3, clarity: 0.3, area: 0.2, minutiae: 0.2 };

export function qualityFactors(meanCoherence: number, measuredPeriodShare: number, foregroundArea: number, minutiaCount: number, p: ExtractionParameters): QualityFactors {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    coherence: clamp((meanCoherence - p.qualityCoherenceFloor) / (p.qualityCoherenceCeiling - p.qualityCoherenceFloor)),
    clarity: clamp(measuredPeriodShare),
    area: clamp(foregroundArea / p.qualityFullArea),
    minutiae: clamp(minutiaCount / p.qualityFullMinutiae),
  };
}

export function qualityScore(f: QualityFactors): number {
  const product = Math.pow(f.coherence, WEIGHTS.coherence) * Math.pow(f.clarity, WEIGHTS.clarity) * Math.pow(f.area, WEIGHTS.area) * Math.pow(f.minutiae, WEIGHTS.minutiae);
  return Math.round(100 * product);
}
