import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as FormatsModule from '@kura/formats';
import type * as ExtractModule from '../src/fingerprint/extract/index.js';
import { createMasterFingerprint, renderImpression } from '../src/synth/index.js';

/**
 * WSQ decoding and Gabor filtering run as WebAssembly kernels where the platform has WebAssembly
 * with SIMD, and as JavaScript elsewhere. Both must give the same bits: the modules are loaded
 * afresh with WebAssembly hidden, and their results compared with the kernels' (also checking
 * that the kernels are really in use here, so the comparison is not the fallback against itself).
 */

type Formats = typeof FormatsModule;
type Extract = typeof ExtractModule;

async function freshModules(): Promise<{ formats: Formats; extract: Extract; kernels: boolean }> {
  vi.resetModules();
  const formats = await import('@kura/formats');
  const extract = await import('../src/fingerprint/extract/index.js');
  const { gaborKernels } = await import('../src/fingerprint/extract/gabor-kernels.js');
  return { formats, extract, kernels: gaborKernels() !== null && formats.webAssembly !== undefined };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the JavaScript fallback of the WebAssembly kernels', () => {
  it('decodes WSQ and extracts minutiae exactly as the kernels do', async () => {
    const images = [3, 8].map((seed) => renderImpression(createMasterFingerprint(seed), 2));
    const withKernels = await freshModules();
    expect(withKernels.kernels).toBe(true);
    const encoded = images.map((image) => withKernels.formats.encodeWsq(image, { bitRate: 0.75 }));
    const decodedWithKernels = encoded.map((bytes) => withKernels.formats.decodeWsq(bytes));
    const extractedWithKernels = decodedWithKernels.map((image) => withKernels.extract.extractFingerprint({ ...image, ppi: 500 }));

    vi.stubGlobal('WebAssembly', undefined);
    const fallback = await freshModules();
    expect(fallback.kernels).toBe(false);
    const decodedByFallback = encoded.map((bytes) => fallback.formats.decodeWsq(bytes));
    for (const [k, image] of decodedByFallback.entries()) expect(image.pixels).toEqual(decodedWithKernels[k]!.pixels);
    const extractedByFallback = decodedByFallback.map((image) => fallback.extract.extractFingerprint({ ...image, ppi: 500 }));
    expect(extractedByFallback).toEqual(extractedWithKernels);
    expect(extractedByFallback[0]!.minutiae.length).toBeGreaterThan(10);
  });
});
