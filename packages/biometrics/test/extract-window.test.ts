import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { extractFingerprint, extractFingerprintOnWholeImage, type GreyImage } from '../src/fingerprint/extract/index.js';
import { createMasterFingerprint, renderImpression } from '../src/synth/index.js';
import { loadGreyImage } from '../../../bench/fingerprint/extract-support.js';

/**
 * After the mask, the extractor runs its pixel stages (binarisation, thinning, skeleton graph,
 * border distance) on the foreground's window only. That must change nothing: the whole-image
 * run is the reference, compared field by field (minutiae positions, directions, reliabilities,
 * quality, block fields).
 */

/** `image` in the middle of a larger blank (white) canvas: the window then lies strictly inside. */
function onCanvas(image: GreyImage, left: number, top: number, right: number, bottom: number): GreyImage {
  const width = image.width + left + right;
  const height = image.height + top + bottom;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < image.height; y++) pixels.set(image.pixels.subarray(y * image.width, (y + 1) * image.width), (y + top) * width + left);
  return { width, height, pixels, ppi: image.ppi };
}

/** The part of `image` from (left, top), `width` × `height`: the foreground then touches the image's edges. */
function crop(image: GreyImage, left: number, top: number, width: number, height: number): GreyImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) pixels.set(image.pixels.subarray((y + top) * image.width + left, (y + top) * image.width + left + width), y * width);
  return { width, height, pixels, ppi: image.ppi };
}

function expectSameAsWholeImage(image: GreyImage): void {
  const windowed = extractFingerprint(image);
  expect(windowed.minutiae.length).toBeGreaterThan(0);
  expect(windowed).toEqual(extractFingerprintOnWholeImage(image));
}

describe('extraction on the foreground window', () => {
  it('gives what the whole image gives for synthetic impressions, alone, on a larger canvas and cut at the edges', () => {
    for (const seed of [3, 11]) {
      const image = renderImpression(createMasterFingerprint(seed), 1);
      expectSameAsWholeImage(image);
      expectSameAsWholeImage(onCanvas(image, 90, 37, 41, 120));
      expectSameAsWholeImage(crop(image, 31, 0, image.width - 31, image.height - 47));
    }
  });

  it('reports no minutiae and no foreground on a blank image, as before', () => {
    const blank: GreyImage = { width: 300, height: 300, pixels: new Uint8Array(300 * 300).fill(255), ppi: 500 };
    expect(extractFingerprint(blank)).toEqual(extractFingerprintOnWholeImage(blank));
    expect(extractFingerprint(blank).problems).toContain('no-foreground');
  });

  const db1 = sharedData('fvc', 'fvc2002-db1b');
  const db2 = sharedData('fvc', 'fvc2002-db2b');
  describe.skipIf(!db1 || !db2)(`on real images (${db1 && db2 ? 'FVC2002' : sharedDataMissingMessage})`, () => {
    it('gives what the whole image gives, as captured, on a canvas and cut, at 500 and 569 ppi', async () => {
      for (const [dir, file, ppi] of [
        [db1!, '101_1.tif', 500],
        [db1!, '105_3.tif', 500],
        [db2!, '102_2.tif', 569],
      ] as const) {
        const image = await loadGreyImage(join(dir, file), ppi);
        expectSameAsWholeImage(image);
        expectSameAsWholeImage(onCanvas(image, 64, 5, 133, 71));
        expectSameAsWholeImage(crop(image, 0, 40, image.width - 60, image.height - 40));
      }
    });
  });
});
