import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, encodePng, type DecodedImage } from '@kura/images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, openRegistry, type FingerInput, type Registry } from '../src/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { actor, applicant, countRows, fvc, fvcImages } from './enrollment.fixtures.js';

/**
 * Enrollment in two steps (what a migration uses to extract the next records while one commits):
 * `prepareEnrollment` writes nothing and gives what `enroll` would have computed, with or without
 * images the caller already decoded; `enrollPrepared` commits it as `enroll` does.
 */

const FINGERS = [1, 2, 3];
let database: TestDatabase;
let registry: Registry;
let folder: string;

const haveFvc = Boolean(fvc.db1);
if (!haveFvc) console.warn(sharedDataMissingMessage);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-enroll-prepared-'));
  database = await createTestDatabase();
  registry = await openRegistry({ ...database.config, imageDir: join(folder, 'images'), galleryDir: join(folder, 'gallery'), extractionWorkers: 2, galleryWorkers: 1 });
});
afterAll(async () => {
  await registry?.close();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function decodedByPosition(fingers: FingerInput[]): Promise<Map<number, DecodedImage>> {
  const out = new Map<number, DecodedImage>();
  for (const f of fingers) out.set(f.position, await decodeImage(Buffer.from(f.data, 'base64')));
  return out;
}

describe.skipIf(!haveFvc)(`enrollment prepared ahead, committed later (${testDatabaseKind})`, () => {
  it('prepares without writing, the same templates whether the images come decoded or not, then commits in order', async () => {
    const before = await countRows(registry);
    const fingers = fvcImages('db1', 1, FINGERS);
    const plain = await registry.biometrics.prepareEnrollment({ person: applicant('Diarra', 'Fatoumata'), fingers });
    const predecoded = await registry.biometrics.prepareEnrollment({ person: applicant('Diarra', 'Fatoumata'), fingers }, await decodedByPosition(fingers));
    expect(await countRows(registry)).toEqual(before);
    expect(predecoded.outcomes).toEqual(plain.outcomes);
    expect(predecoded.fingers.map((f) => Buffer.from(f.row.template).toString('hex'))).toEqual(plain.fingers.map((f) => Buffer.from(f.row.template).toString('hex')));
    expect(predecoded.fingers.map((f) => f.kept?.bytes)).toEqual(plain.fingers.map((f) => f.kept?.bytes));

    const first = await registry.biometrics.enrollPrepared(predecoded, actor);
    expect(first).toMatchObject({ status: 'enrolled', caseId: null });
    // The second impressions of the same fingers, prepared before the first commit was searched: still a case.
    const again = await registry.biometrics.prepareEnrollment({ person: applicant('Diara', 'Fatoumata'), fingers: fvcImages('db1', 2, FINGERS) });
    const second = await registry.biometrics.enrollPrepared(again, actor);
    expect(second.status).toBe('pending-adjudication');
    expect(second.caseId).not.toBeNull();
  });

  it('refuses at preparation what enroll refuses, and writes nothing', async () => {
    const before = await countRows(registry);
    const blank = { position: 4, format: 'image' as const, data: Buffer.from(await blankPng()).toString('base64') };
    const fingers = [...fvcImages('db1', 3, [1]), blank];
    const error = await registry.biometrics.prepareEnrollment({ person: applicant('Keita', 'Sidi'), fingers }, await decodedByPosition(fingers)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('FINGERS_NOT_ACCEPTED');
    const outcomes = (error as DomainError).details?.fingers as Array<{ position: number; outcome: string }>;
    expect(outcomes.find((f) => f.position === 4)?.outcome).toBe('refused');
    expect(await countRows(registry)).toEqual(before);
  });
});

/** A white 400 × 400 image: decodes, but holds no fingerprint. */
async function blankPng(): Promise<Uint8Array> {
  return encodePng({ width: 400, height: 400, pixels: new Uint8Array(400 * 400).fill(255), ppi: 500 });
}
