import { describe, expect, it } from 'vitest';
import { createTemplate, FingerprintMatcher } from '../src/index.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { fvcDb1b, isoTemplate, movedTemplate } from './match-helpers.js';

describe.skipIf(!fvcDb1b)(`fingerprint matcher on FVC2002 DB1_B ISO minutiae${fvcDb1b ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  const probe = () => isoTemplate(101, 1);

  it('scores a print against itself far above any other finger', () => {
    const matcher = new FingerprintMatcher(probe());
    const self = matcher.match(probe());
    let bestImpostor = 0;
    for (let finger = 102; finger <= 110; finger++)
      for (let impression = 1; impression <= 8; impression++) bestImpostor = Math.max(bestImpostor, matcher.match(isoTemplate(finger, impression)));
    expect(self).toBeGreaterThan(2 * bestImpostor);
    const { pairs } = matcher.matchWithPairs(probe());
    expect(pairs.length).toBe(probe().minutiae.length);
    for (const p of pairs) expect(p.candidate).toBe(p.probe);
  });

  it('is invariant to rotation and translation (30°, 50 px)', () => {
    for (const [finger, impression] of [[101, 2], [104, 5], [108, 3]] as const) {
      const matcher = new FingerprintMatcher(isoTemplate(finger, 1));
      const candidate = isoTemplate(finger, impression);
      const plain = matcher.match(candidate);
      const moved = matcher.match(movedTemplate(candidate, 30, 50, 50));
      const turnedBack = matcher.match(movedTemplate(candidate, -30, -50, 20));
      expect(plain).toBeGreaterThan(10);
      // Rounding moved minutiae to whole pixels changes edges by up to a pixel: allow 15 %.
      expect(Math.abs(moved - plain) / plain).toBeLessThan(0.15);
      expect(Math.abs(turnedBack - plain) / plain).toBeLessThan(0.15);
    }
    // A whole turn of the probe itself as well.
    const selfScore = new FingerprintMatcher(probe()).match(probe());
    expect(new FingerprintMatcher(movedTemplate(probe(), 90, 0, 0)).match(probe()) / selfScore).toBeGreaterThan(0.85);
  });

  it('scores mates above non-mates on average and returns one-to-one pairs', () => {
    let genuine = 0;
    let impostor = 0;
    for (let finger = 101; finger <= 105; finger++) {
      const matcher = new FingerprintMatcher(isoTemplate(finger, 1));
      genuine += matcher.match(isoTemplate(finger, 2));
      impostor += matcher.match(isoTemplate(finger + 5, 2));
      const { pairs } = matcher.matchWithPairs(isoTemplate(finger, 3));
      expect(new Set(pairs.map((p) => p.probe)).size).toBe(pairs.length);
      expect(new Set(pairs.map((p) => p.candidate)).size).toBe(pairs.length);
    }
    expect(genuine).toBeGreaterThan(2 * impostor);
  });

  it('is deterministic and unaffected by what it compared before', () => {
    const matcher = new FingerprintMatcher(probe());
    const a = isoTemplate(101, 4);
    const first = matcher.match(a);
    for (let finger = 102; finger <= 110; finger++) matcher.match(isoTemplate(finger, 1));
    expect(matcher.match(a)).toBe(first);
    expect(new FingerprintMatcher(probe()).match(a)).toBe(first);
  });

  it('scores 0 when either side has fewer than two minutiae', () => {
    const empty = createTemplate({ width: 300, height: 400, minutiae: [] });
    const one = createTemplate({ width: 300, height: 400, minutiae: [{ x: 10, y: 10, direction: 1, type: 'ending', reliability: 1 }] });
    expect(new FingerprintMatcher(probe()).match(empty)).toBe(0);
    expect(new FingerprintMatcher(probe()).match(one)).toBe(0);
    expect(new FingerprintMatcher(empty).match(probe())).toBe(0);
  });
});
