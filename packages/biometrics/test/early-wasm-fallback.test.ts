import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as ExtractModule from '../src/fingerprint/extract/index.js';
import type * as FrequencyModule from '../src/fingerprint/extract/frequency.js';
import type * as GridModule from '../src/fingerprint/extract/grid.js';
import type * as NormalizeModule from '../src/fingerprint/extract/normalize.js';
import type * as OrientationModule from '../src/fingerprint/extract/orientation.js';
import { defaultExtractionParameters } from '../src/fingerprint/extract/parameters.js';
import { createMasterFingerprint, renderImpression } from '../src/synth/index.js';

/**
 * The extractor's early stages (block statistics, Sobel tensor sums, block field smoothing, local
 * normalisation, the ridge period's projections) run as WebAssembly kernels (early-kernels.ts) where the platform has WebAssembly
 * with SIMD, and as JavaScript elsewhere. Both must give the same bits: the modules are loaded
 * afresh with WebAssembly hidden and their results compared with the kernels' (also checking that
 * the kernels are really in use, so the comparison is not the fallback against itself).
 */

interface Stages {
  grid: typeof GridModule;
  normalize: typeof NormalizeModule;
  orientation: typeof OrientationModule;
  frequency: typeof FrequencyModule;
  extract: typeof ExtractModule;
  kernels: boolean;
}

async function freshModules(): Promise<Stages> {
  vi.resetModules();
  const { earlyKernels } = await import('../src/fingerprint/extract/early-kernels.js');
  return {
    grid: await import('../src/fingerprint/extract/grid.js'),
    normalize: await import('../src/fingerprint/extract/normalize.js'),
    orientation: await import('../src/fingerprint/extract/orientation.js'),
    frequency: await import('../src/fingerprint/extract/frequency.js'),
    extract: await import('../src/fingerprint/extract/index.js'),
    kernels: earlyKernels(8) !== null,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** Images whose sizes leave partial blocks, odd widths and narrow strips, with fractional grey levels. */
function testImages(): Array<{ width: number; height: number; data: Float32Array; blockSize: number }> {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const sizes = [
    [400, 500, 8],
    [97, 61, 8],
    [70, 33, 8],
    [41, 9, 8],
    [9, 40, 8],
    [3, 3, 8],
    [130, 70, 16],
    [77, 52, 5],
  ] as const;
  return sizes.map(([width, height, blockSize]) => {
    const data = new Float32Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = Math.fround(random() * 255 * (random() < 0.2 ? 1e-3 : 1));
    return { width, height, data, blockSize };
  });
}

/** Every number of the stages' results in order (typed arrays element by element), for a comparison whose failure message stays short. */
function flatten(value: unknown, into: number[] = []): number[] {
  if (typeof value === 'number') into.push(value);
  else if (ArrayBuffer.isView(value)) for (const item of value as unknown as Float32Array) into.push(item);
  else if (Array.isArray(value)) for (const item of value) flatten(item, into);
  else if (value && typeof value === 'object') for (const key of Object.keys(value).sort()) flatten((value as Record<string, unknown>)[key], into);
  return into;
}

/** The first index where the two differ in bits (Object.is), or −1. */
function firstDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function run(stages: Stages, image: ReturnType<typeof testImages>[number]): number[] {
  const { grid: gridModule, normalize, orientation, frequency } = stages;
  const grid = gridModule.blockGridFor(image.width, image.height, image.blockSize);
  const stats = normalize.blockStatistics(image, grid);
  const tensors = orientation.blockGradientTensors(image, grid);
  const mask = new Uint8Array(grid.columns * grid.rows).map((_, b) => (b % 3 === 0 || b % 7 === 1 ? 1 : 0));
  const smoothed = [1.5, 3].flatMap((sigma) => [...gridModule.smoothBlockFields([tensors.xx, tensors.yy, tensors.xy], grid, sigma), ...gridModule.smoothBlockFields([stats.mean, stats.contrast], grid, sigma, mask)]);
  const normalized = normalize.normalizeLocally(image, grid, stats, 3);
  const field = orientation.orientationField(tensors, grid, 1.5, mask);
  // odd and even windows across the ridges, and one too long along them for the kernel
  const periods = [{}, { periodWindowAcross: 31 }, { periodWindowAlong: 20 }].map((windows) => frequency.ridgePeriodField(normalized, field, mask, grid, { ...defaultExtractionParameters, ...windows }));
  return flatten({ stats, tensors, smoothed, normalized: normalized.data.slice(), periods });
}

describe('the JavaScript fallback of the early-stage WebAssembly kernels', () => {
  it('gives the stages the same bits as the kernels', async () => {
    const images = testImages();
    const withKernels = await freshModules();
    expect(withKernels.kernels).toBe(true);
    const expected = images.map((image) => run(withKernels, image));

    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await freshModules();
    expect(fallback.kernels).toBe(false);
    for (const [k, image] of images.entries()) expect(firstDifference(run(fallback, image), expected[k]!), `image ${k}`).toBe(-1);
  });

  it('extracts minutiae exactly as the kernels do', async () => {
    const images = [5, 11].map((seed) => renderImpression(createMasterFingerprint(seed), 2));
    const withKernels = await freshModules();
    const expected = images.map((image) => withKernels.extract.extractFingerprint(image));

    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await freshModules();
    const extracted = images.map((image) => fallback.extract.extractFingerprint(image));
    expect(extracted).toEqual(expected);
    expect(extracted[0]!.minutiae.length).toBeGreaterThan(10);
  });
});
