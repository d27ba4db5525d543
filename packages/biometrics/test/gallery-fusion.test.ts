import { describe, expect, it } from 'vitest';
import { fingerEvidence, fuseFingerScores, fusedThresholdForFpir, fmrForScore, minutiaeOnlyCalibration, thresholdForFmr } from '../src/index.js';
import { impostorFusedTail } from '../src/gallery/fusion.js';

describe('multi-finger fusion', () => {
  it('turns each finger score into −log10(FMR) evidence and sums it', () => {
    const s = thresholdForFmr(1e-4, minutiaeOnlyCalibration);
    expect(fingerEvidence(s)).toBeCloseTo(4, 6);
    expect(fingerEvidence(0)).toBe(0);
    expect(fingerEvidence(1e9)).toBeLessThanOrEqual(7);
    expect(fuseFingerScores([{ position: 2, score: s }, { position: 7, score: s }])).toBeCloseTo(8, 6);
    expect(fuseFingerScores([])).toBe(0);
    expect(fingerEvidence(s / 2)).toBeCloseTo(-Math.log10(fmrForScore(s / 2, minutiaeOnlyCalibration)), 9);
  });

  it('sets one-finger thresholds from the closed form, and more fingers need more', () => {
    // One finger, one subject: P(e ≥ t) = 10^−t, so FPIR 1e-3 ↔ t = 3.
    expect(fusedThresholdForFpir(1e-3, 1, 1)).toBeCloseTo(3, 6);
    // N subjects: per-subject rate 1 − (1 − FPIR)^(1/N).
    expect(fusedThresholdForFpir(0.01, 1e5, 1)).toBeCloseTo(-Math.log10(1 - Math.pow(0.99, 1e-5)), 5);
    const t2 = fusedThresholdForFpir(1e-3, 1e5, 2);
    const t10 = fusedThresholdForFpir(1e-3, 1e5, 10);
    expect(t2).toBeGreaterThan(fusedThresholdForFpir(1e-3, 1e5, 1));
    expect(t10).toBeGreaterThan(t2);
    expect(fusedThresholdForFpir(1e-2, 1e5, 2)).toBeLessThan(t2);
    expect(fusedThresholdForFpir(1e-3, 1e6, 2)).toBeGreaterThan(t2);
    // Beyond what one finger's calibration can state: capped.
    expect(fusedThresholdForFpir(1e-6, 1e6, 1)).toBe(7);
    expect(() => fusedThresholdForFpir(0, 10, 2)).toThrow(RangeError);
    expect(() => fusedThresholdForFpir(0.01, 10, 11)).toThrow(RangeError);
  });

  it('matches a simulation of calibrated impostors (sum of k Exponential(ln 10))', () => {
    let seed = 99;
    const uniform = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    for (const k of [2, 10]) {
      const t = fusedThresholdForFpir(0.05, 1, k);
      let above = 0;
      const n = 40_000;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += -Math.log10(uniform());
        if (sum >= t) above++;
      }
      expect(above / n).toBeCloseTo(0.05, 2);
      expect(impostorFusedTail(t, k)).toBeCloseTo(0.05, 6);
    }
  });
});
