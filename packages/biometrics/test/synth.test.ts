import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  FINGERPRINT_CLASSES,
  SynthError,
  SynthWorkerPool,
  createMasterFingerprint,
  impressionTemplate,
  masterMinutiae,
  measureRidgePeriod,
  parseFingerprintClass,
  planMaster,
  renderImpression,
} from '../src/synth/index.js';
import { drawPlasticDistortion, distort, undistort } from '../src/synth/plastic-distortion.js';
import { SeededRandom } from '../src/synth/random.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const loop = createMasterFingerprint(11);
const whorl = createMasterFingerprint(12, { fingerClass: 'whorl' });

describe('synthetic fingerprints: determinism', () => {
  it('gives the same bytes for the same seed', () => {
    const again = createMasterFingerprint(11);
    expect(Buffer.from(again.ridges.buffer).equals(Buffer.from(loop.ridges.buffer))).toBe(true);
    const a = renderImpression(loop, 3);
    const b = renderImpression(again, 3);
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(true);
    expect(impressionTemplate(loop, 3)).toEqual(impressionTemplate(again, 3));
  });

  it('gives different fingers for different seeds and different impressions of one finger', () => {
    const other = createMasterFingerprint(13);
    expect(Buffer.from(other.ridges.buffer).equals(Buffer.from(loop.ridges.buffer))).toBe(false);
    const a = renderImpression(loop, 0).pixels;
    const b = renderImpression(loop, 1).pixels;
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 40) differing++;
    expect(differing / a.length).toBeGreaterThan(0.05);
  });
});

describe('synthetic fingerprints: classes', () => {
  it('draws classes with their natural frequencies', () => {
    const counts = Object.fromEntries(FINGERPRINT_CLASSES.map((c) => [c, 0])) as Record<string, number>;
    const n = 4000;
    for (let seed = 0; seed < n; seed++) counts[planMaster(seed).fingerClass]!++;
    const share = (c: string) => counts[c]! / n;
    expect(share('left-loop') + share('right-loop')).toBeGreaterThan(0.6);
    expect(share('left-loop') + share('right-loop')).toBeLessThan(0.71);
    expect(Math.abs(share('left-loop') - share('right-loop'))).toBeLessThan(0.05);
    expect(share('whorl')).toBeGreaterThan(0.24);
    expect(share('whorl')).toBeLessThan(0.32);
    expect(share('arch')).toBeGreaterThan(0.02);
    expect(share('arch')).toBeLessThan(0.06);
    expect(share('tented-arch')).toBeGreaterThan(0.015);
    expect(share('tented-arch')).toBeLessThan(0.05);
  });

  it('places singular points as the class requires', () => {
    const count = (seed: number, kind: 'core' | 'delta', fingerClass: (typeof FINGERPRINT_CLASSES)[number]) =>
      planMaster(seed, { fingerClass }).singularPoints.filter((p) => p.kind === kind).length;
    expect([count(1, 'core', 'arch'), count(1, 'delta', 'arch')]).toEqual([0, 0]);
    expect([count(1, 'core', 'left-loop'), count(1, 'delta', 'left-loop')]).toEqual([1, 1]);
    expect([count(1, 'core', 'whorl'), count(1, 'delta', 'whorl')]).toEqual([2, 2]);
    const left = planMaster(5, { fingerClass: 'left-loop' }).singularPoints;
    const right = planMaster(5, { fingerClass: 'right-loop' }).singularPoints;
    // A left loop opens to the left: its delta lies right of its core; a right loop the reverse.
    expect(left[1]!.x).toBeGreaterThan(left[0]!.x);
    expect(right[1]!.x).toBeLessThan(right[0]!.x);
  });
});

