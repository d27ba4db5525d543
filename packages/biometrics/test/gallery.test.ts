import { FormatError } from '@kura/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeGalleryBatch,
  type FingerPosition,
  FingerprintGallery,
  type FingerprintTemplate,
  GalleryInputError,
  type GallerySearchResult,
  type PackedGalleryFinger,
  packFinger,
  unpackFinger,
} from '../src/index.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { fvcDb1b, isoTemplate } from './match-helpers.js';
import { syntheticFingers } from './gallery-helpers.js';

/*
 * A gallery of a few hundred subjects: 8 synthetic people enrolled with both index fingers
 * (impression 0 of two masters each), 300 unrelated people (mirrored impressions), and the 10
 * fingers of FVC 2002 DB1-B as right thumbs (impression 1). Probes are other impressions.
 */
const PEOPLE = 8;
const FILLERS = 300;
const synth = syntheticFingers(PEOPLE * 2);
const personFinger = (person: number, position: 2 | 7, impression: number) => synth.impression(person * 2 + (position === 2 ? 0 : 1), impression);
const pack = (subjectId: number, position: FingerPosition, template: FingerprintTemplate): PackedGalleryFinger => ({ subjectId, position, packed: packFinger(template) });

function enrolment(): PackedGalleryFinger[] {
  const fingers: PackedGalleryFinger[] = [];
  for (let p = 0; p < PEOPLE; p++) fingers.push(pack(p + 1, 2, personFinger(p, 2, 0)), pack(p + 1, 7, personFinger(p, 7, 0)));
  for (let f = 0; f < FILLERS; f++) {
    const master = f % (PEOPLE * 2);
    fingers.push(pack(1000 + f, 2, synth.mirrored(master, 10 + f)), pack(1000 + f, 7, synth.mirrored((master + 1) % (PEOPLE * 2), 400 + f)));
  }
  if (fvcDb1b) for (let f = 0; f < 10; f++) fingers.push(pack(500 + f, 1, isoTemplate(101 + f, 1)));
  return fingers;
}

const withoutTiming = (r: GallerySearchResult) => ({ ...r, milliseconds: 0 });

