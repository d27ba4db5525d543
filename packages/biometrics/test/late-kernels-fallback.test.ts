import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as BinarizeModule from '../src/fingerprint/extract/binarize.js';
import type * as ThinningModule from '../src/fingerprint/extract/thinning.js';

/**
 * binarize's threshold and thin's Zhang–Suen steps run in WebAssembly kernels where the platform has
 * WebAssembly with SIMD, and in JavaScript elsewhere: both must give the same bytes, whatever the
 * response holds (−0, NaN, ±∞) and whatever the image's width (the kernels work on groups of 32
 * pixels, and of 4 words of 32 pixels, across rows).
 */

async function freshStages(): Promise<{ binarize: typeof BinarizeModule.binarize; thin: typeof ThinningModule.thin; kernels: boolean }> {
  vi.resetModules();
  const { binarize } = await import('../src/fingerprint/extract/binarize.js');
  const { thin } = await import('../src/fingerprint/extract/thinning.js');
  const { thresholdKernel } = await import('../src/fingerprint/extract/late-binarize-kernel.js');
  const { thinningKernels } = await import('../src/fingerprint/extract/late-thinning-kernel.js');
  return { binarize, thin, kernels: thresholdKernel() !== null && thinningKernels() !== null };
}

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const specials = [-0, 0, Number.NaN, -Number.NaN, Infinity, -Infinity, -1e-45, 1e-45];

function inputs(): { width: number; height: number; data: Float32Array; mask: Uint8Array }[] {
  const out = [];
  for (const [width, height] of [[1, 1], [3, 5], [31, 7], [32, 9], [33, 40], [64, 3], [97, 83], [200, 61]] as const) {
    const next = random(width * 1000 + height);
    const data = new Float32Array(width * height);
    const mask = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) {
      const x = i % width;
      data[i] = next() < 0.05 ? specials[Math.floor(next() * specials.length)]! : Math.sin(x / 2.5 + Math.floor(i / width) / 3) + 0.6 * (next() - 0.5);
      mask[i] = next() < 0.9 ? [1, 255, 7][Math.floor(next() * 3)]! : 0;
    }
    // a background band, so rows start and end inside the foreground too
    for (let i = 0; i < data.length; i++) if (i % width < width / 5) mask[i] = 0;
    out.push({ width, height, data, mask });
  }
  return out;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the JavaScript fallback of the binarize and thinning kernels', () => {
  it('gives the bytes the kernels give', async () => {
    const withKernels = await freshStages();
    expect(withKernels.kernels).toBe(true);
    const cases = inputs();
    const run = (stages: Awaited<ReturnType<typeof freshStages>>) =>
      cases.map(({ width, height, data, mask }) => {
        const binary = stages.binarize({ width, height, data }, mask, 6);
        const binaryBytes = Array.from(binary.data);
        // and a solid block, thinned from every side over many steps
        const solid = { width, height, data: new Uint8Array(width * height).fill(1) };
        return { binary: binaryBytes, skeleton: Array.from(stages.thin(binary).data), solid: Array.from(stages.thin(solid).data) };
      });
    const results = run(withKernels);
    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await freshStages();
    expect(fallback.kernels).toBe(false);
    expect(run(fallback)).toEqual(results);
  });
});
