import { afterAll, describe, expect, it } from 'vitest';
import { compareFingerprints, createTemplate, decodeTemplate, encodeTemplate } from '../src/index.js';
import {
  SynthError,
  SynthWorkerPool,
  createMasterFingerprint,
  fingerMasterSeed,
  galleryTemplateBytes,
  masterMinutiae,
  runGalleryTemplatesJob,
  syntheticFingerTemplates,
} from '../src/synth/index.js';

describe('template-only masters (the fast path for galleries)', () => {
  const master = createMasterFingerprint(41, { raster: 'template' });

  it('grows on the coarser raster, the same bytes for the same seed', () => {
    expect(master.ridgeScale).toBe(0.5);
    expect(master.ridgeWidth).toBe(200);
    const again = createMasterFingerprint(41, { raster: 'template' });
    expect(Buffer.from(again.ridges.buffer).equals(Buffer.from(master.ridges.buffer))).toBe(true);
    expect(masterMinutiae(again)).toEqual(masterMinutiae(master));
    // A grown pattern: most of the finger saturated to ridge or valley, both in similar shares.
    let ridge = 0;
    let valley = 0;
    for (const v of master.ridges) {
      if (v > 0.5) ridge++;
      else if (v < -0.5) valley++;
    }
    expect(ridge / (ridge + valley)).toBeGreaterThan(0.35);
    expect(ridge / (ridge + valley)).toBeLessThan(0.65);
    expect(ridge + valley).toBeGreaterThan(0.4 * master.ridges.length);
  });

  it('has minutiae like the image master: a plausible number, both types', () => {
    let count = 0;
    let endings = 0;
    for (let seed = 50; seed < 56; seed++) {
      const minutiae = masterMinutiae(createMasterFingerprint(seed, { raster: 'template' }));
      count += minutiae.length;
      endings += minutiae.filter((m) => m.type === 'ending').length;
    }
    expect(count / 6).toBeGreaterThan(30);
    expect(count / 6).toBeLessThan(90);
    expect(endings / count).toBeGreaterThan(0.35);
    expect(endings / count).toBeLessThan(0.65);
  });

  it('rejects an unknown raster', () => {
    expect(() => createMasterFingerprint(1, { raster: 'tiny' as 'image' })).toThrow(expect.objectContaining({ name: 'SynthError', code: 'BAD_RASTER' }));
  });
});

describe('gallery templates of synthetic people', () => {
  it('gives each (person, position) its own master, and the same templates whatever else is asked', () => {
    const seeds = new Set<number>();
    for (let person = 0; person < 50; person++) for (let position = 1; position <= 10; position++) seeds.add(fingerMasterSeed(person, position));
    expect(seeds.size).toBe(500);
    const [a0, a2] = syntheticFingerTemplates(7, 2, [0, 2]);
    expect(syntheticFingerTemplates(7, 2, [2])[0]).toEqual(a2);
    expect(a0!.minutiae.length).toBeGreaterThan(10);
    expect(syntheticFingerTemplates(7, 3, [0])[0]).not.toEqual(a0);
  });

  it('matches two impressions of one finger far better than two different fingers', () => {
    const genuine: number[] = [];
    const impostor: number[] = [];
    for (let person = 0; person < 4; person++) {
      const [a, b] = syntheticFingerTemplates(person, 1, [0, 1]).map((t) => createTemplate(t));
      genuine.push(compareFingerprints(a!, b!).score);
      const [other] = syntheticFingerTemplates(person + 100, 1, [1]).map((t) => createTemplate(t));
      impostor.push(compareFingerprints(a!, other!).score);
    }
    expect(Math.min(...genuine)).toBeGreaterThan(Math.max(...impostor));
  });

  it('packs a batch as encoded templates in one buffer, in person × position × impression order', () => {
    const batch = runGalleryTemplatesJob({ mode: 'gallery-templates', firstPerson: 30, people: 2, positions: [2, 7], impressions: [0, 3] });
    expect(batch.offsets.length).toBe(2 * 2 * 2 + 1);
    expect(batch.offsets.at(-1)).toBe(batch.bytes.length);
    const expected = encodeTemplate(createTemplate(syntheticFingerTemplates(31, 7, [3])[0]!));
    expect(Buffer.from(galleryTemplateBytes(batch, 31, 7, 3)).equals(Buffer.from(expected))).toBe(true);
    expect(decodeTemplate(galleryTemplateBytes(batch, 30, 2, 0)).minutiae.length).toBeGreaterThan(10);
    expect(() => galleryTemplateBytes(batch, 32, 2, 0)).toThrow(SynthError);
  });

  it('rejects bad batches with a typed error', () => {
    const code = (job: Parameters<typeof runGalleryTemplatesJob>[0]) => {
      try {
        runGalleryTemplatesJob(job);
      } catch (error) {
        expect(error).toBeInstanceOf(SynthError);
        return (error as SynthError).code;
      }
      return 'no error';
    };
    expect(code({ mode: 'gallery-templates', firstPerson: -1, people: 1, impressions: [0] })).toBe('BAD_SEED');
    expect(code({ mode: 'gallery-templates', firstPerson: 0, people: -2, impressions: [0] })).toBe('BAD_COUNT');
    expect(code({ mode: 'gallery-templates', firstPerson: 0, people: 1, positions: [11], impressions: [0] })).toBe('BAD_COUNT');
    expect(code({ mode: 'gallery-templates', firstPerson: 0, people: 1, impressions: [] })).toBe('BAD_COUNT');
    expect(code({ mode: 'gallery-templates', firstPerson: 0, people: 1, impressions: [0.5] })).toBe('BAD_COUNT');
  });

  describe('on worker threads', () => {
    const pool = new SynthWorkerPool(2);
    afterAll(() => pool.close());

    it('gives the same bytes as in this thread', async () => {
      const job = { firstPerson: 5, people: 3, positions: [1, 6], impressions: [0, 1] };
      const [remote, other] = await Promise.all([pool.runGallery(job), pool.runGallery({ ...job, firstPerson: 8 })]);
      const local = runGalleryTemplatesJob({ ...job, mode: 'gallery-templates' });
      expect(Buffer.from(remote.bytes).equals(Buffer.from(local.bytes))).toBe(true);
      expect(Array.from(remote.offsets)).toEqual(Array.from(local.offsets));
      expect(Buffer.from(other.bytes).equals(Buffer.from(local.bytes))).toBe(false);
      await expect(pool.runGallery({ ...job, people: -1 })).rejects.toMatchObject({ name: 'SynthError', code: 'BAD_COUNT' });
    });
  });
});
