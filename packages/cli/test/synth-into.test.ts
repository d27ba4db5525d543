import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type Registry } from '../../registry/src/index.js';
import { loadPopulation } from '../src/commands/synth-into.js';
import { missingFingersOf } from '../src/commands/synth-plan.js';
import { createTestDatabase, type TestDatabase } from '../../../test-support/database.js';

const actor = { operatorId: null, username: 'test' };
let folder: string;
let database: TestDatabase;
let registry: Registry;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-synth-into-'));
  database = await createTestDatabase();
  registry = await openRegistry({ ...database.config, imageDir: join(folder, 'images'), galleryDir: join(folder, 'gallery') });
});
afterAll(async () => {
  await registry?.close();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

describe('kura synth population --into', () => {
  it('enrolls every person through the 1:N search, planted duplicates open cases, and a rerun adds nothing', async () => {
    const checkpoint = join(folder, 'checkpoint.json');
    const first = await loadPopulation(registry, { people: 12, seed: 7, threads: 2, duplicates: 2, checkpoint });
    expect(first).toMatchObject({ people: 12, enrolled: 12, pendingAdjudication: 2, duplicatesPlanted: 2, resumedFrom: 0 });
    expect(await registry.people.count()).toBe(12);
    const cases = await registry.biometrics.listCases({ status: 'open' }, actor);
    expect(cases.total).toBe(2);

    const again = await loadPopulation(registry, { people: 12, seed: 7, threads: 2, duplicates: 2, checkpoint });
    expect(again).toMatchObject({ enrolled: 0, pendingAdjudication: 0, duplicatesPlanted: 0, resumedFrom: 12 });
    expect(await registry.people.count()).toBe(12);
  }, 180_000);

  it('resumes after an interruption without enrolling the interrupted person twice', async () => {
    const checkpoint = join(folder, 'resume.json');
    const before = await registry.people.count();
    // Stop after 3 people, then pretend the checkpoint was not written for the third.
    await loadPopulation(registry, { people: 3, seed: 8, threads: 1, checkpoint });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(checkpoint, JSON.stringify({ seed: 8, people: 5, done: 2, duplicatesDone: 0 }));
    const resumed = await loadPopulation(registry, { people: 5, seed: 8, threads: 1, checkpoint });
    expect(resumed).toMatchObject({ resumedFrom: 2, enrolled: 2, pendingAdjudication: 0 });
    expect((await registry.people.count()) - before).toBe(5);
  }, 180_000);

  it('drops a synthetic NINA the register already holds instead of failing', async () => {
    const population = (await import('../../registry/src/index.js')).generatePopulation(40, 9);
    const withNina = population.find((p) => p.nina);
    expect(withNina).toBeDefined();
    // Someone else already holds that NINA.
    await registry.people.create({ ...withNina!, familyNames: 'Autre', givenNames: 'Personne' }, actor);
    const report = await loadPopulation(registry, { people: population.indexOf(withNina!) + 1, seed: 9, threads: 1 });
    expect(report.enrolled + report.pendingAdjudication).toBe(population.indexOf(withNina!) + 1);
  }, 180_000);

  it('draws the same missing fingers as the file output for a seed', () => {
    let someMissing = 0;
    for (let person = 0; person < 500; person++) {
      const missing = missingFingersOf(3, person);
      for (const p of missing) expect(p >= 1 && p <= 10).toBe(true);
      if (missing.size > 0) someMissing++;
      expect([...missingFingersOf(3, person)]).toEqual([...missing]);
    }
    expect(someMissing).toBeGreaterThan(2);
    expect(someMissing).toBeLessThan(30);
  });
});