describe('synthetic fingerprints: physical realism', () => {
  it('renders ridges with a period in the physical range (0.36–0.6 mm: 7–12 px at 500 ppi) and scales with resolution', () => {
    const at500 = renderImpression(whorl, 0);
    const period500 = measureRidgePeriod(at500.pixels, at500.width, at500.height);
    expect(period500).toBeGreaterThan(7);
    expect(period500).toBeLessThan(12);
    // The busiest windows sit around the cores, where ridges run wider than the finger's mean.
    expect(Math.abs(period500 - whorl.meanRidgePeriod) / whorl.meanRidgePeriod).toBeLessThan(0.25);
    const at1000 = renderImpression(whorl, 0, { ppi: 1000 });
    expect(at1000.width).toBe(800);
    const period1000 = measureRidgePeriod(at1000.pixels, at1000.width, at1000.height);
    // Windows cover half the finger area at 1000 ppi, so the two measures differ by a few per cent.
    expect(period1000 / period500).toBeGreaterThan(1.75);
    expect(period1000 / period500).toBeLessThan(2.3);
  });

  const fvc = sharedData('fvc', 'fvc2002-db1b');
  describe.skipIf(!fvc)(sharedDataMissingMessage, () => {
    it('has a ridge period close to real 500-ppi prints (FVC2002 DB1) measured the same way', async () => {
      const real: number[] = [];
      for (const name of ['101_1', '103_2', '105_3', '107_4', '109_5']) {
        const { data, info } = await sharp(readFileSync(`${fvc}/${name}.tif`)).greyscale().raw().toBuffer({ resolveWithObject: true });
        real.push(measureRidgePeriod(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height));
      }
      const synthetic = [loop, whorl].map((m) => {
        const image = renderImpression(m, 1);
        return measureRidgePeriod(image.pixels, image.width, image.height);
      });
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      expect(Math.abs(mean(synthetic) - mean(real)) / mean(real)).toBeLessThan(0.2);
    });
  });

  it('finds the master minutiae, both types, in a plausible number, with ISO directions', () => {
    const minutiae = masterMinutiae(loop);
    expect(minutiae.length).toBeGreaterThan(25);
    expect(minutiae.length).toBeLessThan(150);
    const endings = minutiae.filter((m) => m.type === 'ending').length;
    expect(endings / minutiae.length).toBeGreaterThan(0.2);
    expect(endings / minutiae.length).toBeLessThan(0.8);
    for (const m of minutiae) {
      expect(m.direction).toBeGreaterThanOrEqual(0);
      expect(m.direction).toBeLessThan(2 * Math.PI);
      // An ending points into its ridge: one step along the direction is still on a ridge.
      if (m.type === 'ending') {
        const s = loop.ridgeScale;
        const x = Math.round((m.x + 6 * Math.cos(m.direction)) * s);
        const y = Math.round((m.y - 6 * Math.sin(m.direction)) * s);
        expect(loop.ridges[y * loop.ridgeWidth + x]).toBeGreaterThan(-0.5);
      }
    }
  });

  it('maps minutiae through the impression: inside the frame, mostly kept, same count each time', () => {
    const all = masterMinutiae(whorl);
    const template = impressionTemplate(whorl, 2, {}, all);
    expect(template.width).toBe(400);
    expect(template.minutiae.length).toBeGreaterThan(10);
    expect(template.minutiae.length).toBeLessThanOrEqual(all.length + 3);
    for (const m of template.minutiae) {
      expect(m.x).toBeGreaterThan(0);
      expect(m.x).toBeLessThan(400);
      expect(m.y).toBeGreaterThan(0);
      expect(m.y).toBeLessThan(500);
    }
    // The same finger at 1000 ppi gives the template in 500-ppi units, the same minutiae positions.
    const hiRes = impressionTemplate(whorl, 2, { ppi: 1000 }, all);
    expect(hiRes.width).toBe(400);
    expect(hiRes.minutiae.map((m) => Math.round(m.x))).toEqual(template.minutiae.map((m) => Math.round(m.x)));
  });

  it('inverts the plastic distortion to within a tenth of a pixel', () => {
    const random = new SeededRandom(3);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (let k = 0; k < 20; k++) {
      const d = drawPlasticDistortion(random, 200, 250);
      const x = random.uniform(0, 400);
      const y = random.uniform(0, 500);
      distort(d, x, y, a);
      undistort(d, a[0]!, a[1]!, b);
      expect(Math.hypot(b[0]! - x, b[1]! - y)).toBeLessThan(0.1);
    }
  });
});

describe('synthetic fingerprints: bad arguments', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(SynthError);
      return (error as SynthError).code;
    }
    return 'no error';
  };

  it('rejects negative, fractional and unsafe seeds', () => {
    expect(code(() => createMasterFingerprint(-1))).toBe('BAD_SEED');
    expect(code(() => createMasterFingerprint(1.5))).toBe('BAD_SEED');
    expect(code(() => planMaster(Number.NaN))).toBe('BAD_SEED');
    expect(code(() => planMaster(2 ** 60))).toBe('BAD_SEED');
  });

  it('rejects impossible resolutions, sizes, counts and classes', () => {
    expect(code(() => renderImpression(loop, 0, { ppi: 10 }))).toBe('BAD_RESOLUTION');
    expect(code(() => renderImpression(loop, 0, { ppi: Number.POSITIVE_INFINITY }))).toBe('BAD_RESOLUTION');
    expect(code(() => renderImpression(loop, 0, { width: 5 }))).toBe('BAD_SIZE');
    expect(code(() => renderImpression(loop, 0, { height: -20 }))).toBe('BAD_COUNT');
    expect(code(() => renderImpression(loop, -1))).toBe('BAD_COUNT');
    expect(code(() => impressionTemplate(loop, 0.5))).toBe('BAD_COUNT');
    expect(code(() => parseFingerprintClass('spiral'))).toBe('BAD_CLASS');
    expect(code(() => new SynthWorkerPool(0))).toBe('BAD_COUNT');
  });
});
