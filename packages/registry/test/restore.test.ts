import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTemplate, renderImpression, createMasterFingerprint, templateToIso19794_2 } from '@kura/biometrics';
import { generatePopulation, loadOrCreateSigningKey, openRegistry, RestoreError, type ExportResult, type Registry, type SigningKey } from '../src/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';
import { fingerSeed, syntheticFinger, syntheticHand } from '../../../test-support/fingers.js';
import { countRows } from './enrollment.fixtures.js';
import { parseAnsiNist, type AnsiNistTaggedRecord } from '@kura/formats';
import { FaceImageRepository } from '../src/images/face-image.repository.js';
import { FileImageStore } from '../src/images/file-image-store.js';
import { manifestBytes, signManifest, type ExportManifest } from '../src/export/export-manifest.js';

/**
 * Round trip of issue 8 (acceptance 3): a register built through the real services, exported,
 * restored into an empty register, exported again — the CSVs, transactions, template files and
 * images come back byte for byte, and the restored gallery answers searches.
 */

const actor = { operatorId: null, username: 'restore-test' };
const supervisor = { operatorId: null, username: 'superviseur-test' };
let folder: string;
let key: SigningKey;
const opened: Array<{ registry: Registry; database: TestDatabase }> = [];
let source: Registry;
let original: ExportResult;
const uins = { merged: '', wsq: '', png: '', template: '', mixed: '' };
/** Face images planted in the source register, by owner: the register keeps their bytes whatever they hold. */
const faceBytes = {
  ownPng: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000400000005008000000', 'hex'), Buffer.from('png face of the person')]),
  ownJpeg: Buffer.concat([Buffer.from('ffd8ffc0000b080050004001012200', 'hex'), Buffer.from('jpeg face'), Buffer.from('ffd9', 'hex')]),
  enrolled: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000600000007808000000', 'hex'), Buffer.from('face taken at enrollment')]),
  merged: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000600000007808000000', 'hex'), Buffer.from('face of the duplicate enrollment')]),
};

/** The Type-10 records of a person's transaction in an export. */
const faceRecordsOf = (dir: string, uin: string): AnsiNistTaggedRecord[] =>
  parseAnsiNist(readFileSync(join(dir, 'persons', `${uin}.an2`))).records.filter((r): r is AnsiNistTaggedRecord => r.kind === 'tagged' && r.type === 10);
const imageOf = (record: AnsiNistTaggedRecord): Buffer => {
  const data = record.fields.find((f) => f.number === 999);
  return data?.kind === 'binary' ? Buffer.from(data.data) : Buffer.alloc(0);
};

const at = (...parts: string[]) => join(folder, ...parts);

async function emptyRegistry(name: string): Promise<Registry> {
  const database = await createTestDatabase();
  const registry = await openRegistry({ ...database.config, imageDir: at(name, 'images'), galleryDir: at(name, 'gallery'), extractionWorkers: 2, galleryWorkers: 1 });
  opened.push({ registry, database });
  return registry;
}

/** Every file of an export but the manifest and its signature (which hold the export time), with its bytes. */
function exportFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name).slice(dir.length + 1);
    if (path !== 'manifest.json' && path !== 'manifest.sig') out.set(path, readFileSync(join(e.parentPath, e.name)));
  }
  return out;
}

function expectSameExport(a: string, b: string): void {
  const left = exportFiles(a);
  const right = exportFiles(b);
  expect([...right.keys()].sort()).toEqual([...left.keys()].sort());
  for (const [path, bytes] of left) expect(bytes.equals(right.get(path)!), path).toBe(true);
  const counts = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).counts;
  expect(counts(b)).toEqual(counts(a));
}

/** An ISO/IEC 19794-2 template of a synthetic finger, as `kura synth population --into` sends them. */
function isoTemplate(person: number, position: number, impression: number) {
  const template = extractTemplate(renderImpression(createMasterFingerprint(fingerSeed(person, position)), impression)).template;
  return { position, format: 'iso19794-2' as const, data: Buffer.from(templateToIso19794_2(template, { fingerPosition: position })).toString('base64') };
}

