import { describe, expect, it } from 'vitest';
import { errorRates, protocolPairs } from '@kura/biometrics';
import { sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';
import { runFvcBenchmark } from './fvc.js';

describe('FVC error rates', () => {
  it('matches the hand-made check of shared/data/README.md', () => {
    const r = errorRates([3, 8, 9, 10], [0, 1, 2, 4]);
    expect(r.eer).toBeCloseTo(0.25, 10);
    expect(r.zeroFmr).toBeCloseTo(0.25, 10);
    expect(r.genuine).toBe(4);
    expect(r.impostor).toBe(4);
  });

  it('gives 0 for separated scores and 50 % for identical ones', () => {
    expect(errorRates([5, 6, 7], [1, 2, 3]).eer).toBe(0);
    expect(errorRates([5, 6, 7], [1, 2, 3]).zeroFmr).toBe(0);
    expect(errorRates([1, 1], [1, 1]).eer).toBeCloseTo(0.5, 10);
  });

  it('counts FMR100 and FMR1000 as the lowest FNMR within the FMR bound', () => {
    const impostor = Array.from({ length: 1000 }, (_, i) => i / 1000); // 0 … 0.999
    const genuine = [0.5, 0.995, 2, 3];
    const r = errorRates(genuine, impostor);
    expect(r.fmr100).toBe(0.25); // threshold 0.99 keeps FMR at 1 %, loses only 0.5
    expect(r.fmr1000).toBe(0.5); // threshold 0.999 (FMR 0.1 %) loses 0.5 and 0.995
    expect(r.zeroFmr).toBe(0.5);
  });
});

describe('FVC protocol pairs', () => {
  it('makes 280 genuine, 45 FVC impostor and 2,880 all-pairs impostor comparisons on a B set', () => {
    const prints = [];
    for (let finger = 101; finger <= 110; finger++) for (let impression = 1; impression <= 8; impression++) prints.push({ finger, impression });
    const pairs = protocolPairs(prints);
    expect(pairs.genuine).toHaveLength(280);
    expect(pairs.fvcImpostor).toHaveLength(45);
    expect(pairs.allPairsImpostor).toHaveLength(2880);
    // The earlier print is always the probe.
    for (const c of [...pairs.genuine, ...pairs.allPairsImpostor]) expect(c.probe).toBeLessThan(c.candidate);
    for (const c of pairs.fvcImpostor) expect([prints[c.probe]!.impression, prints[c.candidate]!.impression]).toEqual([1, 1]);
  });
});

const db1b = sharedData('fvc', 'fvc2002-db1b');
describe.skipIf(!db1b)(`FVC benchmark on fvc2002-db1b ISO templates${db1b ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  it('returns exactly the specified fields with a usable accuracy', async () => {
    const r = await runFvcBenchmark(db1b!, { ppi: 500, source: 'iso', speedMeasureMs: 200 });
    expect(Object.keys(r).sort()).toEqual(['allPairs', 'comparisonsPerSecondPerCore', 'extractMsPerImage', 'failedToExtract', 'fvc', 'images'].sort());
    expect(Object.keys(r.fvc).sort()).toEqual(['eer', 'fmr100', 'fmr1000', 'genuine', 'impostor', 'zeroFmr'].sort());
    expect(r.images).toBe(80);
    expect(r.failedToExtract).toBe(0);
    expect(r.fvc).toMatchObject({ genuine: 280, impostor: 45 });
    expect(r.allPairs).toMatchObject({ genuine: 280, impostor: 2880 });
    // NBIS on the images scores 4.17 % all pairs; the commercial minutiae must do better.
    expect(r.allPairs.eer).toBeLessThan(0.0417);
    expect(r.comparisonsPerSecondPerCore).toBeGreaterThan(1000);
  });
});
