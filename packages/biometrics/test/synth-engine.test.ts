import { afterAll, describe, expect, it } from 'vitest';
import { extractTemplate } from '../src/index.js';
import { SynthWorkerPool, createMasterFingerprint, impressionTemplate, masterMinutiae, renderImpression, runSynthJob } from '../src/synth/index.js';

describe('synthetic fingerprints with the fingerprint engine', () => {
  it('template-only minutiae fall where the extractor finds minutiae on the rendered impression', () => {
    let near = 0;
    let total = 0;
    for (const seed of [701, 703]) {
      const master = createMasterFingerprint(seed);
      const all = masterMinutiae(master);
      const template = impressionTemplate(master, 0, {}, all);
      const extracted = extractTemplate(renderImpression(master, 0)).template.minutiae;
      expect(extracted.length).toBeGreaterThan(15);
      for (const t of template.minutiae) {
        total++;
        if (extracted.some((e) => Math.hypot(e.x - t.x, e.y - t.y) < 12)) near++;
      }
    }
    expect(total).toBeGreaterThan(30);
    expect(near / total).toBeGreaterThan(0.5);
  });
});

describe('synthesis on worker threads', () => {
  const pool = new SynthWorkerPool(2);
  afterAll(() => pool.close());

  it('gives the same bytes as the same job run in this thread', async () => {
    const job = { seed: 77, impressions: 2, mode: 'image' } as const;
    const [a, b] = await Promise.all([pool.run(job), pool.run({ ...job, seed: 78 })]);
    const local = runSynthJob(job);
    expect(a.fingerClass).toBe(local.fingerClass);
    expect(a.images.length).toBe(2);
    expect(Buffer.from(a.images[1]!.pixels).equals(Buffer.from(local.images[1]!.pixels))).toBe(true);
    expect(Buffer.from(b.images[0]!.pixels).equals(Buffer.from(a.images[0]!.pixels))).toBe(false);
    const templates = await pool.run({ seed: 77, impressions: [3], mode: 'template' });
    expect(templates.templates[0]).toEqual(runSynthJob({ seed: 77, impressions: [3], mode: 'template' }).templates[0]);
  });

  it('reports a bad job as a typed error', async () => {
    await expect(pool.run({ seed: -3, impressions: 1, mode: 'image' })).rejects.toMatchObject({ name: 'SynthError', code: 'BAD_SEED' });
  });
});