const enroll = async (registry: Registry, n: number, fingers: Awaited<ReturnType<typeof syntheticHand>>, missingFingers: Array<{ position: number; reason: 'amputated' | 'bandaged' | 'unusable' }> = [], familyNames = `Traoré${n}`) =>
  registry.biometrics.enroll({ person: { familyNames, givenNames: 'Mariam', sex: 'F', birthDate: '1985-06-07', birthPlaceCode: '1101' }, fingers, missingFingers }, actor);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-restore-'));
  key = loadOrCreateSigningKey(at('keys'), {});
  source = await emptyRegistry('source');
  // People with and without NINA, partial dates, a name with a comma and quotes.
  const people = generatePopulation(10, 11);
  people[0] = { ...people[0]!, birthDate: '1950', nina: undefined };
  people[1] = { ...people[1]!, familyNames: 'Diarra, dit "Le Grand"' };
  const created = await source.people.createMany(people, actor, 'Test restore');
  expect(created.some((p) => p.nina !== null) && created.some((p) => p.nina === null)).toBe(true);
  // An update (2 versions), a deceased and a suspended record.
  await source.people.update(created[2]!.uin, { givenNames: 'Ténin Rokia' }, 'Correction d’orthographe / spelling fix', actor);
  await source.people.update(created[3]!.uin, { status: 'deceased' }, 'Décès déclaré / death registered', actor);
  await source.people.update(created[4]!.uin, { status: 'suspended' }, 'Fraude suspectée / suspected fraud', actor);
  // A record merged into another (no service merges records yet: set as a legacy register would hold it),
  // into a later UIN so the restore must wait for its target.
  const [merged, survivor] = [...created].sort((a, b) => (a.uin < b.uin ? -1 : 1)).slice(0, 2).map((p) => p.uin) as [string, string];
  const { db } = source.database;
  const survivorId = (await db.selectFrom('person').select('id').where('uin', '=', survivor).executeTakeFirstOrThrow()).id;
  await sql`update person set status = 'merged', merged_into = ${survivorId} where uin = ${merged}`.execute(db);
  uins.merged = merged;

  // Enrollments: WSQ images with a missing finger; a PNG image (kept as WSQ); template-only fingers; a mix.
  uins.wsq = (await enroll(source, 401, await syntheticHand(401, 1, [1, 2], 'wsq'), [{ position: 6, reason: 'bandaged' }])).uin!;
  uins.png = (await enroll(source, 402, await syntheticHand(402, 1, [3], 'png'))).uin!;
  uins.template = (await enroll(source, 403, [isoTemplate(403, 4, 1), isoTemplate(403, 5, 1)], [{ position: 1, reason: 'amputated' }])).uin!;
  uins.mixed = (await enroll(source, 404, [await syntheticFinger(404, 7, 1, 'wsq'), isoTemplate(404, 8, 1)])).uin!;
  // A duplicate: the same fingers again under another name → a case, decided "duplicate" → a merged enrollment.
  const again = await enroll(source, 401, await syntheticHand(401, 2, [1, 2], 'wsq'), [], 'Traore401');
  expect(again.status).toBe('pending-adjudication');
  await source.biometrics.decideCase(again.caseId!, { decision: 'duplicate', duplicateOfUin: uins.wsq, reason: 'même personne / same person' }, supervisor);

  // Faces (as a legacy import keeps them): two of a person's own, one with an enrollment, one with the duplicate enrollment merged into it.
  const faceStore = new FileImageStore(at('source', 'images'));
  for (const bytes of Object.values(faceBytes)) await faceStore.put(bytes);
  const pngPerson = (await db.selectFrom('person').select('id').where('uin', '=', uins.png).executeTakeFirstOrThrow()).id;
  const wsqPerson = (await db.selectFrom('person').select('id').where('uin', '=', uins.wsq).executeTakeFirstOrThrow()).id;
  const [enrolled, duplicate] = (await db.selectFrom('enrollment').select('id').where('person_id', '=', wsqPerson).orderBy('id').execute()).map((e) => String(e.id));
  const face = (bytes: Buffer, compression: 'PNG' | 'JPEGB', width: number, height: number, capturedOn: string | null) => ({
    bytes,
    mediaType: compression === 'PNG' ? ('image/png' as const) : ('image/jpeg' as const),
    compression,
    width,
    height,
    colorSpace: 'GRAY' as const,
    capturedOn,
  });
  await db.transaction().execute((trx) =>
    new FaceImageRepository().insert(trx, [
      { owner: { personId: pngPerson }, face: face(faceBytes.ownPng, 'PNG', 64, 80, '20190312'), source: 'import' },
      { owner: { personId: pngPerson }, face: { ...face(faceBytes.ownJpeg, 'JPEGB', 64, 80, null), colorSpace: null, width: null }, source: 'import' },
      { owner: { enrollmentId: enrolled! }, face: face(faceBytes.enrolled, 'PNG', 96, 120, '20200101'), source: 'import' },
      { owner: { enrollmentId: duplicate! }, face: face(faceBytes.merged, 'PNG', 96, 120, '20210101'), source: 'import' },
    ]),
  );
  original = await source.exports.run({ out: at('export-original'), key }, actor);
}, 1_200_000);

