import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../registry/src/index.js';
import { ROLE_LIST, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';

/**
 * Who may call the biometric routes. Only the access decision is tested here (the behaviour is in
 * enrollment*, dedup* and biometrics*.test.ts): requests are cheap and may be refused later for
 * their content, but an allowed role must never get 401 or 403, and any other role must get 403
 * before anything is read or written.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const sha = 'ab'.repeat(32);
interface RouteCase {
  route: string;
  allowed: Role[];
  request: { method: 'GET' | 'POST'; url: string; payload?: object };
}
const biometricRouteCases: RouteCase[] = [
  { route: 'POST /v1/enrollments', allowed: ['registrar', 'supervisor'], request: { method: 'POST', url: '/v1/enrollments', payload: { fingers: [] } } },
  { route: 'GET /v1/enrollments/:id', allowed: ['registrar', 'supervisor'], request: { method: 'GET', url: '/v1/enrollments/999999' } },
  { route: 'GET /v1/dedup-cases', allowed: ['supervisor'], request: { method: 'GET', url: '/v1/dedup-cases?status=open' } },
  { route: 'GET /v1/dedup-cases/:id', allowed: ['supervisor'], request: { method: 'GET', url: '/v1/dedup-cases/999999' } },
  {
    route: 'POST /v1/dedup-cases/:id/decision',
    allowed: ['supervisor'],
    request: { method: 'POST', url: '/v1/dedup-cases/999999/decision', payload: { decision: 'distinct', reason: 'test' } },
  },
  {
    route: 'GET /v1/dedup-cases/:id/candidates/:enrollmentId/fingers/:position/evidence.png',
    allowed: ['supervisor'],
    request: { method: 'GET', url: '/v1/dedup-cases/999999/candidates/999998/fingers/2/evidence.png' },
  },
  { route: 'GET /v1/images/:sha256', allowed: ['registrar', 'supervisor'], request: { method: 'GET', url: `/v1/images/${sha}` } },
  { route: 'POST /v1/biometrics/identify', allowed: ['registrar', 'supervisor'], request: { method: 'POST', url: '/v1/biometrics/identify', payload: { fingers: [] } } },
  { route: 'POST /v1/biometrics/verify', allowed: ['registrar', 'supervisor'], request: { method: 'POST', url: '/v1/biometrics/verify', payload: { uin: '1', fingers: [] } } },
];

describe(`biometric routes allow exactly their roles (${testDatabaseKind})`, () => {
  it('lists every biometric route in the API description, each protected by a bearer token', () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, { security?: unknown }>> };
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security)
        .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented).toEqual(expect.arrayContaining(biometricRouteCases.map((c) => c.route)));
  });

  for (const c of biometricRouteCases) {
    describe(c.route, () => {
      it('refuses a missing or invalid token (401)', async () => {
        for (const headers of [{}, { authorization: 'Bearer not-a-real-token' }]) {
          const res = await t.app.inject({ ...c.request, headers });
          expect(res.statusCode).toBe(401);
          expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
        }
      });
      for (const role of ROLE_LIST) {
        const allowed = c.allowed.includes(role);
        it(`${allowed ? 'lets through' : 'refuses'} ${role}`, async () => {
          const res = await t.app.inject({ ...c.request, headers: t.auth[role] });
          if (allowed) {
            expect([401, 403], res.body).not.toContain(res.statusCode);
            expect(res.statusCode, res.body).toBeLessThan(500);
          } else {
            expect(res.statusCode).toBe(403);
            expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
          }
        });
      }
    });
  }
});
