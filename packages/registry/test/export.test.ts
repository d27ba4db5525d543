import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ansiNistFieldText, findAnsiNistField, parseAnsiNist, type AnsiNistTaggedRecord } from '@kura/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_TYPE2_FIELDS as F,
  ExportError,
  FileImageStore,
  generatePopulation,
  loadOrCreateSigningKey,
  openRegistry,
  verifyExport,
  type ExportResult,
  type Registry,
  type SigningKey,
} from '../src/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';
import { syntheticHand } from '../../../test-support/fingers.js';

const actor = { operatorId: null, username: 'export-test' };
let database: TestDatabase;
let registry: Registry;
let folder: string;
let key: SigningKey;
let images: FileImageStore;
const enrolledUins: string[] = [];
let first: ExportResult;
let second: ExportResult;

const at = (...parts: string[]) => join(folder, ...parts);
const files = (dir: string): string[] => (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
  .sort();

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-export-'));
  database = await createTestDatabase();
  registry = await openRegistry({ ...database.config, imageDir: at('images'), galleryDir: at('gallery'), extractionWorkers: 1, galleryWorkers: 1 });
  images = new FileImageStore(at('images'));
  key = loadOrCreateSigningKey(at('data'), {});
  // People with the register's edge cases: partial birth dates, a NINA, commas and quotes in names, a change of name.
  const people = generatePopulation(12, 7);
  people[0] = { ...people[0]!, birthDate: '1950' };
  people[1] = { ...people[1]!, birthDate: '1961-04', familyNames: 'Diarra, dit "Le Grand"' };
  await registry.people.createMany(people, actor, 'Test export');
  const someone = await registry.people.search({ name: people[2]!.familyNames, pageSize: 1 }, actor);
  await registry.people.update(someone.items[0]!.uin, { givenNames: 'Ténin Rokia' }, 'Correction d’orthographe / spelling fix', actor);
  // Two enrolled people with WSQ fingerprints (stored as received), one with a missing finger.
  for (const [n, positions] of [[301, [1, 2]], [302, [2, 7]]] as const) {
    const enrollment = await registry.biometrics.enroll(
      {
        person: { familyNames: `Keïta${n}`, givenNames: 'Awa', sex: 'F', birthDate: '1990-03-04', birthPlaceCode: '1101' },
        fingers: await syntheticHand(n, 1, positions, 'wsq'),
        missingFingers: n === 302 ? [{ position: 6, reason: 'bandaged' }] : [],
      },
      actor,
    );
    expect(enrollment.status).toBe('enrolled');
    enrolledUins.push(enrollment.uin!);
  }
  first = await registry.exports.run({ out: at('export-1'), key, now: () => new Date('2026-01-02T03:04:05Z') }, actor);
  second = await registry.exports.run({ out: at('export-2'), key }, actor);
}, 180_000);