describe('FingerprintGallery', () => {
  let gallery: FingerprintGallery;
  let single: FingerprintGallery;
  let batch: Uint8Array;

  beforeAll(async () => {
    batch = encodeGalleryBatch(enrolment());
    [gallery, single] = await Promise.all([FingerprintGallery.open({ workers: 2 }), FingerprintGallery.open({ workers: 1 })]);
    await Promise.all([gallery.addEncoded(batch), single.addEncoded(batch)]);
  });
  afterAll(async () => {
    await Promise.all([gallery?.close(), single?.close()]);
  });

  it('holds every subject and finger in under 1 KB per finger once loaded', async () => {
    const stats = await gallery.stats();
    expect(stats.subjects).toBe(PEOPLE + FILLERS + (fvcDb1b ? 10 : 0));
    expect(stats.fingers).toBe(2 * (PEOPLE + FILLERS) + (fvcDb1b ? 10 : 0));
    expect(stats.residentBytes).toBeGreaterThan(0);
  });

  it('finds the mate at rank 1 for 2-finger and 1-finger genuine probes', async () => {
    for (let p = 0; p < PEOPLE; p++) {
      const both = await gallery.search([
        { position: 2, template: personFinger(p, 2, 1) },
        { position: 7, template: personFinger(p, 7, 1) },
      ]);
      expect(both.candidates[0]?.subjectId).toBe(p + 1);
      expect(both.candidates[0]?.fingers.map((f) => f.position)).toEqual([2, 7]);
      expect(both.prefilterComparisons).toBe(2 * (PEOPLE + FILLERS));
      expect(both.fullComparisons).toBeGreaterThan(0);
      // The mate's fused score stands well above the best impostor's.
      expect(both.candidates[0]!.score).toBeGreaterThan((both.candidates[1]?.score ?? 0) + 3);
      const one = await gallery.search([{ position: 7, template: personFinger(p, 7, 2) }], { maxResults: 3 });
      expect(one.candidates[0]?.subjectId).toBe(p + 1);
      expect(one.candidates.length).toBeLessThanOrEqual(3);
    }
  });

  it.skipIf(!fvcDb1b)(`finds real FVC fingers at rank 1${fvcDb1b ? '' : ` — ${sharedDataMissingMessage}`}`, async () => {
    let found = 0;
    for (let f = 0; f < 10; f++) {
      const r = await gallery.search([{ position: 1, template: isoTemplate(101 + f, 3) }], { maxResults: 1 });
      if (r.candidates[0]?.subjectId === 500 + f) found++;
    }
    expect(found).toBeGreaterThanOrEqual(9);
  });

  it('gives identical results with 1 and 2 workers, and under concurrent searches', async () => {
    const probes = Array.from({ length: 6 }, (_, p) => [
      { position: 2 as const, template: personFinger(p, 2, 3) },
      { position: 7 as const, template: personFinger(p, 7, 3) },
    ]);
    const sequential: GallerySearchResult[] = [];
    for (const probe of probes) sequential.push(await single.search(probe, { maxResults: 20 }));
    const concurrent = await Promise.all(probes.map((probe) => gallery.search(probe, { maxResults: 20 })));
    expect(concurrent.map(withoutTiming)).toEqual(sequential.map(withoutTiming));
  });

  it('honours maxResults, minScore and excludeSubjectIds', async () => {
    const probe = [{ position: 2 as const, template: personFinger(0, 2, 1) }];
    const all = await gallery.search(probe, { maxResults: 50 });
    expect(all.candidates).toHaveLength(50);
    const scores = all.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const high = await gallery.search(probe, { maxResults: 50, minScore: 3 });
    expect(high.candidates.map((c) => c.subjectId)).toEqual(all.candidates.filter((c) => c.score >= 3).map((c) => c.subjectId));
    const excluded = await gallery.search(probe, { excludeSubjectIds: [1] });
    expect(excluded.candidates.map((c) => c.subjectId)).not.toContain(1);
  });

  it('compares a probe with one subject, with paired minutiae', async () => {
    const probe = [
      { position: 2 as const, template: personFinger(1, 2, 1) },
      { position: 7 as const, template: personFinger(1, 7, 1) },
    ];
    const comparison = await gallery.compareSubject(probe, 2);
    const search = await gallery.search(probe, { maxResults: 1 });
    expect(comparison?.score).toBe(search.candidates[0]?.score);
    expect(comparison?.fingers).toEqual(search.candidates[0]?.fingers);
    for (const position of [2, 7] as const) {
      const pairs = comparison!.pairs[position]!;
      expect(pairs.length).toBeGreaterThan(5);
      const candidate = unpackFinger(packFinger(personFinger(1, position, 0)));
      for (const pair of pairs) {
        expect(pair.probe).toBeLessThan(probe.find((f) => f.position === position)!.template.minutiae.length);
        expect(pair.candidate).toBeLessThan(candidate.minutiae.length);
      }
    }
    expect(await gallery.compareSubject(probe, 999_999)).toBeUndefined();
  });

  it('refuses bad requests with a clear error', async () => {
    const t = personFinger(0, 2, 1);
    await expect(gallery.search([])).rejects.toThrow(GalleryInputError);
    await expect(gallery.search([{ position: 2, template: t }, { position: 2, template: t }])).rejects.toThrow(/twice/);
    await expect(gallery.search([{ position: 11 as 2, template: t }])).rejects.toThrow(/position/);
    await expect(gallery.search([{ position: 2, template: t }], { maxResults: 0 })).rejects.toThrow(/maxResults/);
    await expect(gallery.remove([-5])).rejects.toThrow(GalleryInputError);
    await expect(gallery.add([{ subjectId: 1, position: 2, packed: new Uint8Array(4) }])).rejects.toThrow(GalleryInputError);
    const corrupt = batch.slice(0, batch.length - 3);
    const before = await gallery.stats();
    await expect(gallery.addEncoded(corrupt)).rejects.toThrow(FormatError);
    expect(await gallery.stats()).toEqual(before);
  });
});