afterAll(async () => {
  for (const { registry, database } of opened) {
    await registry.close();
    await database.drop();
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe(`restore of a Kura export (${testDatabaseKind})`, () => {
  it('exports template-only fingers as ISO/IEC 19794-2 template files listed in fingers.csv', () => {
    expect(original.counts).toMatchObject({ people: 14, versions: 18, enrollments: 5, fingers: 9, images: 6, templates: 3, missingFingers: 2 });
    const fingers = readFileSync(join(original.out, 'fingers.csv'), 'utf8');
    expect(fingers.split('\r\n')[0]).toMatch(/,record_idc,template_file$/);
    expect(fingers).toContain(`,templates/${uins.template}-1-4.fmr\r\n`);
    const record = readFileSync(join(original.out, 'templates', `${uins.template}-1-4.fmr`));
    expect(record.subarray(0, 4).toString('latin1')).toBe('FMR\0');
  });

  it('exports every face as a Type-10 record holding the stored bytes, with its enrollment in faces.csv', () => {
    expect(original.counts.faces).toBe(4);
    const own = faceRecordsOf(original.out, uins.png);
    expect(own.map(imageOf)).toEqual([faceBytes.ownPng, faceBytes.ownJpeg]);
    const text = (r: AnsiNistTaggedRecord, n: number) => (r.fields.find((f) => f.number === n) as { subfields: string[][] } | undefined)?.subfields[0]?.[0];
    // IDC after the person's one Type-14 record, IMT FACE, the capture date as received, the size, CGA, CSP (UNK when unknown), SAP 1.
    expect([2, 3, 5, 6, 7, 8, 11, 12, 13].map((n) => text(own[0]!, n))).toEqual(['2', 'FACE', '20190312', '64', '80', '0', 'PNG', 'GRAY', '1']);
    expect([2, 6, 11, 12].map((n) => text(own[1]!, n))).toEqual(['3', '0', 'JPEGB', 'UNK']);
    expect(text(own[1]!, 5)).toMatch(/^\d{8}$/);
    const enrolled = faceRecordsOf(original.out, uins.wsq);
    expect(enrolled.map(imageOf)).toEqual([faceBytes.enrolled, faceBytes.merged]);
    // Four Type-14 records (two enrollments of two fingers) come first: the faces have IDC 5 and 6.
    expect(enrolled.map((r) => text(r, 2))).toEqual(['5', '6']);
    const faces = readFileSync(join(original.out, 'faces.csv'), 'utf8').split('\r\n').filter(Boolean);
    expect(faces).toHaveLength(5);
    expect(faces.filter((l) => l.startsWith(`${uins.wsq},`)).map((l) => l.split(',').slice(1, 3))).toEqual([['1', '1'], ['2', '2']]);
    expect(faces.filter((l) => l.startsWith(`${uins.png},`)).map((l) => l.split(',').slice(1, 3))).toEqual([['1', ''], ['2', '']]);
  });

  it('gives back the same register: identical CSVs, transactions, template files and image bytes', async () => {
    const target = await emptyRegistry('target');
    const result = await target.restores.restoreExport(original.out, { pageSize: 4, publicKeyPem: key.publicKeyPem }, actor);
    expect(result).toMatchObject({ resumed: false, skipped: 0, counts: { people: 14, versions: 18, enrollments: 5, fingers: 9, images: 6, templates: 3, missingFingers: 2 } });
    // The PNG finger's kept image is a WSQ re-encoding: its re-extracted template may differ; the capture's values are kept.
    expect(result.counts.reextractionDiffers).toBeLessThanOrEqual(1);
    expect(result.counts.faces).toBe(4);
    const again = await target.exports.run({ out: at('export-restored'), key }, actor);
    expectSameExport(original.out, again.out);
    // Nothing new in the history, one audit entry for the run.
    const person = await target.people.history(uins.wsq, actor);
    expect(person.map((v) => v.version)).toEqual([1, 2]);
    const { items } = await target.audit.list({ action: 'register.restore' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ operatorUsername: 'restore-test', details: { manifestSha256: result.manifestSha256, counts: { people: 14 } } });
    const merged = await target.people.getByUin(uins.merged, actor);
    expect(merged.status).toBe('merged');

    // The restored gallery holds every finger: an image finger and a template-only finger are found.
    const byImage = await target.biometrics.identify({ fingers: [await syntheticFinger(401, 1, 3, 'wsq')] }, actor);
    expect(byImage.candidates[0]?.uin).toBe(uins.wsq);
    const byTemplate = await target.biometrics.identify({ fingers: [isoTemplate(403, 4, 1)] }, actor);
    expect(byTemplate.candidates[0]?.uin).toBe(uins.template);
    const verified = await target.biometrics.verify({ uin: uins.mixed, fingers: [await syntheticFinger(404, 7, 2, 'wsq')] }, actor);
    expect(verified.match).toBe(true);

    // The same export again: everything is there already, nothing is written twice.
    const rerun = await target.restores.restoreExport(original.out, {}, actor);
    expect(rerun).toMatchObject({ resumed: true, skipped: 14, counts: { people: 0, fingers: 0 } });
  }, 300_000);

  it('still restores a format 2 export (no faces.csv), without faces', async () => {
    const older = at('export-format-2');
    cpSync(original.out, older, { recursive: true });
    rmSync(join(older, 'faces.csv'));
    const manifest = JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8')) as ExportManifest;
    const downgraded = manifestBytes({ ...manifest, formatVersion: 2, counts: { ...manifest.counts, faces: 0 }, files: manifest.files.filter((f) => f.path !== 'faces.csv') });
    writeFileSync(join(older, 'manifest.json'), downgraded);
    writeFileSync(join(older, 'manifest.sig'), signManifest(downgraded, key.privateKey));
    const target = await emptyRegistry('format-2');
    const result = await target.restores.restoreExport(older, { publicKeyPem: key.publicKeyPem }, actor);
    expect(result.counts).toMatchObject({ people: 14, fingers: 9, faces: 0 });
    const faces = await sql<{ n: string }>`select count(*) as n from face_image`.execute(target.database.db);
    expect(Number(faces.rows[0]!.n)).toBe(0);
  }, 300_000);

  it('refuses a register that is not empty, and writes nothing', async () => {
    const before = await countRows(source);
    const error = await source.restores.restoreExport(original.out, {}, actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect(error).toMatchObject({ code: 'REGISTER_NOT_EMPTY' });
    expect((error as Error).message).toMatch(/n'est pas vide .* not empty/);
    expect(await countRows(source)).toEqual(before);
    expect((await source.audit.list({ action: 'register.restore' })).items).toHaveLength(0);
  });

  it('refuses a damaged export with the verification report, and writes nothing', async () => {
    const damaged = at('export-damaged');
    cpSync(original.out, damaged, { recursive: true });
    const transaction = join(damaged, 'persons', `${uins.wsq}.an2`);
    const bytes = readFileSync(transaction);
    bytes[bytes.length - 50] = bytes[bytes.length - 50]! ^ 0x01;
    writeFileSync(transaction, bytes);
    writeFileSync(join(damaged, 'templates', 'extra.fmr'), 'x');
    const target = await emptyRegistry('damaged');
    const error = (await target.restores.restoreExport(damaged, {}, actor).catch((e: unknown) => e)) as RestoreError;
    expect(error).toMatchObject({ code: 'EXPORT_DAMAGED' });
    expect(error.verification?.problems.map((p) => `${p.kind} ${'path' in p ? p.path : ''}`).sort()).toEqual(['added templates/extra.fmr', `changed persons/${uins.wsq}.an2`]);
    expect(Object.values(await countRows(target)).every((n) => n === 0)).toBe(true);
    // Signed by another key than the deployment's: refused too.
    const other = loadOrCreateSigningKey(at('other-keys'), {});
    await expect(target.restores.restoreExport(original.out, { publicKeyPem: other.publicKeyPem }, actor)).rejects.toMatchObject({ code: 'EXPORT_DAMAGED' });
    expect(Object.values(await countRows(target)).every((n) => n === 0)).toBe(true);
  });

  it('resumes an interrupted restore to the same result, and refuses another export meanwhile', async () => {
    const target = await emptyRegistry('interrupted');
    const crash = new Error('injected failure after the first page');
    await expect(
      target.restores.restoreExport(original.out, { pageSize: 4, afterPage: (page) => { if (page === 1) throw crash; } }, actor),
    ).rejects.toBe(crash);
    const partly = await countRows(target);
    // The first page's records (the merged one waits for its target, which may come later).
    expect(partly.person).toBeGreaterThanOrEqual(3);
    expect(partly.person).toBeLessThanOrEqual(4);
    // Another export (the same register exported again: another manifest) cannot be mixed into it.
    const other = await source.exports.run({ out: at('export-other'), key }, actor);
    await expect(target.restores.restoreExport(other.out, {}, actor)).rejects.toMatchObject({ code: 'OTHER_EXPORT_IN_PROGRESS' });
    expect(await countRows(target)).toEqual(partly);
    const resumed = await target.restores.restoreExport(original.out, { pageSize: 4 }, actor);
    expect(resumed).toMatchObject({ resumed: true, skipped: partly.person });
    expect(resumed.counts.people).toBe(14 - partly.person!);
    const again = await target.exports.run({ out: at('export-resumed'), key }, actor);
    expectSameExport(original.out, again.out);
  }, 300_000);
});
