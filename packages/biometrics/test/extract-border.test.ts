import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceToBackground, distanceToBackgroundAt } from '../src/fingerprint/extract/filters/border.js';

/**
 * The extractor reads the border distance only at minutia candidates, and only up to the largest
 * threshold it compares it with: distanceToBackgroundAt computes just that, from the block mask.
 * The full chamfer transform of the window's pixel mask is the reference.
 */
describe('border distance at the candidates', () => {
  it('equals the full transform below the threshold, and reaches the threshold wherever the transform does', () => {
    fc.assert(
      fc.property(
        fc.record({
          blockSize: fc.integer({ min: 3, max: 16 }),
          columns: fc.integer({ min: 1, max: 10 }),
          rows: fc.integer({ min: 1, max: 10 }),
          seed: fc.integer(),
          threshold: fc.oneof(fc.double({ min: 0.5, max: 40, noNaN: true }), fc.constantFrom(10, 20, 0)),
          cut: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
        }),
        ({ blockSize, columns, rows, seed, threshold, cut }) => {
          let state = seed | 0;
          const random = () => ((state = (Math.imul(state, 1103515245) + 12345) | 0) >>> 8) / 16777216;
          const blockMask = Uint8Array.from({ length: columns * rows }, () => (random() < 0.65 ? 1 : 0));
          // an image that ends inside the last blocks, and a window inside it
          const imageWidth = Math.max(1, columns * blockSize - (cut[0] % blockSize));
          const imageHeight = Math.max(1, rows * blockSize - (cut[1] % blockSize));
          const left = cut[2] % imageWidth;
          const top = cut[3] % imageHeight;
          const window = { left, top, width: imageWidth - left - (cut[0] % Math.max(1, imageWidth - left)), height: imageHeight - top - (cut[1] % Math.max(1, imageHeight - top)) };
          const pixelMask = new Uint8Array(window.width * window.height);
          const points: Array<{ x: number; y: number }> = [];
          for (let y = 0; y < window.height; y++) {
            for (let x = 0; x < window.width; x++) {
              const inside = blockMask[Math.floor((y + top) / blockSize) * columns + Math.floor((x + left) / blockSize)]!;
              pixelMask[y * window.width + x] = inside;
              if (inside) points.push({ x, y });
            }
          }
          const reference = distanceToBackground(pixelMask, window.width, window.height);
          const atPoints = distanceToBackgroundAt(points, blockMask, blockSize, columns, window, threshold);
          for (const { x, y } of points) {
            const expected = reference[y * window.width + x]!;
            const got = atPoints[y * window.width + x]!;
            if (threshold <= 0 || expected < threshold) expect(got).toBe(expected);
            else expect(got).toBeGreaterThanOrEqual(threshold);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
