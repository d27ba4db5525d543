import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateUin } from '../../registry/src/index.js';
import { samplePerson, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';
import { fvcAvailable, fvcFinger, fvcTemplate, sharedDataMissingMessage, syntheticHand, unreadableFinger } from '../../../test-support/fingers.js';

/** Identification (1:N) and verification (1:1) over HTTP, against a small enrolled gallery. */
let t: TestApp;
/** Synthetic person number → the UIN the enrollment issued. */
const uins = new Map<number, string>();
const INDEXES = [2, 7];
const GIVEN_NAMES = ['Assitan', 'Boubacar', 'Coumba', 'Drissa'];

beforeAll(async () => {
  t = await startTestApp();
  for (const [i, givenNames] of GIVEN_NAMES.entries()) {
    const person = 301 + i;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/enrollments',
      headers: t.auth.registrar,
      payload: { person: { ...samplePerson, givenNames }, fingers: await syntheticHand(person, 1, INDEXES) },
    });
    if (res.statusCode !== 201) throw new Error(`enrollment of person ${person} answered ${res.statusCode}: ${res.body}`);
    uins.set(person, res.json().uin);
  }
});
afterAll(async () => t?.close());

const post = (url: string, payload: object, role: 'registrar' | 'supervisor' | 'auditor' = 'registrar') =>
  t.app.inject({ method: 'POST', url, headers: t.auth[role], payload });