afterAll(async () => {
  await registry?.close();
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const type2Text = (record: AnsiNistTaggedRecord, field: number) => ansiNistFieldText(record, field);

describe(`kura export (${testDatabaseKind})`, () => {
  it('writes every file: one transaction per person, the CSVs, the public key, a signed manifest', () => {
    const people = 14;
    expect(first.counts).toMatchObject({ people, transactions: people, enrollments: 2, images: 4, fingers: 4, missingFingers: 1, versions: people + 1, faces: 0 });
    const listed = files(first.out);
    for (const name of ['people.csv', 'identifiers.csv', 'history.csv', 'enrollments.csv', 'fingers.csv', 'faces.csv', 'manifest.json', 'manifest.sig', 'signing-key.pub.pem']) expect(listed).toContain(name);
    expect(listed.filter((f) => f.startsWith('persons/') && f.endsWith('.an2'))).toHaveLength(people);
    expect(listed).toHaveLength(people + 9);
    expect(existsSync(`${first.out}.partial`)).toBe(false);
    const manifest = JSON.parse(readFileSync(join(first.out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'kura-register-export', formatVersion: 3, exportedAt: '2026-01-02T03:04:05.000Z', exportedBy: 'export-test' });
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(listed.filter((f) => !f.startsWith('manifest.')));
    const people_csv = readFileSync(join(first.out, 'people.csv'), 'utf8');
    expect(people_csv.split('\r\n')[0]).toBe('uin,nina,status,merged_into_uin,family_names,given_names,sex,birth_date,birth_place_code,father_name,mother_name,nationality,residence_commune_code,version,created_at,updated_at');
    expect(people_csv).toContain('"Diarra, dit ""Le Grand"""');
    expect(people_csv).toMatch(/,1961-04,/);
    expect(people_csv.split('\r\n').filter(Boolean)).toHaveLength(people + 1);
    const uins = people_csv.split('\r\n').slice(1).filter(Boolean).map((l) => l.slice(0, 11));
    expect(uins).toEqual([...uins].sort());
    const history = readFileSync(join(first.out, 'history.csv'), 'utf8');
    expect(history).toContain('Correction d’orthographe / spelling fix');
    expect(readFileSync(join(first.out, 'fingers.csv'), 'utf8')).toMatch(/,6,missing,bandaged,/);
  });

  it('writes transactions that parse back with the right person and the stored WSQ bytes, unchanged', async () => {
    for (const uin of enrolledUins) {
      const transaction = parseAnsiNist(readFileSync(join(first.out, 'persons', `${uin}.an2`)));
      const [type1, type2, ...rest] = transaction.records as AnsiNistTaggedRecord[];
      expect(type2Text(type1!, 2)).toBe('0500');
      expect(type2!.type).toBe(2);
      expect(type2Text(type2!, F.uin)).toBe(uin);
      expect(type2Text(type2!, F.familyNames)).toMatch(/^Keïta30[12]$/);
      expect(type2Text(type2!, F.birthDate)).toBe('1990-03-04');
      expect(rest.map((r) => r.type)).toEqual([14, 14]);
      const listed = (findAnsiNistField(type2!, F.images) as { subfields: string[][] }).subfields;
      for (const [i, record] of rest.entries()) {
        const [idc, , position, sha256] = listed[i]!;
        expect(type2Text(record, 2)).toBe(idc);
        expect(type2Text(record, 13)).toBe(position);
        expect(type2Text(record, 11)).toBe('WSQ20');
        const data = findAnsiNistField(record, 999) as { data: Uint8Array };
        const stored = await images.get(sha256!);
        expect(stored).toBeDefined();
        expect(Buffer.compare(Buffer.from(data.data), Buffer.from(stored!))).toBe(0);
      }
    }
  });

  it('gives byte-identical CSVs and transactions when the register has not changed', () => {
    const a = files(first.out).filter((f) => !f.startsWith('manifest.'));
    expect(files(second.out).filter((f) => !f.startsWith('manifest.'))).toEqual(a);
    for (const f of a) expect(readFileSync(join(second.out, f)).equals(readFileSync(join(first.out, f))), f).toBe(true);
  });

  it('records each export in the audit log', async () => {
    const { items } = await registry.audit.list({ action: 'register.export' });
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({ operatorUsername: 'export-test', details: { counts: { people: 14 }, manifestSha256: first.manifestSha256, publicKeyFingerprint: key.fingerprint } });
  });

  it('keeps the signing key private (0600) and reuses it', () => {
    expect(statSync(key.path).mode & 0o777).toBe(0o600);
    expect(key.created).toBe(true);
    const again = loadOrCreateSigningKey(at('data'), {});
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(key.fingerprint);
  });

  it('refuses to overwrite a folder, and changes nothing', async () => {
    const before = readFileSync(join(first.out, 'manifest.json'));
    await expect(registry.exports.run({ out: first.out, key }, actor)).rejects.toBeInstanceOf(ExportError);
    expect(readFileSync(join(first.out, 'manifest.json')).equals(before)).toBe(true);
  });
});

describe('kura export verify', () => {
  it('passes an untouched export, with its own key and with the deployment key', async () => {
    const own = await verifyExport(first.out);
    expect(own).toMatchObject({ ok: true, signatureValid: true, keySource: 'export', problems: [], filesChecked: 14 + 7 });
    const given = await verifyExport(first.out, { publicKeyPem: key.publicKeyPem });
    expect(given).toMatchObject({ ok: true, keySource: 'given', publicKeyFingerprint: key.fingerprint });
  });

  it('finds a changed byte, a missing file and an added file, one problem each', async () => {
    const uin = enrolledUins[0]!;
    const transaction = join(second.out, 'persons', `${uin}.an2`);
    const bytes = readFileSync(transaction);
    const at100 = bytes.length - 100;
    bytes[at100] = bytes[at100]! ^ 0x01; // inside the last WSQ image
    writeFileSync(transaction, bytes);
    unlinkSync(join(second.out, 'history.csv'));
    writeFileSync(join(second.out, 'persons', 'extra.an2'), 'x');
    const result = await verifyExport(second.out);
    expect(result.ok).toBe(false);
    expect(result.signatureValid).toBe(true);
    expect(result.problems.map((p) => `${p.kind} ${'path' in p ? p.path : ''}`).sort()).toEqual([`added persons/extra.an2`, `changed persons/${uin}.an2`, 'missing history.csv']);
  });

  it('refuses a signature by another key, and a manifest edited after signing', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const byOther = await verifyExport(first.out, { publicKeyPem: other });
    expect(byOther).toMatchObject({ ok: false, signatureValid: false });
    expect(byOther.problems[0]!.kind).toBe('signature');
    // Edit the manifest to hide a change: the signature no longer matches.
    const dir = at('export-3');
    await registry.exports.run({ out: dir, key }, actor);
    const manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('"people": 14', '"people": 15'));
    const edited = await verifyExport(dir);
    expect(edited).toMatchObject({ ok: false, signatureValid: false });
    expect(createPublicKey(readFileSync(join(dir, 'signing-key.pub.pem'))).asymmetricKeyType).toBe('ed25519');
  });

  it('says clearly when a folder is not an export', async () => {
    await expect(verifyExport(at('images'))).rejects.toMatchObject({ code: 'NOT_AN_EXPORT' });
  });
});
