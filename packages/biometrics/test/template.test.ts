import { readFileSync } from 'node:fs';
import { decodeMinutiaeRecord, encodeAnsi378_2004, isFormatError, isoToAnsi378 } from '@kura/formats';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTemplate, decodeTemplate, encodeTemplate, extractTemplate, FingerprintMatcher, templateFromIso19794_2, templateFromMinutiaeRecord, templateToIso19794_2 } from '../src/index.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { fvcDb1b, isoTemplate } from './match-helpers.js';

describe.skipIf(!fvcDb1b)(`fingerprint template codec${fvcDb1b ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  it('round-trips exactly and gives the same bytes every time', () => {
    for (let finger = 101; finger <= 110; finger++) {
      const template = isoTemplate(finger, 3);
      const bytes = encodeTemplate(template);
      expect(bytes.length).toBe(16 + 8 * template.minutiae.length);
      const decoded = decodeTemplate(bytes);
      expect(decoded.minutiae).toEqual(template.minutiae);
      expect([decoded.width, decoded.height, decoded.quality]).toEqual([template.width, template.height, template.quality]);
      expect(encodeTemplate(decoded)).toEqual(bytes);
      expect(encodeTemplate(isoTemplate(finger, 3))).toEqual(bytes);
      // Rebuilt descriptors match exactly as the originals do.
      expect(new FingerprintMatcher(decoded).match(isoTemplate(finger, 4))).toBe(new FingerprintMatcher(template).match(isoTemplate(finger, 4)));
    }
  });

  it('round-trips a template extracted from an image, orientation field included', async () => {
    const { data, info } = await sharp(`${fvcDb1b}/102_3.tif`).greyscale().raw().toBuffer({ resolveWithObject: true });
    const image = { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), ppi: 500 };
    const { template } = extractTemplate(image);
    expect(template.orientation).toBeDefined();
    const field = template.orientation!;
    expect(field.levels.some((l) => l > 0)).toBe(true);
    const bytes = encodeTemplate(template);
    expect(bytes.length).toBe(16 + 8 * template.minutiae.length + 5 + Math.ceil(field.levels.length / 2));
    const back = decodeTemplate(bytes);
    expect(back.orientation).toEqual(field);
    expect(back.minutiae).toEqual(template.minutiae);
    expect(encodeTemplate(extractTemplate(image).template)).toEqual(bytes);
    const mate = extractTemplate({ ...image, pixels: new Uint8Array((await sharp(`${fvcDb1b}/102_4.tif`).greyscale().raw().toBuffer()).buffer) }).template;
    expect(new FingerprintMatcher(back).match(mate)).toBe(new FingerprintMatcher(template).match(mate));
    let caught: unknown;
    try {
      decodeTemplate(bytes.subarray(0, bytes.length - 1));
    } catch (e) {
      caught = e;
    }
    expect(isFormatError(caught) && caught.code).toBe('TRUNCATED');
  });

  it('keeps the extractor quality and sub-pixel input stable', () => {
    const t = createTemplate({ width: 388.4, height: 374, quality: 71.6, minutiae: [{ x: 10.4, y: 20.6, direction: 7, type: 'bifurcation', reliability: 0.456 }] });
    const back = decodeTemplate(encodeTemplate(t));
    expect(back.quality).toBe(72);
    expect(back.minutiae[0]).toEqual(t.minutiae[0]);
    expect(back.minutiae[0]).toMatchObject({ x: 10, y: 21, type: 'bifurcation', reliability: 0.46 });
    expect(back.minutiae[0]!.direction).toBeCloseTo(7 - 2 * Math.PI, 4);
  });

  it('exports to ISO 19794-2:2005 and imports it back', () => {
    const original = readFileSync(`${fvcDb1b}/105_2.iso`);
    const template = templateFromIso19794_2(new Uint8Array(original));
    const iso = templateToIso19794_2(template);
    const again = templateFromIso19794_2(iso);
    expect(again.minutiae.map((m) => [m.x, m.y, m.type])).toEqual(template.minutiae.map((m) => [m.x, m.y, m.type]));
    for (let i = 0; i < again.minutiae.length; i++) expect(Math.abs(again.minutiae[i]!.direction - template.minutiae[i]!.direction)).toBeLessThan(0.013);
    expect(templateToIso19794_2(again)).toEqual(iso);
    // The commercial record has the same minutiae block as our export (same resolution, no extended data).
    expect(Buffer.from(iso.subarray(28, iso.length - 2)).equals(original.subarray(28, 28 + template.minutiae.length * 6))).toBe(true);
  });

  it('imports ANSI 378 and ISO 2011 records as well (via @kura/formats)', () => {
    const iso = templateFromMinutiaeRecord(new Uint8Array(readFileSync(`${fvcDb1b}/104_2.iso`)));
    const ansi = templateFromMinutiaeRecord(encodeAnsi378_2004(isoToAnsi378(decodeMinutiaeRecord(new Uint8Array(readFileSync(`${fvcDb1b}/104_2.iso`))))));
    expect(ansi.minutiae.map((m) => [m.x, m.y, m.type])).toEqual(iso.minutiae.map((m) => [m.x, m.y, m.type]));
    // ANSI stores directions in 2° units: within a unit of the ISO ones.
    ansi.minutiae.forEach((m, i) => expect(Math.abs(Math.sin((m.direction - iso.minutiae[i]!.direction) / 2))).toBeLessThan(Math.PI / 180 + 1e-6));
    expect(new FingerprintMatcher(iso).match(ansi)).toBeGreaterThan(0.8 * new FingerprintMatcher(iso).match(iso));
    const samples = sharedData('formats', 'iso19794-2');
    if (samples)
      for (const name of ['ansi378v2004-sample.dat', 'ansi378v2009-sample.dat', 'iso19794p2v2005-sample.dat', 'iso19794p2v2011-sample.dat'])
        expect(templateFromMinutiaeRecord(new Uint8Array(readFileSync(`${samples}/${name}`))).minutiae.length, name).toBeGreaterThan(0);
  });

  it('rejects bad template bytes with typed errors', () => {
    const good = encodeTemplate(isoTemplate(101, 1));
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), 'TRUNCATED'],
      [good.subarray(0, 10), 'TRUNCATED'],
      [good.subarray(0, good.length - 1), 'TRUNCATED'],
      [Uint8Array.from([...good, 0]), 'BAD_LENGTH'],
      [Uint8Array.from(good, (b, i) => (i === 0 ? 0x58 : b)), 'BAD_MAGIC'],
      [Uint8Array.from(good, (b, i) => (i === 4 ? 9 : b)), 'UNSUPPORTED'],
      [Uint8Array.from(good, (b, i) => (i === 16 + 6 ? 7 : b)), 'BAD_VALUE'],
      [Uint8Array.from(good, (b, i) => (i === 16 + 7 ? 101 : b)), 'BAD_VALUE'],
    ];
    for (const [bytes, code] of cases) {
      let caught: unknown;
      try {
        decodeTemplate(bytes);
      } catch (e) {
        caught = e;
      }
      expect(isFormatError(caught), `expected a FormatError ${code}`).toBe(true);
      expect((caught as { code: string }).code).toBe(code);
    }
  });

  it('rejects bad ISO records with typed errors', () => {
    const good = new Uint8Array(readFileSync(`${fvcDb1b}/101_1.iso`));
    for (const bytes of [good.subarray(0, 5), good.subarray(0, 40), Uint8Array.from(good, (b, i) => (i === 27 ? 255 : b)), Uint8Array.from(good, (b, i) => (i === 1 ? 0 : b))]) {
      expect(() => templateFromIso19794_2(bytes)).toThrow(expect.objectContaining({ name: 'FormatError' }) as Error);
    }
  });
});