describe(`identification and verification over HTTP (${testDatabaseKind})`, () => {
  it('identifies an enrolled person at rank 1 from other impressions of two fingers', async () => {
    for (const person of [302, 304]) {
      const res = await post('/v1/biometrics/identify', { fingers: await syntheticHand(person, 3, INDEXES), maxResults: 3 });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json();
      expect(result.candidates.length).toBeGreaterThan(0);
      expect(result.candidates.length).toBeLessThanOrEqual(3);
      expect(result.candidates[0]).toMatchObject({ uin: uins.get(person) });
      expect(result.candidates[0].score).toBeGreaterThanOrEqual(result.threshold);
      expect(result.fingers.map((f: { outcome: string }) => f.outcome)).toEqual(['accepted', 'accepted']);
    }
  });

  it('finds no one above the threshold for a person never enrolled', async () => {
    const res = await post('/v1/biometrics/identify', { fingers: await syntheticHand(399, 1, INDEXES) }, 'supervisor');
    expect(res.statusCode, res.body).toBe(200);
    const { candidates, threshold } = res.json();
    expect(candidates.filter((c: { score: number }) => c.score >= threshold)).toEqual([]);
  });

  it("verifies the right UIN and refuses another person's", async () => {
    const fingers = await syntheticHand(303, 2, INDEXES);
    const right = await post('/v1/biometrics/verify', { uin: uins.get(303)!, fingers });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json()).toMatchObject({ uin: uins.get(303), match: true });
    expect(right.json().score).toBeGreaterThanOrEqual(right.json().threshold);
    const wrong = await post('/v1/biometrics/verify', { uin: uins.get(301)!, fingers });
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect(wrong.json()).toMatchObject({ uin: uins.get(301), match: false });
    expect(wrong.json().score).toBeLessThan(wrong.json().threshold);
  });

  it('refuses bad requests with problem+json: a mistyped UIN, an unknown one, an unreadable finger, no finger', async () => {
    const fingers = await syntheticHand(303, 2, [2]);
    const uin = uins.get(303)!;
    const mistyped = uin.slice(0, 10) + String((Number(uin[10]) + 1) % 10);
    const bad = await post('/v1/biometrics/verify', { uin: mistyped, fingers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_UIN' });
    let unknown = generateUin();
    while ([...uins.values()].includes(unknown)) unknown = generateUin();
    const missing = await post('/v1/biometrics/verify', { uin: unknown, fingers });
    expect(missing.statusCode).toBe(404);
    const unreadable = await post('/v1/biometrics/identify', { fingers: [unreadableFinger(2)] });
    expect(unreadable.statusCode).toBe(422);
    expect(unreadable.json()).toMatchObject({ code: 'FINGERS_NOT_ACCEPTED', fingers: [{ position: 2, outcome: 'refused' }] });
    const none = await post('/v1/biometrics/identify', { fingers: [] });
    expect(none.json()).toMatchObject({ status: 400, code: 'VALIDATION', field: 'fingers' });
    const badFpir = await post('/v1/biometrics/identify', { fingers, fpir: 0.5 });
    expect(badFpir.json()).toMatchObject({ status: 400, code: 'VALIDATION', field: 'fpir' });
    expect((await post('/v1/biometrics/identify', { fingers }, 'auditor')).statusCode).toBe(403);
  });

  it.skipIf(!fvcAvailable())('enrolls real FVC 2002 images (TIFF) and identifies their finger from another impression', async () => {
    const enrolled = await post('/v1/enrollments', {
      person: { ...samplePerson, givenNames: 'Fatoumata' },
      fingers: [fvcFinger('fvc2002-db1b', 101, 1, 2), fvcFinger('fvc2002-db1b', 102, 1, 7)],
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const res = await post('/v1/biometrics/identify', { fingers: [fvcFinger('fvc2002-db1b', 101, 3, 2), fvcFinger('fvc2002-db1b', 102, 3, 7)] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().candidates[0]).toMatchObject({ uin: enrolled.json().uin });
  });
  it.skipIf(!fvcAvailable())("enrolls another vendor's ISO 19794-2 templates (no image) and identifies and verifies them", async () => {
    const enrolled = await post('/v1/enrollments', {
      person: { ...samplePerson, givenNames: 'Mamadou' },
      fingers: [fvcTemplate('fvc2002-db1b', 105, 1, 2), fvcTemplate('fvc2002-db1b', 106, 1, 7)],
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    expect(enrolled.json().fingers.map((f: { outcome: string; quality: unknown }) => f.outcome)).toEqual(['accepted', 'accepted']);
    const probe = [fvcTemplate('fvc2002-db1b', 105, 2, 2), fvcTemplate('fvc2002-db1b', 106, 2, 7)];
    const found = await post('/v1/biometrics/identify', { fingers: probe });
    expect(found.json().candidates[0]).toMatchObject({ uin: enrolled.json().uin });
    const verified = await post('/v1/biometrics/verify', { uin: enrolled.json().uin, fingers: probe });
    expect(verified.json()).toMatchObject({ match: true });
    // An ISO record announced as ANSI 378 is refused for that finger, not guessed.
    const mislabelled = await post('/v1/biometrics/identify', { fingers: [{ ...fvcTemplate('fvc2002-db1b', 105, 3, 2), format: 'ansi378' }] });
    expect(mislabelled.statusCode).toBe(422);
    expect(mislabelled.json().fingers[0]).toMatchObject({ position: 2, outcome: 'refused' });
  });
  if (!fvcAvailable()) it.skip(`FVC images: ${sharedDataMissingMessage}`, () => {});

  it('describes the biometric API in /openapi.json', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/enrollments',
        '/v1/enrollments/{id}',
        '/v1/dedup-cases',
        '/v1/dedup-cases/{id}',
        '/v1/dedup-cases/{id}/decision',
        '/v1/dedup-cases/{id}/candidates/{enrollmentId}/fingers/{position}/evidence.png',
        '/v1/images/{sha256}',
        '/v1/biometrics/identify',
        '/v1/biometrics/verify',
      ]),
    );
    const create = doc.paths['/v1/enrollments'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['person', 'fingers']));
    expect(body.properties.fingers.maxItems).toBe(10);
    expect(body.properties.fingers.items.properties.position).toMatchObject({ minimum: 1, maximum: 10 });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '202', '400', '413', '422']));
    expect(create.responses['422'].content['application/json'].schema.properties.fingers.type).toBe('array');
    expect(create.summary).toMatch(/ \/ /); // French / English
    const evidence = doc.paths['/v1/dedup-cases/{id}/candidates/{enrollmentId}/fingers/{position}/evidence.png'].get;
    expect(evidence.responses['200'].content['image/png'].schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(doc.paths['/v1/biometrics/verify'].post.security).toEqual([{ bearer: [] }]);
  });
});
