import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { encodeTemplate, extractTemplate, FingerprintMatcher, FingerprintPool, type FingerprintImage, type FingerprintTemplate } from '../src/index.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { fvcDb1b, isoTemplate } from './match-helpers.js';

async function image(file: string): Promise<FingerprintImage> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), ppi: 500 };
}

describe.skipIf(!fvcDb1b)(`fingerprint worker pool${fvcDb1b ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  const pool = fvcDb1b ? new FingerprintPool(2) : undefined;
  afterAll(() => pool?.close());

  it('compares in workers exactly as on this thread', async () => {
    const templates: FingerprintTemplate[] = [];
    for (let finger = 101; finger <= 104; finger++) for (let impression = 1; impression <= 4; impression++) templates.push(isoTemplate(finger, impression));
    const pairs = [];
    for (let a = 0; a < templates.length; a++) for (let b = a + 1; b < templates.length; b++) pairs.push({ probe: a, candidate: b });
    const scores = await pool!.compareAll(templates, pairs);
    expect(scores).toHaveLength(pairs.length);
    pairs.forEach((p, i) => expect(scores[i]).toBe(new FingerprintMatcher(templates[p.probe]!).match(templates[p.candidate]!)));
  });

  it('extracts in workers exactly as on this thread, and reports bad images per image', async () => {
    const images = [await image(`${fvcDb1b}/101_1.tif`), await image(`${fvcDb1b}/102_1.tif`), { width: 10, height: 10, pixels: new Uint8Array(100), ppi: 500 }];
    const results = await pool!.extractAll(images);
    expect(results).toHaveLength(3);
    for (let i = 0; i < 2; i++) {
      const r = results[i]!;
      expect(r.ok).toBe(true);
      if (r.ok) expect(encodeTemplate(r.template)).toEqual(encodeTemplate(extractTemplate(images[i]!).template));
    }
    expect(results[2]!.ok).toBe(false);
  });
});
