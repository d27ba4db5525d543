import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as GridModule from '../src/fingerprint/extract/grid.js';
import type * as NormalizeModule from '../src/fingerprint/extract/normalize.js';
import type * as OrientationModule from '../src/fingerprint/extract/orientation.js';

/**
 * Two shortcuts of the extractor's early stages must give the bits of the long way, with the
 * WebAssembly kernels and with their JavaScript fallback:
 *  - the Sobel tensor sums of an image of whole grey levels (0 … 255) summed in float32 lanes
 *    (blockGradientTensors(…, wholeGreys = true)) equal the general float64 sums, also when taken
 *    from the copy of the image that blockStatistics left in the kernels' memory;
 *  - the local normalisation of a window equals the whole image's inside the window, and is 0
 *    outside it.
 */

interface Stages {
  grid: typeof GridModule;
  normalize: typeof NormalizeModule;
  orientation: typeof OrientationModule;
  kernels: boolean;
}

async function freshModules(): Promise<Stages> {
  vi.resetModules();
  const { earlyKernels } = await import('../src/fingerprint/extract/early-kernels.js');
  return {
    grid: await import('../src/fingerprint/extract/grid.js'),
    normalize: await import('../src/fingerprint/extract/normalize.js'),
    orientation: await import('../src/fingerprint/extract/orientation.js'),
    kernels: earlyKernels(8) !== null && earlyKernels(16) !== null && earlyKernels(5) !== null,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** Whole grey levels: random, and patterns of 0 and 255 that give the largest gradients. */
function greyImages(): Array<{ width: number; height: number; data: Float32Array; blockSize: number }> {
  let seed = 11;
  const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const sizes = [
    [400, 500, 8],
    [97, 61, 8],
    [41, 9, 8],
    [130, 70, 16],
    [77, 52, 5],
  ] as const;
  const patterns: Array<(x: number, y: number) => number> = [() => Math.floor(random() * 256), (x, y) => ((x + y) % 2 === 0 ? 255 : 0), (x) => (x % 2 === 0 ? 0 : 255), (x, y) => ((x >> 1) % 2 === (y >> 1) % 2 ? 255 : 0)];
  return sizes.flatMap(([width, height, blockSize]) =>
    patterns.map((pattern) => {
      const data = new Float32Array(width * height);
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = pattern(x, y);
      return { width, height, data, blockSize };
    }),
  );
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** The tensor sums; with `afterStatistics`, of the image blockStatistics left in the kernels' memory. */
function tensorsOf(stages: Stages, image: ReturnType<typeof greyImages>[number], wholeGreys: boolean, afterStatistics = false): Float32Array[] {
  const grid = stages.grid.blockGridFor(image.width, image.height, image.blockSize);
  if (afterStatistics) stages.normalize.blockStatistics(image, grid);
  const { xx, yy, xy } = stages.orientation.blockGradientTensors(image, grid, wholeGreys, afterStatistics);
  return [xx, yy, xy];
}

/** Windows inside, at the edges, odd and even, one pixel wide, empty, and the whole image. */
function windowsOf(width: number, height: number): GridModule.PixelWindow[] {
  return [
    { left: 0, top: 0, width, height },
    { left: 3, top: 5, width: Math.max(0, width - 10), height: Math.max(0, height - 7) },
    { left: 0, top: 2, width: Math.min(width, 33), height: Math.max(0, height - 2) },
    { left: Math.max(0, width - 8), top: 0, width: Math.min(width, 8), height: Math.min(height, 9) },
    { left: Math.floor(width / 2), top: 1, width: 1, height: Math.max(0, height - 1) },
    { left: 2, top: 2, width: 0, height: 0 },
  ];
}

function normalizedWindows(stages: Stages, image: ReturnType<typeof greyImages>[number]): Array<{ whole: Float32Array; windowed: Float32Array[] }> {
  const grid = stages.grid.blockGridFor(image.width, image.height, image.blockSize);
  // fractional grey levels too: the normalisation is not limited to whole ones
  const fractional = { ...image, data: image.data.map((v, i) => Math.fround(v * (i % 3 === 0 ? 0.37 : 1))) };
  return [image, fractional].map((source) => {
    const stats = stages.normalize.blockStatistics(source, grid);
    const whole = stages.normalize.normalizeLocally(source, grid, stats, 3).data.slice();
    const windowed = windowsOf(image.width, image.height).map((window) => stages.normalize.normalizeLocally(source, grid, stats, 3, window).data.slice());
    return { whole, windowed };
  });
}

function expectWindowsMatch(image: { width: number; height: number }, results: Array<{ whole: Float32Array; windowed: Float32Array[] }>, label: string): void {
  const windows = windowsOf(image.width, image.height);
  for (const { whole, windowed } of results) {
    windowed.forEach((data, w) => {
      const window = windows[w]!;
      const expected = new Float32Array(whole.length);
      for (let y = window.top; y < window.top + window.height; y++) {
        for (let x = window.left; x < window.left + window.width; x++) expected[y * image.width + x] = whole[y * image.width + x]!;
      }
      expect(sameBits(data, expected), `${label}, window ${w}`).toBe(true);
    });
  }
}

describe('early-stage shortcuts', () => {
  it('sums the tensors of whole grey levels in float32 with the bits of the float64 sums, kernels and fallback', async () => {
    const images = greyImages();
    const withKernels = await freshModules();
    expect(withKernels.kernels).toBe(true);
    const expected = images.map((image) => tensorsOf(withKernels, image, false));
    // another image in the kernels' memory first: the uploads must replace it
    const other = images[images.length - 1]!;
    images.forEach((image, k) => {
      for (const [wholeGreys, afterStatistics] of [[true, false], [true, true], [false, true]] as const) {
        tensorsOf(withKernels, other, false);
        tensorsOf(withKernels, image, wholeGreys, afterStatistics).forEach((field, f) => expect(sameBits(field, expected[k]![f]!), `image ${k}, field ${f}, ${wholeGreys} ${afterStatistics}`).toBe(true));
      }
    });

    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await freshModules();
    expect(fallback.kernels).toBe(false);
    images.forEach((image, k) => {
      for (const wholeGreys of [true, false]) tensorsOf(fallback, image, wholeGreys).forEach((field, f) => expect(sameBits(field, expected[k]![f]!), `fallback, image ${k}, field ${f}`).toBe(true));
    });
  });

  it('normalises a window as the whole image, kernels and fallback', async () => {
    const images = greyImages().filter((_, k) => k % 4 === 0);
    const withKernels = await freshModules();
    expect(withKernels.kernels).toBe(true);
    const expected = images.map((image) => normalizedWindows(withKernels, image));
    images.forEach((image, k) => expectWindowsMatch(image, expected[k]!, `image ${k}`));

    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await freshModules();
    expect(fallback.kernels).toBe(false);
    images.forEach((image, k) => {
      const results = normalizedWindows(fallback, image);
      expectWindowsMatch(image, results, `fallback, image ${k}`);
      results.forEach(({ whole }, s) => expect(sameBits(whole, expected[k]![s]!.whole), `fallback, image ${k}, source ${s}`).toBe(true));
    });
  });
});
