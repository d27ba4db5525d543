import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUin } from '../../registry/src/index.js';
import { samplePerson, startTestApp, type TestApp } from '../../../test-support/app.js';
import { testDatabaseKind } from '../../../test-support/database.js';
import { syntheticHand } from '../../../test-support/fingers.js';

/**
 * Acceptance 4 of issue 7, over HTTP: the same synthetic person enrolled twice (another
 * impression of the same fingers, under another name) opens a dedup case and gets no UIN; a
 * supervisor decides it duplicate (one UIN, the applicant merged into it) or distinct (a second
 * UIN); both decisions are in the audit log; only supervisors adjudicate.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** Both thumbs and index fingers: enough for a confident fused score, quick to extract. */
const FINGERS = [1, 2, 6, 7];
type Role = 'registrar' | 'supervisor' | 'auditor';

const enroll = async (person: number, impression: number, givenNames: string, role: Role = 'registrar') =>
  t.app.inject({
    method: 'POST',
    url: '/v1/enrollments',
    headers: t.auth[role],
    payload: { person: { ...samplePerson, givenNames }, fingers: await syntheticHand(person, impression, FINGERS) },
  });
const get = (url: string, role: Role = 'supervisor') => t.app.inject({ method: 'GET', url, headers: t.auth[role] });
const decide = (caseId: string, body: object, role: Role = 'supervisor') =>
  t.app.inject({ method: 'POST', url: `/v1/dedup-cases/${caseId}/decision`, headers: t.auth[role], payload: body });

/** Enrolls a person, then the same fingers again under another name: returns both answers. */
async function enrollTwice(person: number, first: string, second: string) {
  const original = await enroll(person, 1, first);
  expect(original.statusCode, original.body).toBe(201);
  const again = await enroll(person, 2, second);
  expect(again.statusCode, again.body).toBe(202);
  return { original: original.json(), again: again.json() };
}

