import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNina, generateUin } from '../../registry/src/index.js';
import { samplePerson, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';

let t: TestApp;
let existingUin: string;
beforeAll(async () => {
  t = await startTestApp();
  existingUin = (await t.app.inject({ method: 'POST', url: '/v1/persons', headers: t.auth.registrar, payload: samplePerson })).json().uin;
});
afterAll(async () => t?.close());

async function rowCounts() {
  const db = t.registry.database.db;
  const { rows } = await sql<{ people: string; versions: string; audit: string }>`
    select (select count(*) from person) as people, (select count(*) from person_version) as versions, (select count(*) from audit_log) as audit`.execute(db);
  return rows[0];
}

const wrongCheck = (uin: string) => uin.slice(0, 10) + String((Number(uin[10]) + 1) % 10);
const goodNina = buildNina({ nationality: '1', sex: '1', birthYear: '80', birthPlaceCode: '1101001', sequence: '001' });
const badNina = goodNina.slice(0, 14) + (goodNina[14] === 'A' ? 'B' : 'A');

type Case = { name: string; method: 'POST' | 'GET' | 'PATCH'; url: () => string; body?: () => unknown; raw?: () => string; status: number; code: string; field?: string };
const cases: Case[] = [
  { name: '30 February', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, birthDate: '1990-02-30' }), status: 400, code: 'INVALID_DATE', field: 'birthDate' },
  { name: 'a future date of birth', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, birthDate: `${new Date().getUTCFullYear() + 1}-01-01` }), status: 400, code: 'FUTURE_DATE', field: 'birthDate' },
  { name: 'an unknown commune', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, residenceCommuneCode: '9999001' }), status: 400, code: 'UNKNOWN_PLACE', field: 'residenceCommuneCode' },
  { name: 'a region given as commune of residence', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, residenceCommuneCode: '11' }), status: 400, code: 'UNKNOWN_PLACE', field: 'residenceCommuneCode' },
  { name: 'a blank name', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, familyNames: '   ' }), status: 400, code: 'VALIDATION', field: 'familyNames' },
  { name: 'a 10 MB body', method: 'POST', url: () => '/v1/persons', raw: () => JSON.stringify({ ...samplePerson, fatherName: 'x'.repeat(10 * 1024 * 1024) }), status: 413, code: 'BODY_TOO_LARGE' },
  { name: 'an invalid UIN check digit', method: 'GET', url: () => `/v1/persons/${wrongCheck(existingUin)}`, status: 400, code: 'INVALID_UIN', field: 'uin' },
  { name: 'a UIN of the wrong length', method: 'GET', url: () => '/v1/persons/12345', status: 400, code: 'INVALID_UIN', field: 'uin' },
  { name: 'an invalid NINA check letter on lookup', method: 'GET', url: () => `/v1/persons/by-nina/${badNina}`, status: 400, code: 'INVALID_NINA', field: 'nina' },
  { name: 'an invalid NINA check letter on create', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, nina: badNina }), status: 400, code: 'INVALID_NINA', field: 'nina' },
  { name: 'an invalid UIN on update', method: 'PATCH', url: () => `/v1/persons/${wrongCheck(existingUin)}`, body: () => ({ changes: { givenNames: 'X' }, reason: 'r' }), status: 400, code: 'INVALID_UIN', field: 'uin' },
  { name: 'an unknown field', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, religion: 'x' }), status: 400, code: 'VALIDATION', field: 'religion' },
  { name: 'an unknown field in changes', method: 'PATCH', url: () => `/v1/persons/${existingUin}`, body: () => ({ changes: { uin: '1' }, reason: 'r' }), status: 400, code: 'VALIDATION', field: 'changes.uin' },
  { name: 'a wrong type', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, birthDate: 19900101 }), status: 400, code: 'VALIDATION', field: 'birthDate' },
  { name: 'an unknown sex code', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, sex: 'X' }), status: 400, code: 'VALIDATION', field: 'sex' },
  { name: 'a missing required field', method: 'POST', url: () => '/v1/persons', body: () => ({ ...samplePerson, givenNames: undefined }), status: 400, code: 'VALIDATION', field: 'givenNames' },
  { name: 'malformed JSON', method: 'POST', url: () => '/v1/persons', raw: () => '{"familyNames": ', status: 400, code: 'INVALID_JSON' },
  { name: 'an unknown query parameter', method: 'GET', url: () => '/v1/persons?name=x&color=red', status: 400, code: 'VALIDATION', field: 'querystring.color' },
  { name: 'a page size beyond the limit', method: 'GET', url: () => '/v1/persons?name=x&pageSize=100000', status: 400, code: 'VALIDATION', field: 'querystring.pageSize' },
  { name: 'an unknown person', method: 'GET', url: () => `/v1/persons/${generateUin()}`, status: 404, code: 'PERSON_NOT_FOUND', field: 'uin' },
];

describe(`bad input gets a problem+json answer and writes nothing (${testDatabaseKind})`, () => {
  it.each(cases)('$name → $status $code', async (c) => {
    const before = await rowCounts();
    const res = await t.app.inject({
      method: c.method,
      url: c.url(),
      headers: { ...t.auth.registrar, 'content-type': 'application/json' },
      ...(c.raw ? { payload: c.raw() } : c.body ? { payload: JSON.stringify(c.body()) } : {}),
    });
    expect(res.statusCode).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: c.status, code: c.code, instance: res.headers['x-request-id'] });
    expect(typeof body.title).toBe('string');
    if (c.field) expect(body.field).toBe(c.field);
    if (c.status !== 404) expect(await rowCounts()).toEqual(before);
  });
});
