import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ security: { tokenTtlSeconds: 2, maxFailedLogins: 3, lockSeconds: 60 } });
  await t.registry.operators.create({ username: 'victim', displayName: 'V', roles: ['registrar'], password: TEST_PASSWORD }, { operatorId: null, username: 'test' });
});
afterAll(async () => t?.close());

const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });

describe(`operators: login, tokens, logout, lockout (${testDatabaseKind})`, () => {
  it('stores Argon2id hashes, never passwords', async () => {
    const { rows } = await (await import('kysely')).sql<{ password_hash: string }>`select password_hash from operator where username = 'victim'`.execute(t.registry.database.db);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('logs in, answers /me, logs out, and the token stops working', async () => {
    const res = await login('victim', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const { token, operator } = res.json();
    expect(operator).toMatchObject({ username: 'victim', roles: ['registrar'] });
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/me', headers })).json().username).toBe('victim');
    expect((await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('tokens are short-lived', async () => {
    const { token } = (await login('victim', TEST_PASSWORD)).json();
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/me', headers })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await login('nobody', 'whatever password');
    const wrong = await login('admin', 'wrong password!!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('locks an account after repeated failures, even for the right password, and audits it', async () => {
    for (let i = 0; i < 2; i++) expect((await login('victim', 'bad password ' + i)).statusCode).toBe(401);
    const third = await login('victim', 'bad password 3');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('ACCOUNT_LOCKED');
    expect((await login('victim', TEST_PASSWORD)).statusCode).toBe(423);
    // Tokens in this suite live 2 s: log the auditor in afresh.
    const auditor = { authorization: `Bearer ${(await login('auditor', TEST_PASSWORD)).json().token}` };
    const audit = await t.app.inject({ method: 'GET', url: '/v1/audit?operator=victim&action=auth.*', headers: auditor });
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'auth.login_failed').length).toBeGreaterThanOrEqual(4);
    // An admin reset unlocks the account.
    await t.registry.operators.resetPassword('victim', 'a brand new password', { operatorId: null, username: 'test' });
    expect((await login('victim', 'a brand new password')).statusCode).toBe(200);
  });
});
