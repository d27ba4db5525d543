import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUin } from '../../registry/src/index.js';
import { samplePerson, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';
import { blankFinger, emptyIsoTemplate, syntheticFinger, syntheticHand, unreadableFinger, type FingerPayload } from '../../../test-support/fingers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const enroll = (payload: unknown, role: 'registrar' | 'supervisor' | 'auditor' = 'registrar') =>
  t.app.inject({ method: 'POST', url: '/v1/enrollments', headers: { ...t.auth[role], 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

/** Rows of every table but the audit log and the login sessions: a refused request must change none. */
async function registerRowCounts(): Promise<Record<string, number>> {
  const db = t.registry.database.db;
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('audit_log', 'operator_session')
    order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}

const person = (givenNames: string) => ({ ...samplePerson, givenNames });

describe(`biometric enrollment over HTTP (${testDatabaseKind})`, () => {
  it('enrolls a person with ten fingers: 201, a valid UIN, every finger accepted, readable back', async () => {
    const fingers = await syntheticHand(101, 1);
    const res = await enroll({ person: person('Mariam'), fingers });
    expect(res.statusCode, res.body).toBe(201);
    const enrollment = res.json();
    expect(enrollment).toMatchObject({ status: 'enrolled', caseId: null, mergedIntoUin: null, missingFingers: [] });
    expect(isValidUin(enrollment.uin)).toBe(true);
    expect(res.headers.location).toBe(`/v1/enrollments/${enrollment.id}`);
    expect(enrollment.fingers.map((f: { position: number }) => f.position).sort((a: number, b: number) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const f of enrollment.fingers) {
      expect(f.outcome).toBe('accepted');
      expect(f.minutiae).toBeGreaterThan(10);
    }
    const back = await t.app.inject({ method: 'GET', url: `/v1/enrollments/${enrollment.id}`, headers: t.auth.supervisor });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual(enrollment);
    const holder = await t.app.inject({ method: 'GET', url: `/v1/persons/${enrollment.uin}`, headers: t.auth.registrar });
    expect(holder.json()).toMatchObject({ givenNames: 'Mariam', familyNames: samplePerson.familyNames, status: 'active' });
  });

  it('records missing fingers with their reason', async () => {
    const fingers = await syntheticHand(102, 1, [2, 3, 7]);
    const res = await enroll({ person: person('Oumou'), fingers, missingFingers: [{ position: 1, reason: 'amputated' }, { position: 6, reason: 'bandaged' }] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().missingFingers).toEqual([
      { position: 1, reason: 'amputated' },
      { position: 6, reason: 'bandaged' },
    ]);
  });

  it('keeps a WSQ image as received, by its SHA-256, and serves it as is or as PNG', async () => {
    const fingers = await syntheticHand(103, 1, [2, 7], 'wsq');
    const res = await enroll({ person: person('Kadiatou'), fingers });
    expect(res.statusCode, res.body).toBe(201);
    const wsq = Buffer.from(fingers[0]!.data, 'base64');
    const sha256 = createHash('sha256').update(wsq).digest('hex');
    const original = await t.app.inject({ method: 'GET', url: `/v1/images/${sha256}`, headers: t.auth.registrar });
    expect(original.statusCode, original.body).toBe(200);
    expect(original.rawPayload.equals(wsq)).toBe(true);
    expect(original.headers['cache-control']).toBe('private, no-store');
    const png = await t.app.inject({ method: 'GET', url: `/v1/images/${sha256.toUpperCase()}?as=png`, headers: t.auth.supervisor });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const unknown = await t.app.inject({ method: 'GET', url: `/v1/images/${'0'.repeat(64)}`, headers: t.auth.registrar });
    expect(unknown.statusCode).toBe(404);
    for (const bad of ['abc', 'g'.repeat(64), `${sha256}0`]) {
      const r = await t.app.inject({ method: 'GET', url: `/v1/images/${bad}`, headers: t.auth.registrar });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'VALIDATION', field: 'params.sha256' });
    }
    const badAs = await t.app.inject({ method: 'GET', url: `/v1/images/${sha256}?as=jpeg`, headers: t.auth.registrar });
    expect(badAs.json()).toMatchObject({ code: 'VALIDATION', field: 'querystring.as' });
  });

  it('answers an unknown enrollment with 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/enrollments/987654321', headers: t.auth.registrar });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('accepts a body far above the 1 MB of other routes, and refuses one above 40 MB with 413', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/v1/enrollments',
      headers: { ...t.auth.registrar, 'content-type': 'application/json' },
      payload: JSON.stringify({ person: person('Awa'), fingers: [{ position: 2, data: 'A'.repeat(2 * 1024 * 1024) }], extra: 1 }),
    });
    expect(big.statusCode).toBe(400); // read and validated, not cut off by the body limit
    const tooBig = await t.app.inject({
      method: 'POST',
      url: '/v1/enrollments',
      headers: { ...t.auth.registrar, 'content-type': 'application/json' },
      payload: `{"fingers":[{"position":2,"data":"${'A'.repeat(41 * 1024 * 1024)}"}]}`,
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });
});

interface BadCase {
  name: string;
  fingers: () => Promise<FingerPayload[] | unknown[]>;
  /** Demographics sent instead of the good ones. */
  person?: object;
  missingFingers?: object[];
  status: number;
  code: string;
  /** For 400s: the field at fault. */
  field?: string;
  /** For 422s: positions that must not be accepted (the others, if any, must be). */
  notAccepted?: number[];
}

const good = (position: number) => syntheticFinger(104, position, 1);
const badCases: BadCase[] = [
  { name: 'an unreadable image', fingers: async () => [await good(2), unreadableFinger(7)], status: 422, code: 'FINGERS_NOT_ACCEPTED', notAccepted: [7] },
  { name: 'finger code 0', fingers: async () => [{ ...(await good(2)), position: 0 }], status: 400, code: 'VALIDATION', field: 'fingers.0.position' },
  { name: 'finger code 11', fingers: async () => [await good(2), { ...(await good(7)), position: 11 }], status: 400, code: 'VALIDATION', field: 'fingers.1.position' },
  { name: 'finger code "x"', fingers: async () => [{ ...(await good(2)), position: 'x' }], status: 400, code: 'VALIDATION', field: 'fingers.0.position' },
  { name: 'the same finger twice', fingers: async () => [await good(2), await syntheticFinger(104, 2, 2)], status: 400, code: 'VALIDATION', field: 'fingers.1.position' },
  { name: 'an ISO template with zero minutiae', fingers: async () => [await good(2), emptyIsoTemplate(7)], status: 422, code: 'FINGERS_NOT_ACCEPTED', notAccepted: [7] },
  {
    name: 'ten blank images',
    fingers: async () => Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((p) => blankFinger(p))),
    status: 422,
    code: 'FINGERS_NOT_ACCEPTED',
    notAccepted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  },
  { name: '30 February as date of birth', person: { ...samplePerson, birthDate: '1990-02-30' }, fingers: async () => [await good(2)], status: 400, code: 'INVALID_DATE', field: 'person.birthDate' },
  { name: 'an unknown commune', person: { ...samplePerson, residenceCommuneCode: '9999001' }, fingers: async () => [await good(2)], status: 400, code: 'UNKNOWN_PLACE', field: 'person.residenceCommuneCode' },
  { name: 'an unknown sex code', person: { ...samplePerson, sex: 'X' }, fingers: async () => [await good(2)], status: 400, code: 'VALIDATION', field: 'person.sex' },
  {
    name: 'a finger both given and declared missing',
    fingers: async () => [await good(2)],
    missingFingers: [{ position: 2, reason: 'bandaged' }],
    status: 400, code: 'VALIDATION',
    field: 'missingFingers.0.position',
  },
  { name: 'an unknown format', fingers: async () => [{ ...(await good(2)), format: 'jpeg' }], status: 400, code: 'VALIDATION', field: 'fingers.0.format' },
  { name: 'no finger at all', fingers: async () => [], status: 400, code: 'VALIDATION', field: 'fingers' },
  { name: 'eleven fingers', fingers: async () => Array.from({ length: 11 }, (_, i) => ({ position: (i % 10) + 1, data: 'AAAA' })), status: 400, code: 'VALIDATION', field: 'fingers' },
];

describe(`bad biometric input: clear per-finger errors, nothing enrolled (${testDatabaseKind})`, () => {
  it.each(badCases)('$name → $status $code', async (c) => {
    const before = await registerRowCounts();
    const fingers = await c.fingers();
    const res = await enroll({ person: c.person ?? person('Fanta'), fingers, ...(c.missingFingers ? { missingFingers: c.missingFingers } : {}) });
    expect(res.statusCode, res.body).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: c.status, code: c.code, instance: res.headers['x-request-id'] });
    expect(body.detail).toEqual(expect.any(String));
    if (c.field) expect(body.field).toBe(c.field);
    if (c.notAccepted) {
      // One outcome per finger sent, the refused ones with at least one problem (code + message).
      expect(body.fingers).toHaveLength(fingers.length);
      for (const f of body.fingers as Array<{ position: number; outcome: string; problems: Array<{ code: string; message: string }> }>) {
        if (c.notAccepted.includes(f.position)) {
          expect(f.outcome).not.toBe('accepted');
          expect(f.problems.length).toBeGreaterThan(0);
          for (const p of f.problems) expect(p).toEqual({ code: expect.any(String), message: expect.any(String) });
        } else expect(f.outcome).toBe('accepted');
      }
    }
    expect(await registerRowCounts()).toEqual(before);
    const cases = await t.app.inject({ method: 'GET', url: '/v1/dedup-cases', headers: t.auth.supervisor });
    expect(cases.json().total).toBe(0);
  });
});
