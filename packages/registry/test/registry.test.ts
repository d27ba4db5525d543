import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, generatePopulation, openRegistry, type Registry } from '../src/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';

let database: TestDatabase;
let registry: Registry;
const actor = { operatorId: null, username: 'test' };

beforeAll(async () => {
  database = await createTestDatabase();
  registry = await openRegistry(database.config);
});
afterAll(async () => {
  await registry?.close();
  await database?.drop();
});

describe(`registry services (${testDatabaseKind})`, () => {
  it('seeds the reference geography on first start and loads a deployment CSV', async () => {
    expect((await registry.geography.list({ parentCode: '1101' })).map((p) => p.name)).toEqual([
      'Commune I',
      'Commune II',
      'Commune III',
      'Commune IV',
      'Commune V',
      'Commune VI',
    ]);
    const n = await registry.geography.loadCsv('code,name,level,parent_code\n0101099,Sadiola,commune,0101\n0101001,Kayes Ville,commune,0101\n');
    expect(n).toBe(2);
    expect((await registry.geography.get('0101099'))?.name).toBe('Sadiola');
    expect((await registry.geography.get('0101001'))?.name).toBe('Kayes Ville');
    const person = await registry.people.create(
      { familyNames: 'Dembélé', givenNames: 'Ousmane', sex: 'M', birthDate: '1997-05', birthPlaceCode: '0101099' },
      actor,
    );
    expect(person.birthPlaceCode).toBe('0101099');
  });

  it('refuses a CSV with a broken hierarchy and changes nothing', async () => {
    const before = await registry.geography.list({});
    await expect(registry.geography.loadCsv('code,name,level,parent_code\n0101098,X,commune,0101\n0199001,Y,commune,0199\n')).rejects.toBeInstanceOf(DomainError);
    expect(await registry.geography.list({})).toEqual(before);
  });

  it('registers a generated population in one transaction, each with a version and an audit entry', async () => {
    const before = await registry.people.count();
    const population = generatePopulation(300, 42);
    expect(generatePopulation(300, 42)).toEqual(population);
    const created = await registry.people.createMany(population, actor, 'test population');
    expect(created).toHaveLength(300);
    expect(await registry.people.count()).toBe(before + 300);
    const history = await registry.people.history(created[123]!.uin, actor);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, reason: 'test population', changedBy: 'test' });
    const audit = await registry.audit.list({ personUin: created[123]!.uin });
    expect(audit.items.map((e) => e.action)).toEqual(['person.history', 'person.create']);
  });

  it('rolls a whole batch back when one person in it is invalid', async () => {
    const before = await registry.people.count();
    const population = generatePopulation(10, 7).map((p, i) => (i === 9 ? { ...p, birthDate: '2001-02-29' } : p));
    await expect(registry.people.createMany(population, actor, 'x')).rejects.toMatchObject({ code: 'INVALID_DATE' });
    expect(await registry.people.count()).toBe(before);
  });

  it('a demo population has partial dates, NINAs and spelling variants, as the legacy register does', () => {
    const population = generatePopulation(2000, 1);
    expect(population.filter((p) => /^[0-9]{4}$/.test(p.birthDate)).length).toBeGreaterThan(50);
    expect(population.filter((p) => p.nina).length).toBeGreaterThan(1000);
    expect(new Set(population.map((p) => p.nina).filter(Boolean)).size).toBe(population.filter((p) => p.nina).length);
    expect(population.some((p) => p.familyNames === 'Kulibali' || p.familyNames === 'Trawore')).toBe(true);
  });
});
