import { describe, expect, it } from 'vitest';
import { calibrateFromImpostorScores, calibrationFor, fmrForScore, minutiaeOnlyCalibration, shippedCalibration, thresholdForFmr } from '../src/index.js';

describe('score calibration', () => {
  it('ships tables that are monotone: higher score, lower FMR', () => {
    for (const calibration of [shippedCalibration, minutiaeOnlyCalibration]) {
      const points = calibration.points;
      expect(points.length).toBeGreaterThan(5);
      for (let i = 1; i < points.length; i++) {
        expect(points[i]!.score).toBeGreaterThan(points[i - 1]!.score);
        expect(points[i]!.fmr).toBeLessThan(points[i - 1]!.fmr);
      }
      let previous = 1;
      for (let s = 0; s < 200; s += 0.5) {
        const fmr = fmrForScore(s, calibration);
        expect(fmr).toBeLessThanOrEqual(previous);
        previous = fmr;
      }
      expect(fmrForScore(0, calibration)).toBe(1);
    }
    // Minutiae-only comparisons score impostors higher, so the same FMR needs a higher score.
    expect(thresholdForFmr(1e-4, minutiaeOnlyCalibration)).toBeGreaterThan(thresholdForFmr(1e-4, shippedCalibration));
    const field = { blockSize: 16, columns: 1, rows: 1, levels: new Uint8Array(1) };
    expect(calibrationFor({ orientation: field }, { orientation: field })).toBe(shippedCalibration);
    expect(calibrationFor({ orientation: field }, { orientation: undefined })).toBe(minutiaeOnlyCalibration);
  });

  it('answers thresholdForFmr consistently with fmrForScore', () => {
    for (const fmr of [1e-2, 1e-3, 1e-4, 1e-5]) {
      const t = thresholdForFmr(fmr);
      expect(fmrForScore(t)).toBeCloseTo(fmr, 6);
    }
    expect(thresholdForFmr(1e-4)).toBeGreaterThan(thresholdForFmr(1e-3));
    expect(() => thresholdForFmr(0)).toThrow(RangeError);
    expect(() => thresholdForFmr(2)).toThrow(RangeError);
  });

  it('measures the empirical FMR of a known distribution and extrapolates its tail', () => {
    // Exponential impostor scores with mean 2: P(score ≥ t) = exp(−t/2).
    const n = 20_000;
    const scores = Array.from({ length: n }, (_, i) => -2 * Math.log(1 - (i + 0.5) / n));
    const c = calibrateFromImpostorScores(scores, 'test');
    expect(fmrForScore(2 * Math.log(100), c)).toBeCloseTo(0.01, 2);
    const t = thresholdForFmr(1e-6, c);
    expect(t).toBeGreaterThan(2 * Math.log(1e6) * 0.9);
    expect(t).toBeLessThan(2 * Math.log(1e6) * 1.1);
  });
});
