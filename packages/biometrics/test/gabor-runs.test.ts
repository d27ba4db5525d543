import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskRuns } from '../src/fingerprint/extract/gabor-runs.js';

/** The runs of a mask, pixel by pixel: [row, first column, end column] each. */
function runsOneByOne(mask: Uint8Array, width: number, height: number): number[][] {
  const runs: number[][] = [];
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width) {
      if (!mask[y * width + x]) {
        x++;
        continue;
      }
      const from = x;
      while (x < width && mask[y * width + x]) x++;
      runs.push([y, from, x]);
    }
  }
  return runs;
}

/** A pseudo-random mask of blocks and stray pixels (a fixed sequence, so the test is repeatable). */
function randomMask(width: number, height: number, seed: number, offset: number): Uint8Array {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const mask = new Uint8Array(new ArrayBuffer(offset + width * height + 3), offset, width * height);
  for (let b = 0; b < 12; b++) {
    const left = Math.floor(next() * width);
    const top = Math.floor(next() * height);
    const right = Math.min(width, left + 1 + Math.floor(next() * 20));
    const bottom = Math.min(height, top + 1 + Math.floor(next() * 20));
    for (let y = top; y < bottom; y++) mask.fill(1, y * width + left, y * width + right);
  }
  for (let k = 0; k < width; k++) mask[Math.floor(next() * mask.length)] = next() < 0.5 ? 0 : 255;
  return mask;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('maskRuns', () => {
  it('finds the runs a pixel-by-pixel scan finds, whatever the width and the mask bytes alignment', () => {
    for (const [width, height] of [
      [37, 23],
      [40, 17],
      [1, 9],
      [3, 5],
    ] as const) {
      for (let offset = 0; offset < 4; offset++) {
        for (let seed = 1; seed <= 5; seed++) {
          const mask = randomMask(width, height, seed * 7 + offset, offset);
          const { runs, count } = maskRuns(mask, width, height, 'test');
          const found: number[][] = [];
          for (let k = 0; k < count; k++) found.push([runs[3 * k]!, runs[3 * k + 1]!, runs[3 * k + 2]!]);
          expect(found).toEqual(runsOneByOne(mask, width, height));
        }
      }
    }
  });

  it('finds every run of an all-set and of an empty mask', () => {
    const full = maskRuns(new Uint8Array(12 * 5).fill(1), 12, 5, 'test');
    expect(full.count).toBe(5);
    expect(Array.from(full.runs.subarray(0, 15))).toEqual([0, 0, 12, 1, 0, 12, 2, 0, 12, 3, 0, 12, 4, 0, 12]);
    expect(maskRuns(new Uint8Array(12 * 5), 12, 5, 'test').count).toBe(0);
  });
});

describe('gaborEnhance on masks not made of blocks', () => {
  it('gives the JavaScript passes\' bits with the WebAssembly kernels', async () => {
    const width = 61;
    const height = 47;
    const load = async () => {
      vi.resetModules();
      const gabor = await import('../src/fingerprint/extract/gabor.js');
      const { defaultExtractionParameters } = await import('../src/fingerprint/extract/parameters.js');
      const { gaborKernels } = await import('../src/fingerprint/extract/gabor-kernels.js');
      return { gabor, p: defaultExtractionParameters, kernels: gaborKernels() !== null };
    };
    const image = { width, height, data: new Float32Array(width * height).map((_, i) => Math.sin(i * 0.37) * 3 + Math.cos(i * 0.011)) };
    const mask = randomMask(width, height, 11, 1);
    const alongRegion = new Uint8Array(width * height).fill(1);
    const run = async () => {
      const { gabor, p, kernels } = await load();
      const bank = gabor.buildGaborBank(p);
      // runs of one filter 3 to 11 pixels long, depending on the row (the mask cuts them further)
      const filterIndex = new Int32Array(width * height).map((_, i) => {
        const x = i % width;
        const y = Math.floor(i / width);
        return (Math.floor((x + (y % 5)) / (3 + (y % 9))) * 5 + y) % bank.along.length;
      });
      return { kernels, out: gabor.gaborEnhance(image, filterIndex, mask, alongRegion, bank).data.slice() };
    };
    const withKernels = await run();
    expect(withKernels.kernels).toBe(true);
    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await run();
    expect(fallback.kernels).toBe(false);
    expect(new Uint32Array(withKernels.out.buffer)).toEqual(new Uint32Array(fallback.out.buffer));
    expect(withKernels.out.some((v) => v !== 0)).toBe(true);
  });
});
