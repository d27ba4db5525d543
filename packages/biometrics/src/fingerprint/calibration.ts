import { imageCalibrationTable, minutiaeOnlyCalibrationTable } from './calibration-table.js';

/**
 * Score → false match rate. A calibration is a list of points (score ascending, FMR descending)
 * measured on impostor comparisons; between points the FMR is interpolated linearly in
 * log(FMR), so callers ask for "FMR 1e-4" rather than a score.
 */
export interface CalibrationPoint {
  score: number;
  fmr: number;
}

export interface ScoreCalibration {
  readonly points: readonly CalibrationPoint[];
  /** How the table was made (data, counts), for the record. */
  readonly source: string;
}

/** Lowest FMR a table states: below the empirical range the tail fit is not trusted further. */
export const MIN_CALIBRATED_FMR = 1e-7;
/** Share of the highest impostor scores used to fit the exponential tail. */
const TAIL_SHARE = 0.05;
const TAIL_MIN_SCORES = 20;

/**
 * Builds a calibration from impostor scores: empirical FMR at every order of magnitude (1, 0.5,
 * 0.2, 0.1, …) the sample can resolve, then beyond it an exponential tail
 * FMR(t) = FMR(t_last)·exp(−(t − t_last)/λ), λ fitted to the top scores (their mean excess over
 * the tail's start: the maximum-likelihood estimate), down to MIN_CALIBRATED_FMR.
 */
export function calibrateFromImpostorScores(impostorScores: readonly number[], source: string): ScoreCalibration {
  const sorted = [...impostorScores].filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n < TAIL_MIN_SCORES) throw new RangeError(`calibration needs at least ${TAIL_MIN_SCORES} impostor scores, got ${n}`);
  const points: CalibrationPoint[] = [];
  const add = (score: number, fmr: number) => {
    const last = points.at(-1);
    if (last && (score <= last.score || fmr >= last.fmr)) return;
    points.push({ score, fmr });
  };
  const fmrAt = (t: number) => {
    let lo = 0, hi = n; // first index with score ≥ t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return (n - lo) / n;
  };
  // Empirical part: for each target FMR, the lowest score whose FMR does not exceed it.
  for (let decade = 1; decade >= 1 / n; decade /= 10)
    for (const step of [1, 0.5, 0.2]) {
      const target = decade * step;
      if (target < 1 / n) continue;
      const index = Math.min(n - 1, Math.max(0, Math.ceil(n - target * n)));
      let t = sorted[index]!;
      if (fmrAt(t) > target) t = nextAbove(sorted, t);
      add(t, fmrAt(t));
    }
  // Tail: exponential decay fitted to the top scores, continued from the last empirical point.
  const tailCount = Math.max(TAIL_MIN_SCORES, Math.round(n * TAIL_SHARE));
  const t0 = sorted[n - tailCount]!;
  let excess = 0;
  for (let i = n - tailCount; i < n; i++) excess += sorted[i]! - t0;
  const lambda = Math.max(1e-3, excess / tailCount);
  const last = points.at(-1)!;
  for (let fmr = last.fmr / Math.sqrt(10); fmr >= MIN_CALIBRATED_FMR; fmr /= Math.sqrt(10)) add(last.score + lambda * Math.log(last.fmr / fmr), fmr);
  return { points, source };
}

function nextAbove(sorted: readonly number[], t: number): number {
  for (const s of sorted) if (s > t) return s;
  return t + 1;
}

/**
 * The calibrations shipped with Kura (see calibration-table.ts for how they were made): one for
 * comparisons of templates extracted from images (they carry a ridge-flow field, which the score
 * uses), one for templates made from minutiae alone (imported ISO/ANSI records), whose impostor
 * scores run higher.
 */
export const shippedCalibration: ScoreCalibration = imageCalibrationTable;
export const minutiaeOnlyCalibration: ScoreCalibration = minutiaeOnlyCalibrationTable;

/** The shipped calibration that applies to a comparison of these two templates. */
export function calibrationFor(probe: { orientation?: unknown }, candidate: { orientation?: unknown }): ScoreCalibration {
  return probe.orientation !== undefined && candidate.orientation !== undefined ? shippedCalibration : minutiaeOnlyCalibration;
}

/** False match rate expected at a score: the share of impostor comparisons scoring at least as much. */
export function fmrForScore(score: number, calibration: ScoreCalibration = shippedCalibration): number {
  const points = calibration.points;
  const first = points[0];
  if (!first || score <= first.score) return 1;
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (score <= b.score) {
      const a = points[i - 1]!;
      const f = (score - a.score) / (b.score - a.score);
      return Math.exp(Math.log(a.fmr) + f * (Math.log(b.fmr) - Math.log(a.fmr)));
    }
  }
  return points.at(-1)!.fmr;
}

/** The lowest score at which the expected false match rate is at most `fmr`. */
export function thresholdForFmr(fmr: number, calibration: ScoreCalibration = shippedCalibration): number {
  if (!(fmr > 0 && fmr <= 1)) throw new RangeError(`FMR must be in (0, 1], got ${fmr}`);
  const points = calibration.points;
  if (points.length === 0) throw new RangeError('empty calibration');
  if (fmr >= points[0]!.fmr) return points[0]!.score;
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (fmr >= b.fmr) {
      const a = points[i - 1]!;
      const f = (Math.log(fmr) - Math.log(a.fmr)) / (Math.log(b.fmr) - Math.log(a.fmr));
      return a.score + f * (b.score - a.score);
    }
  }
  throw new RangeError(`FMR ${fmr} is below the calibrated range (lowest ${points.at(-1)!.fmr})`);
}