describe(`deduplication and adjudication over HTTP (${testDatabaseKind})`, () => {
  it('opens a case for a second enrollment of the same fingers; merging it as duplicate keeps one UIN', async () => {
    const { original, again } = await enrollTwice(201, 'Bintou', 'Bintu');
    expect(again).toMatchObject({ status: 'pending-adjudication', uin: null, mergedIntoUin: null });
    expect(again.caseId).toEqual(expect.any(String));
    expect(again.fingers.every((f: { outcome: string }) => f.outcome === 'accepted')).toBe(true);

    // Only supervisors see and decide cases.
    expect((await get('/v1/dedup-cases', 'registrar')).statusCode).toBe(403);
    const open = await get('/v1/dedup-cases?status=open');
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ total: 1, page: 1, items: [{ id: again.caseId, status: 'open', enrollmentId: again.id, candidateCount: 1 }] });

    const view = await get(`/v1/dedup-cases/${again.caseId}`);
    expect(view.statusCode, view.body).toBe(200);
    const dedupCase = view.json();
    expect(dedupCase).toMatchObject({ status: 'open', decision: null, applicant: { givenNames: 'Bintu' } });
    const [candidate] = dedupCase.candidates;
    expect(candidate).toMatchObject({ enrollmentId: original.id, uin: original.uin, person: { uin: original.uin, givenNames: 'Bintou' } });
    expect(candidate.score).toBeGreaterThan(0);
    expect(candidate.fingers.map((f: { position: number }) => f.position).sort()).toEqual(FINGERS);
    const best = candidate.fingers.reduce((a: { score: number }, b: { score: number }) => (b.score > a.score ? b : a));
    expect(best.pairs.length).toBeGreaterThan(5);
    expect(best.probeImage).toMatch(/^[0-9a-f]{64}$/);
    expect(best.candidateImage).toMatch(/^[0-9a-f]{64}$/);

    // Evidence: a PNG the server draws, and both stored images.
    const evidence = await get(`/v1/dedup-cases/${again.caseId}/candidates/${original.id}/fingers/${best.position}/evidence.png`);
    expect(evidence.statusCode, evidence.body).toBe(200);
    expect(evidence.headers['content-type']).toBe('image/png');
    const meta = await sharp(evidence.rawPayload).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(300);
    for (const sha of [best.probeImage, best.candidateImage]) expect((await get(`/v1/images/${sha}?as=png`)).statusCode).toBe(200);
    expect((await get(`/v1/dedup-cases/${again.caseId}/candidates/${original.id}/fingers/${best.position}/evidence.png`, 'registrar')).statusCode).toBe(403);

    // A registrar cannot decide; a duplicate decision must name a candidate's UIN.
    expect((await decide(again.caseId, { decision: 'duplicate', duplicateOfUin: original.uin, reason: 'x' }, 'registrar')).statusCode).toBe(403);
    expect((await decide(again.caseId, { decision: 'duplicate', reason: 'no uin' })).json()).toMatchObject({ status: 400, field: 'duplicateOfUin' });
    const notCandidate = await decide(again.caseId, { decision: 'duplicate', duplicateOfUin: '12345678903', reason: 'wrong person' });
    expect(notCandidate.json()).toMatchObject({ status: 400, field: 'duplicateOfUin' });
    const decided = await decide(again.caseId, { decision: 'duplicate', duplicateOfUin: original.uin, reason: 'Même personne, empreintes identiques (test A4)' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'duplicate',
      decision: { decision: 'duplicate', duplicateOfUin: original.uin, decidedBy: 'supervisor', reason: 'Même personne, empreintes identiques (test A4)' },
    });
    const again2 = await decide(again.caseId, { decision: 'distinct', reason: 'second thoughts' });
    expect(again2.statusCode).toBe(409);

    // One UIN: the applicant's enrollment is merged into the existing identity, which is unchanged.
    const merged = (await get(`/v1/enrollments/${again.id}`)).json();
    expect(merged).toMatchObject({ status: 'merged', mergedIntoUin: original.uin, caseId: again.caseId });
    expect(merged.uin === null || merged.uin === original.uin).toBe(true);
    const holder = await get(`/v1/persons/${original.uin}`, 'registrar');
    expect(holder.json()).toMatchObject({ uin: original.uin, givenNames: 'Bintou', status: 'active' });
    const found = (await get(`/v1/persons?name=${encodeURIComponent('Bintu Traoré')}`, 'registrar')).json();
    const activeUins = found.items.filter((p: { status: string }) => p.status === 'active').map((p: { uin: string }) => p.uin);
    expect(activeUins).toEqual([original.uin]);
    expect((await get('/v1/dedup-cases?status=open')).json().total).toBe(0);
    expect((await get('/v1/dedup-cases?status=duplicate')).json()).toMatchObject({ total: 1, items: [{ id: again.caseId, status: 'duplicate' }] });
  });

  it('issues a second UIN when the case is decided distinct', async () => {
    const { original, again } = await enrollTwice(202, 'Seydou', 'Sidiki');
    const decided = await decide(again.caseId, { decision: 'distinct', reason: 'Jumeaux vérifiés sur actes de naissance (test A4)' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'distinct', decision: { decision: 'distinct', duplicateOfUin: null, decidedBy: 'supervisor' } });
    const enrolled = (await get(`/v1/enrollments/${again.id}`)).json();
    expect(enrolled).toMatchObject({ status: 'enrolled', caseId: again.caseId, mergedIntoUin: null });
    expect(isValidUin(enrolled.uin)).toBe(true);
    expect(enrolled.uin).not.toBe(original.uin);
    expect((await get(`/v1/persons/${enrolled.uin}`, 'registrar')).json()).toMatchObject({ givenNames: 'Sidiki', status: 'active' });
    // Every case, newest or oldest first, paginated.
    const all = (await get('/v1/dedup-cases?pageSize=1')).json();
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(all.items).toHaveLength(1);
    const second = (await get('/v1/dedup-cases?pageSize=1&page=2')).json();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(all.items[0].id);
  });

  it('audits both decisions with their reason, for the auditor to read', async () => {
    expect((await get('/v1/audit', 'supervisor')).statusCode).toBe(403);
    const audit = await get('/v1/audit?pageSize=500', 'auditor');
    expect(audit.statusCode).toBe(200);
    const entries: Array<{ action: string; operatorUsername: string; details: Record<string, unknown> }> = audit.json().items;
    // The decisions themselves (the merge also writes a new version of the identity, audited on its own).
    const decisions = entries.filter((e) => typeof e.details.decision === 'string' && String(e.details.reason).includes('(test A4)'));
    expect(decisions).toHaveLength(2);
    for (const e of decisions) expect(e.operatorUsername).toBe('supervisor');
    expect(JSON.stringify(decisions)).toContain('Même personne');
    expect(JSON.stringify(decisions)).toContain('Jumeaux');
  });

  it('lets neither an auditor enroll nor a registrar list cases', async () => {
    const byAuditor = await enroll(203, 1, 'Adama', 'auditor');
    expect(byAuditor.statusCode).toBe(403);
    expect(byAuditor.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await get('/v1/dedup-cases?status=open', 'registrar')).statusCode).toBe(403);
    expect((await get('/v1/dedup-cases/1', 'auditor')).statusCode).toBe(403);
  });

  it('answers unknown cases, candidates and fingers with 404, bad parameters with 400', async () => {
    expect((await get('/v1/dedup-cases/999999')).statusCode).toBe(404);
    expect((await decide('999999', { decision: 'distinct', reason: 'x' })).statusCode).toBe(404);
    const badStatus = await get('/v1/dedup-cases?status=closed');
    expect(badStatus.json()).toMatchObject({ code: 'VALIDATION', field: 'querystring.status' });
    const badPosition = await get('/v1/dedup-cases/1/candidates/1/fingers/11/evidence.png');
    expect(badPosition.json()).toMatchObject({ code: 'VALIDATION', field: 'params.position' });
    const unknownField = await decide('1', { decision: 'distinct', reason: 'x', uin: '1' });
    expect(unknownField.json()).toMatchObject({ code: 'VALIDATION', field: 'uin' });
  });
});
