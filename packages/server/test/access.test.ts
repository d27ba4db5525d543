import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNina, type Role } from '../../registry/src/index.js';
import { ROLE_LIST, samplePerson, startTestApp, TEST_PASSWORD, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';

let t: TestApp;
let uin: string;
const nina = buildNina({ nationality: '1', sex: '2', birthYear: '84', birthPlaceCode: '1101003', sequence: '001' });
beforeAll(async () => {
  t = await startTestApp();
  uin = (await t.app.inject({ method: 'POST', url: '/v1/persons', headers: t.auth.registrar, payload: { ...samplePerson, nina } })).json().uin;
});
afterAll(async () => t?.close());

interface RouteCase {
  route: string;
  allowed: Role[];
  request: () => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object };
}
let counter = 0;
const routes: RouteCase[] = [
  { route: 'POST /v1/persons', allowed: ['registrar', 'supervisor'], request: () => ({ method: 'POST', url: '/v1/persons', payload: samplePerson }) },
  { route: 'GET /v1/persons', allowed: ['registrar', 'supervisor'], request: () => ({ method: 'GET', url: '/v1/persons?name=traore' }) },
  { route: 'GET /v1/persons/:uin', allowed: ['registrar', 'supervisor'], request: () => ({ method: 'GET', url: `/v1/persons/${uin}` }) },
  { route: 'GET /v1/persons/by-nina/:nina', allowed: ['registrar', 'supervisor'], request: () => ({ method: 'GET', url: `/v1/persons/by-nina/${nina}` }) },
  {
    route: 'PATCH /v1/persons/:uin',
    allowed: ['registrar', 'supervisor'],
    request: () => ({ method: 'PATCH', url: `/v1/persons/${uin}`, payload: { changes: { givenNames: `Awa ${++counter}` }, reason: 'correction' } }),
  },
  { route: 'GET /v1/persons/:uin/history', allowed: ['registrar', 'supervisor', 'auditor'], request: () => ({ method: 'GET', url: `/v1/persons/${uin}/history` }) },
  { route: 'GET /v1/audit', allowed: ['auditor'], request: () => ({ method: 'GET', url: '/v1/audit' }) },
  { route: 'GET /v1/operators', allowed: ['admin'], request: () => ({ method: 'GET', url: '/v1/operators' }) },
  {
    route: 'POST /v1/operators',
    allowed: ['admin'],
    request: () => ({ method: 'POST', url: '/v1/operators', payload: { username: `op${++counter}`, displayName: 'Op', roles: ['registrar'], password: TEST_PASSWORD } }),
  },
  { route: 'GET /v1/places', allowed: ['admin', 'registrar', 'supervisor', 'auditor'], request: () => ({ method: 'GET', url: '/v1/places?parent=1101' }) },
  { route: 'GET /v1/auth/me', allowed: ['admin', 'registrar', 'supervisor', 'auditor'], request: () => ({ method: 'GET', url: '/v1/auth/me' }) },
];

describe(`every route allows exactly its roles (${testDatabaseKind})`, () => {
  it('covers every protected route the API exposes', () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, { security?: unknown }>> };
    const protectedRoutes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security)
        .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // The biometric routes' role matrix is in biometrics-access.test.ts.
    const biometricRoutes = [
      'POST /v1/enrollments',
      'GET /v1/enrollments/:id',
      'GET /v1/dedup-cases',
      'GET /v1/dedup-cases/:id',
      'POST /v1/dedup-cases/:id/decision',
      'GET /v1/dedup-cases/:id/candidates/:enrollmentId/fingers/:position/evidence.png',
      'GET /v1/images/:sha256',
      'POST /v1/biometrics/identify',
      'POST /v1/biometrics/verify',
    ];
    const tested = new Set([...routes.map((r) => r.route), 'POST /v1/auth/logout', ...biometricRoutes]);
    expect(protectedRoutes.filter((r) => !tested.has(r))).toEqual([]);
  });

  for (const r of routes) {
    describe(r.route, () => {
      it('refuses requests without a token or with a bad one (401) and returns no data', async () => {
        for (const headers of [{}, { authorization: 'Bearer not-a-real-token' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
          const res = await t.app.inject({ ...r.request(), headers });
          expect(res.statusCode).toBe(401);
          expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
          expect(res.body).not.toContain(samplePerson.motherName);
        }
      });
      for (const role of ROLE_LIST) {
        const allowed = r.allowed.includes(role);
        it(`${allowed ? 'allows' : 'refuses'} ${role}`, async () => {
          const res = await t.app.inject({ ...r.request(), headers: t.auth[role] });
          if (allowed) expect(res.statusCode, res.body).toBeLessThan(300);
          else {
            expect(res.statusCode).toBe(403);
            expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
            expect(res.body).not.toContain(samplePerson.motherName);
          }
        });
      }
    });
  }

  it('a registrar cannot read the audit log and an auditor cannot change a person', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/audit', headers: t.auth.registrar })).statusCode).toBe(403);
    const change = await t.app.inject({ method: 'PATCH', url: `/v1/persons/${uin}`, headers: t.auth.auditor, payload: { changes: { givenNames: 'Zz' }, reason: 'x' } });
    expect(change.statusCode).toBe(403);
    const create = await t.app.inject({ method: 'POST', url: '/v1/persons', headers: t.auth.auditor, payload: samplePerson });
    expect(create.statusCode).toBe(403);
  });
});