describe('FingerprintGallery updates', () => {
  let gallery: FingerprintGallery;
  beforeAll(async () => {
    gallery = await FingerprintGallery.open({ workers: 2 });
  });
  afterAll(async () => {
    await gallery?.close();
  });

  it('adds, replaces a finger at the same position, removes subjects and compacts', async () => {
    await gallery.add(Array.from({ length: 40 }, (_, i) => pack(i + 1, 2, synth.mirrored(i % 16, 900 + i))));
    await gallery.add([pack(100, 2, personFinger(0, 2, 0)), pack(100, 7, personFinger(0, 7, 0))]);
    expect(await gallery.stats()).toMatchObject({ subjects: 41, fingers: 42 });
    const probe = [{ position: 2 as const, template: personFinger(0, 2, 1) }];
    expect((await gallery.search(probe)).candidates[0]?.subjectId).toBe(100);

    // Replacing subject 100's finger 2 by another finger: the old probe no longer finds it first.
    await gallery.add([pack(100, 2, personFinger(3, 2, 0))]);
    expect(await gallery.stats()).toMatchObject({ subjects: 41, fingers: 42 });
    const after = await gallery.search(probe);
    expect(after.candidates[0]?.subjectId === 100 && after.candidates[0].score > 3).toBe(false);
    expect((await gallery.search([{ position: 2, template: personFinger(3, 2, 1) }])).candidates[0]?.subjectId).toBe(100);
    // Its finger 7 stayed.
    expect((await gallery.search([{ position: 7, template: personFinger(0, 7, 1) }])).candidates[0]?.subjectId).toBe(100);

    await gallery.remove([100, 5, 123_456]);
    expect(await gallery.stats()).toMatchObject({ subjects: 39, fingers: 39 });
    const gone = await gallery.search([{ position: 2, template: personFinger(3, 2, 1) }], { maxResults: 100 });
    expect(gone.candidates.map((c) => c.subjectId)).not.toContain(100);
    expect(gone.candidates.map((c) => c.subjectId)).not.toContain(5);

    // Re-enrolling a removed subject works; a search sees every change made before it.
    await gallery.add([pack(5, 2, personFinger(2, 2, 0))]);
    expect((await gallery.search([{ position: 2, template: personFinger(2, 2, 1) }])).candidates[0]?.subjectId).toBe(5);
  });

  it('stays consistent through many replacements (compaction)', async () => {
    const g = await FingerprintGallery.open({ workers: 1 });
    try {
      const subjects = 60;
      const unrelated = Array.from({ length: 16 }, (_, i) => packFinger(synth.mirrored(i, 50 + i)));
      for (let round = 0; round < 120; round++) {
        // Every round replaces every subject's finger: dead rows pile up until compaction.
        await g.add(Array.from({ length: subjects }, (_, i) => ({ subjectId: i, position: 2, packed: unrelated[(i + round) % 16]! })));
      }
      expect(await g.stats()).toMatchObject({ subjects, fingers: subjects });
      await g.add([pack(7, 2, personFinger(4, 2, 0))]);
      const r = await g.search([{ position: 2, template: personFinger(4, 2, 1) }], { maxResults: 100 });
      expect(r.candidates[0]?.subjectId).toBe(7);
      expect(r.prefilterComparisons).toBe(subjects);
      expect(new Set(r.candidates.map((c) => c.subjectId)).size).toBe(r.candidates.length);
    } finally {
      await g.close();
    }
  });

  it('is sized once by reserve: loading what was announced regrows nothing, more still loads', async () => {
    const g = await FingerprintGallery.open({ workers: 1 });
    try {
      const unrelated = Array.from({ length: 16 }, (_, i) => packFinger(synth.mirrored(i, 70 + i)));
      const positions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
      const fingers = Array.from({ length: 5000 }, (_, i) => ({ subjectId: 1 + Math.floor(i / 10), position: positions[i % 10]!, packed: unrelated[i % 16]! }));
      const batch = encodeGalleryBatch(fingers);
      const empty = (await g.stats()).residentBytes;
      await g.reserve({ fingers: fingers.length, batchBytes: batch.length });
      const reserved = (await g.stats()).residentBytes;
      expect(reserved).toBeGreaterThan(empty + 5000 * 256);
      await g.addEncoded(batch);
      const loaded = await g.stats();
      expect(loaded).toMatchObject({ subjects: 500, fingers: 5000 });
      // Only the per-subject tables (not reserved: a few bytes per subject) were added; a regrowth
      // of the finger rows or arena would have added hundreds of bytes per finger.
      expect(loaded.residentBytes - reserved).toBeLessThan(5000 * 4);
      // Nearly all of the reservation is used: reserve does not over-allocate.
      expect(reserved).toBeLessThan(empty + batch.length * 1.1);
      await g.add([pack(9000, 2, personFinger(5, 2, 0))]);
      expect((await g.search([{ position: 2, template: personFinger(5, 2, 1) }])).candidates[0]?.subjectId).toBe(9000);
      await expect(g.reserve({ fingers: -1, batchBytes: 0 })).rejects.toThrow(GalleryInputError);
      await expect(g.reserve({ fingers: 1.5, batchBytes: 10 })).rejects.toThrow(GalleryInputError);
      expect((await g.stats()).fingers).toBe(5001);
    } finally {
      await g.close();
    }
  });

  it('rejects requests once closed', async () => {
    const g = await FingerprintGallery.open({ workers: 1 });
    await g.close();
    await expect(g.stats()).rejects.toThrow(/closed/);
  });
});
