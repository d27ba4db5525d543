import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUin, buildNina } from '../../registry/src/index.js';
import { samplePerson, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const post = (body: unknown, role: 'registrar' | 'supervisor' = 'registrar') =>
  t.app.inject({ method: 'POST', url: '/v1/persons', headers: t.auth[role], payload: body as object });

describe(`people over HTTP (${testDatabaseKind})`, () => {
  it('creates a person, returns a valid UIN, reads it back by UIN and NINA', async () => {
    const nina = buildNina({ nationality: '1', sex: '2', birthYear: '84', birthPlaceCode: '1101003', sequence: '007' });
    const res = await post({ ...samplePerson, nina });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(isValidUin(created.uin)).toBe(true);
    expect(created).toMatchObject({ ...samplePerson, nina, status: 'active', version: 1 });
    const got = await t.app.inject({ method: 'GET', url: `/v1/persons/${created.uin}`, headers: t.auth.registrar });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(created);
    const byNina = await t.app.inject({ method: 'GET', url: `/v1/persons/by-nina/${nina}`, headers: t.auth.supervisor });
    expect(byNina.json().uin).toBe(created.uin);
    const again = await post({ ...samplePerson, nina });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE_NINA', field: 'nina' });
  });

  it('keeps every version with who, when and why; history is append-only', async () => {
    const created = (await post({ ...samplePerson, givenNames: 'Oumou' })).json();
    const upd = await t.app.inject({
      method: 'PATCH',
      url: `/v1/persons/${created.uin}`,
      headers: t.auth.registrar,
      payload: { changes: { familyNames: 'Traore Diallo', residenceCommuneCode: '1101001' }, reason: 'Mariage, acte n° 12/2024' },
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ familyNames: 'Traore Diallo', version: 2, residenceCommuneCode: '1101001' });
    const status = await t.app.inject({
      method: 'PATCH',
      url: `/v1/persons/${created.uin}`,
      headers: t.auth.supervisor,
      payload: { changes: { status: 'deceased' }, reason: 'Acte de décès n° 3' },
    });
    expect(status.json()).toMatchObject({ status: 'deceased', version: 3 });
    const history = await t.app.inject({ method: 'GET', url: `/v1/persons/${created.uin}/history`, headers: t.auth.auditor });
    expect(history.statusCode).toBe(200);
    const versions = history.json().versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(versions[0].data.familyNames).toBe('Traoré');
    expect(versions[1]).toMatchObject({ changedBy: 'registrar', reason: 'Mariage, acte n° 12/2024' });
    expect(versions[2].data.status).toBe('deceased');
    // The database itself refuses to rewrite history or delete a person.
    const { sql } = await import('kysely');
    await expect(sql`update person_version set reason = 'x'`.execute(t.registry.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.registry.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from person`.execute(t.registry.database.db)).rejects.toThrow(/append-only/);
  });

  it('lets only supervisors change a status, and refuses empty changes', async () => {
    const created = (await post({ ...samplePerson, givenNames: 'Kadia' })).json();
    const byRegistrar = await t.app.inject({
      method: 'PATCH',
      url: `/v1/persons/${created.uin}`,
      headers: t.auth.registrar,
      payload: { changes: { status: 'suspended' }, reason: 'x' },
    });
    expect(byRegistrar.statusCode).toBe(403);
    const noop = await t.app.inject({
      method: 'PATCH',
      url: `/v1/persons/${created.uin}`,
      headers: t.auth.registrar,
      payload: { changes: { givenNames: 'Kadia' }, reason: 'rien' },
    });
    expect(noop.json()).toMatchObject({ code: 'NO_CHANGE' });
    const noReason = await t.app.inject({
      method: 'PATCH',
      url: `/v1/persons/${created.uin}`,
      headers: t.auth.registrar,
      payload: { changes: { givenNames: 'Kadiatou' }, reason: '  ' },
    });
    expect(noReason.json()).toMatchObject({ code: 'VALIDATION', field: 'reason' });
  });

  it('finds people by name despite accents, case and regional spellings, ranked and paginated', async () => {
    const people = [
      { familyNames: 'Coulibaly', givenNames: 'Seydou', birthDate: '1975', birthPlaceCode: '0305001' },
      { familyNames: 'Kulibali', givenNames: 'Seydou', birthDate: '1975-03', birthPlaceCode: '0305001' },
      { familyNames: 'Diarra', givenNames: 'Moussa', birthDate: '1990-01-05', birthPlaceCode: '0406001' },
      { familyNames: 'Jara', givenNames: 'Musa', birthDate: '1990-01-05', birthPlaceCode: '0406001' },
      { familyNames: 'Maïga', givenNames: 'Hawa', birthDate: '2001-11-30', birthPlaceCode: '0703001' },
      { familyNames: 'Trawore', givenNames: 'Bakary', birthDate: '1968', birthPlaceCode: '0101001' },
    ];
    for (const p of people) expect((await post({ ...p, sex: 'M' })).statusCode).toBe(201);
    const search = async (qs: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/persons?${qs}`, headers: t.auth.registrar });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const coul = await search('name=KOULIBALY%20seydou');
    expect(coul.items.slice(0, 2).map((p: { familyNames: string }) => p.familyNames).sort()).toEqual(['Coulibaly', 'Kulibali']);
    const jara = await search(`name=${encodeURIComponent('Diarra Moussa')}&birthDate=1990`);
    expect(jara.items.map((p: { familyNames: string }) => p.familyNames)).toEqual(['Diarra', 'Jara']);
    expect(jara.items[0].score).toBeGreaterThan(jara.items[1].score);
    expect((await search('name=Maiga')).items[0].familyNames).toBe('Maïga');
    expect((await search('name=traore&birthPlaceCode=01')).items.map((p: { givenNames: string }) => p.givenNames)).toEqual(['Bakary']);
    const seydou1975 = await search('name=seydou&birthDate=1975-03');
    expect(seydou1975.items.map((p: { familyNames: string }) => p.familyNames)).toEqual(['Kulibali']);
    const page1 = await search('name=seydou&pageSize=1');
    const page2 = await search('name=seydou&pageSize=1&page=2');
    expect(page1.total).toBe(2);
    expect(page1.items[0].uin).not.toBe(page2.items[0].uin);
    const past = await search('name=seydou&pageSize=1&page=5');
    expect(past).toMatchObject({ total: 2, items: [] });
    const byUin = await search(`uin=${page1.items[0].uin}`);
    expect(byUin.items[0].uin).toBe(page1.items[0].uin);
  });

  it('audits every read and write with operator, action, person, purpose and request id', async () => {
    const created = (await post({ ...samplePerson, givenNames: 'Salif' })).json();
    await t.app.inject({
      method: 'GET',
      url: `/v1/persons/${created.uin}`,
      headers: { ...t.auth.supervisor, 'x-purpose': 'contrôle guichet', 'x-request-id': 'req-audit-1' },
    });
    const res = await t.app.inject({ method: 'GET', url: `/v1/audit?personUin=${created.uin}`, headers: t.auth.auditor });
    expect(res.statusCode).toBe(200);
    const entries = res.json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['person.read', 'person.create']);
    expect(entries[0]).toMatchObject({ operatorUsername: 'supervisor', purpose: 'contrôle guichet', requestId: 'req-audit-1', personUin: created.uin });
    const searches = await t.app.inject({ method: 'GET', url: '/v1/audit?action=person.*&operator=registrar&pageSize=500', headers: t.auth.auditor });
    expect(searches.json().items.some((e: { action: string }) => e.action === 'person.search')).toBe(true);
  });
});
