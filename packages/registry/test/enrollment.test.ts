import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplate, templateToIso19794_2 } from '@kura/biometrics';
import { decodeImage, encodeGreyImage, encodePng } from '@kura/images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, openRegistry, type Enrollment, type FingerOutcome, type Registry } from '../src/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { actor, applicant, countFiles, countRows, fvc, fvcImages, fvcTemplates, supervisor } from './enrollment.fixtures.js';

const FINGERS = [1, 2, 3, 4];
let database: TestDatabase;
let registry: Registry;
let folder: string;

const haveFvc = Boolean(fvc.db1 && fvc.db2);
if (!haveFvc) console.warn(sharedDataMissingMessage);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-enroll-'));
  database = await createTestDatabase();
  registry = await openRegistry({ ...database.config, imageDir: join(folder, 'images'), galleryDir: join(folder, 'gallery'), extractionWorkers: 2, galleryWorkers: 1 });
});
afterAll(async () => {
  await registry?.close();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.skipIf(!haveFvc)(`biometric enrollment and adjudication (${testDatabaseKind})`, () => {
  let first: Enrollment;
  let other: Enrollment;

  it('issues a UIN when nobody enrolled looks alike, and keeps the images as WSQ', async () => {
    first = await registry.biometrics.enroll({ person: applicant('Coulibaly', 'Awa'), fingers: fvcImages('db1', 1, FINGERS), missingFingers: [{ position: 5, reason: 'bandaged' }] }, actor);
    expect(first).toMatchObject({ status: 'enrolled', caseId: null, mergedIntoUin: null, missingFingers: [{ position: 5, reason: 'bandaged' }] });
    expect(first.uin).toMatch(/^[1-9][0-9]{10}$/);
    expect(first.fingers.map((f) => f.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    other = await registry.biometrics.enroll({ person: applicant('Traoré', 'Moussa'), fingers: fvcImages('db2', 1, FINGERS) }, actor);
    expect(other.status).toBe('enrolled');
    expect(other.uin).not.toBe(first.uin);
    expect(countFiles(join(folder, 'images'))).toBe(8);
    expect(await registry.biometrics.getEnrollment(first.id, actor)).toEqual(first);
    expect((await registry.gallery.stats()).subjects).toBe(2);
  });

  it('opens a dedup case when the same person enrolls again, with the evidence an adjudicator needs', async () => {
    const again = await registry.biometrics.enroll({ person: applicant('Koulibali', 'Awa'), fingers: fvcImages('db1', 2, FINGERS) }, actor);
    expect(again).toMatchObject({ status: 'pending-adjudication', uin: null });
    expect(again.caseId).not.toBeNull();
    const open = await registry.biometrics.listCases({ status: 'open' }, supervisor);
    expect(open.items.map((c) => c.id)).toContain(again.caseId);
    const view = await registry.biometrics.getCase(again.caseId!, supervisor);
    expect(view.applicant.familyNames).toBe('Koulibali');
    expect(view.candidates).toHaveLength(1);
    const [candidate] = view.candidates;
    expect(candidate).toMatchObject({ uin: first.uin, enrollmentId: first.id });
    expect(candidate!.person?.familyNames).toBe('Coulibaly');
    expect(candidate!.fingers.map((f) => f.position)).toEqual(FINGERS);
    const best = candidate!.fingers.reduce((a, b) => (a.score > b.score ? a : b));
    expect(best.pairs.length).toBeGreaterThan(5);
    expect(best.probeImage).toMatch(/^[0-9a-f]{64}$/);
    const png = await registry.biometrics.renderEvidence(again.caseId!, first.id, best.position, supervisor);
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const wsq = await registry.biometrics.readImage(best.probeImage!, supervisor);
    expect(wsq.mediaType).toBe('image/x-wsq');
    expect([wsq.bytes[0], wsq.bytes[1]]).toEqual([0xff, 0xa0]);
    const asPng = await registry.biometrics.readImage(best.probeImage!, supervisor, 'png');
    expect(asPng.mediaType).toBe('image/png');

    // Decide "duplicate": the identity keeps its UIN, a new version records the merge.
    const decided = await registry.biometrics.decideCase(again.caseId!, { decision: 'duplicate', duplicateOfUin: first.uin!, reason: 'même personne, nom mal orthographié' }, supervisor);
    expect(decided.status).toBe('duplicate');
    expect(decided.decision).toMatchObject({ decision: 'duplicate', duplicateOfUin: first.uin, decidedBy: 'superviseur-test', reason: 'même personne, nom mal orthographié' });
    expect(await registry.biometrics.getEnrollment(again.id, actor)).toMatchObject({ status: 'merged', uin: null, mergedIntoUin: first.uin });
    const history = await registry.people.history(first.uin!, actor);
    expect(history.map((v) => v.version)).toEqual([1, 2]);
    expect(history[1]!.reason).toContain('même personne');
    const audit = await registry.audit.list({ action: 'dedup.*' });
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['dedup.open', 'dedup.read', 'dedup.decide', 'dedup.evidence']));
    expect(audit.items.find((e) => e.action === 'dedup.decide')).toMatchObject({ personUin: first.uin, operatorUsername: 'superviseur-test' });

    const closed = await refusal(registry.biometrics.decideCase(again.caseId!, { decision: 'distinct', reason: 'encore' }, supervisor));
    expect([closed.status, closed.code]).toEqual([409, 'CASE_CLOSED']);
  });

  it('groups candidates per identity, and issues a second UIN when the case is decided distinct', async () => {
    const third = await registry.biometrics.enroll({ person: applicant('Coulibaly', 'Awa'), fingers: fvcImages('db1', 3, FINGERS) }, actor);
    expect(third.status).toBe('pending-adjudication');
    const view = await registry.biometrics.getCase(third.caseId!, supervisor);
    // Two enrollments (the first and the merged one) but one identity.
    expect(view.candidates.map((c) => c.uin)).toEqual([first.uin]);
    const notCandidate = await refusal(registry.biometrics.decideCase(third.caseId!, { decision: 'duplicate', duplicateOfUin: other.uin!, reason: 'x' }, supervisor));
    expect([notCandidate.status, notCandidate.code, notCandidate.field]).toEqual([400, 'NOT_A_CANDIDATE', 'duplicateOfUin']);
    const decided = await registry.biometrics.decideCase(third.caseId!, { decision: 'distinct', reason: 'jumelles / twins' }, supervisor);
    expect(decided.status).toBe('distinct');
    const enrolled = await registry.biometrics.getEnrollment(third.id, actor);
    expect(enrolled.status).toBe('enrolled');
    expect(enrolled.uin).toMatch(/^[1-9][0-9]{10}$/);
    expect(enrolled.uin).not.toBe(first.uin);
    const audit = await registry.audit.list({ action: 'dedup.decide' });
    expect(audit.items[0]).toMatchObject({ personUin: enrolled.uin, details: expect.objectContaining({ decision: 'distinct', reason: 'jumelles / twins' }) });
  });

  it('identifies and verifies, audited, storing no image', async () => {
    const filesBefore = countFiles(join(folder, 'images'));
    const found = await registry.biometrics.identify({ fingers: fvcImages('db2', 4, FINGERS) }, actor);
    expect(found.candidates[0]?.uin).toBe(other.uin);
    expect(found.candidates[0]!.score).toBeGreaterThanOrEqual(found.threshold);
    const yes = await registry.biometrics.verify({ uin: first.uin!, fingers: fvcImages('db1', 5, [1, 2]) }, actor);
    expect(yes.match).toBe(true);
    const no = await registry.biometrics.verify({ uin: other.uin!, fingers: fvcImages('db1', 5, [1, 2]) }, actor);
    expect(no.match).toBe(false);
    expect(no.score).toBeLessThan(no.threshold);
    expect(countFiles(join(folder, 'images'))).toBe(filesBefore);
    const audit = await registry.audit.list({ action: 'biometric.*' });
    expect(audit.items.map((e) => e.action).sort()).toEqual(['biometric.identify', 'biometric.verify', 'biometric.verify']);
    const badUin = await refusal(registry.biometrics.verify({ uin: '12345678901', fingers: fvcImages('db1', 5, [1]) }, actor));
    expect(badUin.code).toBe('INVALID_UIN');
  });

  it('lets only one of two concurrent enrollments of one person through', async () => {
    // Fingers 5–8 of the db1 person: enrolled by nobody yet.
    const [a, b] = await Promise.all([
      registry.biometrics.enroll({ person: applicant('Keïta', 'Mariam'), fingers: fvcTemplates('db1', 6, [5, 6, 7, 8]) }, actor),
      registry.biometrics.enroll({ person: applicant('Keita', 'Mariam'), fingers: fvcTemplates('db1', 7, [5, 6, 7, 8]) }, actor),
    ]);
    expect([a.status, b.status]).toEqual(['enrolled', 'pending-adjudication']);
    const view = await registry.biometrics.getCase(b.caseId!, supervisor);
    expect(view.candidates.map((c) => c.uin)).toEqual([a.uin]);
  });

  it('keeps a WSQ image exactly as received', async () => {
    const decoded = await decodeImage(readFileSync(join(fvc.db2!, '109_1.tif')));
    const wsq = await encodeGreyImage({ ...decoded, ppi: 569 }, 'wsq');
    const enrolled = await registry.biometrics.enroll({ person: applicant('Sissoko', 'Adama'), fingers: [{ position: 9, data: Buffer.from(wsq).toString('base64') }] }, actor);
    expect(enrolled.fingers[0]!.outcome).toBe('accepted');
    const stored = await registry.biometrics.readImage(createHash('sha256').update(wsq).digest('hex'), supervisor);
    expect(Buffer.from(stored.bytes).equals(Buffer.from(wsq))).toBe(true);
  });

  it('refuses bad input finger by finger and writes nothing', async () => {
    const before = await countRows(registry);
    const files = countFiles(join(folder, 'images'));
    const outcomes = async (fingers: Parameters<Registry['biometrics']['enroll']>[0]['fingers']): Promise<FingerOutcome[]> => {
      const error = await refusal(registry.biometrics.enroll({ person: applicant('Diarra', 'Fatoumata'), fingers }, actor));
      expect([error.status, error.code]).toEqual([422, 'FINGERS_NOT_ACCEPTED']);
      return (error.details as { fingers: FingerOutcome[] }).fingers;
    };

    const unreadable = await outcomes([...fvcImages('db1', 6, [1]), { position: 2, data: Buffer.from('not an image at all').toString('base64') }]);
    expect(unreadable.map((f) => f.outcome)).toEqual(['accepted', 'refused']);
    expect(unreadable[1]!.problems[0]!.code).toBe('UNREADABLE_IMAGE');
    expect(unreadable[1]!.problems[0]!.message).toContain(' / ');

    const empty = templateToIso19794_2(createTemplate({ width: 400, height: 400, minutiae: [] }));
    const zero = await outcomes([{ position: 3, format: 'iso19794-2', data: Buffer.from(empty).toString('base64') }]);
    expect(zero[0]).toMatchObject({ outcome: 'refused', minutiae: 0, problems: [expect.objectContaining({ code: 'NO_MINUTIAE' })] });

    const blankPng = Buffer.from(await encodePng({ width: 400, height: 400, pixels: new Uint8Array(400 * 400).fill(255), ppi: 500 })).toString('base64');
    const blanks = await outcomes(Array.from({ length: 10 }, (_, i) => ({ position: i + 1, data: blankPng })));
    expect(blanks).toHaveLength(10);
    expect(blanks.every((f) => f.outcome === 'refused' && f.problems.some((p) => p.code === 'NOT_A_FINGERPRINT'))).toBe(true);

    const wrongFormat = await outcomes(fvcTemplates('db1', 1, [1]).map((f) => ({ ...f, format: 'ansi378' as const })));
    expect(wrongFormat[0]!.problems[0]!.code).toBe('FORMAT_MISMATCH');

    const twice = await refusal(registry.biometrics.enroll({ person: applicant('Diarra', 'Fatoumata'), fingers: [...fvcImages('db1', 6, [1]), ...fvcImages('db1', 7, [1])] }, actor));
    expect([twice.status, twice.code, twice.field]).toEqual([400, 'VALIDATION', 'fingers[1].position']);
    const both = await refusal(
      registry.biometrics.enroll({ person: applicant('Diarra', 'Fatoumata'), fingers: fvcImages('db1', 6, [1]), missingFingers: [{ position: 1, reason: 'amputated' }] }, actor),
    );
    expect([both.status, both.code, both.field]).toEqual([400, 'VALIDATION', 'missingFingers[0].position']);
    await expect(registry.biometrics.enroll({ person: applicant('Diarra', 'Fatoumata'), fingers: [{ position: 11, data: blankPng }] }, actor)).rejects.toThrow();

    expect(await countRows(registry)).toEqual(before);
    expect(countFiles(join(folder, 'images'))).toBe(files);
  });
});
