import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { extractFingerprint, type GreyImage } from '../src/fingerprint/extract/index.js';
import { loadGreyImage } from '../../../bench/fingerprint/extract-support.js';

const db1 = sharedData('fvc', 'fvc2002-db1b');
const db2 = sharedData('fvc', 'fvc2002-db2b');
const present = db1 !== undefined && db2 !== undefined;

// Images of different sizes (db2b is 569 ppi and differently shaped), so kept buffers are reused
// both larger and smaller than the image at hand.
async function images(): Promise<GreyImage[]> {
  return Promise.all([loadGreyImage(join(db1!, '101_1.tif'), 500), loadGreyImage(join(db2!, '101_1.tif'), 569), loadGreyImage(join(db1!, '102_1.tif'), 500)]);
}

describe.skipIf(!present)(`extraction with reused work buffers (${present ? 'real images' : sharedDataMissingMessage})`, () => {
  it('gives exactly what fresh buffers give, whatever was extracted before', async () => {
    const all = await images();
    // with an observer, every stage gets fresh buffers
    const fresh = all.map((image) => extractFingerprint(image, undefined, () => {}));
    for (const k of [0, 1, 2, 1, 0, 2]) expect(extractFingerprint(all[k]!)).toEqual(fresh[k]);
  });

  it('never lets a later extraction overwrite what an observer was shown', async () => {
    const [first, second] = await images();
    const shown = new Map<string, unknown>();
    extractFingerprint(first!, undefined, (stage, data) => shown.set(stage, data));
    const copies = structuredClone(shown);
    extractFingerprint(second!);
    expect(shown).toEqual(copies);
  });
});
