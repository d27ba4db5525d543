import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUin } from '../../registry/src/index.js';
import { samplePerson, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t?.close());

describe(`concurrent registration (${testDatabaseKind})`, () => {
  it('1,000 concurrent create requests give 1,000 distinct valid UINs and no error', async () => {
    const N = 1000;
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fetch(`${base}/v1/persons`, {
          method: 'POST',
          headers: { ...t.auth.registrar, 'content-type': 'application/json' },
          body: JSON.stringify({ ...samplePerson, givenNames: `Personne ${i}` }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as { uin: string } })),
      ),
    );
    expect(responses.filter((r) => r.status !== 201)).toEqual([]);
    const uins = responses.map((r) => r.body.uin);
    expect(new Set(uins).size).toBe(N);
    expect(uins.every(isValidUin)).toBe(true);
    const { rows } = await sql<{ n: string }>`select count(distinct uin) as n from person`.execute(t.registry.database.db);
    expect(Number(rows[0]!.n)).toBe(N);
  }, 120_000);

  it('the database itself refuses a second person with the same UIN', async () => {
    const { rows } = await sql<{ uin: string }>`select uin from person limit 1`.execute(t.registry.database.db);
    const copy = sql`insert into person (uin, version, status, family_names, given_names, search_key, phonetic_tokens, sex, birth_date, birth_year, birth_place_code, nationality)
      values (${rows[0]!.uin}, 1, 'active', 'X', 'Y', 'x y', '{}'::text[], 'M', '1990', 1990, '11', 'MLI')`;
    await expect(copy.execute(t.registry.database.db)).rejects.toThrow(/person_uin_key|duplicate key/);
  });
});
