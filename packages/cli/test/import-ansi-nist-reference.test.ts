import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnsiNistImage, type AnsiNistTaggedRecord, type AnsiNistTextField, ansiNistFieldNumber, ansiNistRecordImage, parseAnsiNist, writeAnsiNist } from '@kura/formats';
import { decodeImage } from '@kura/images';
import { type ImportLedgerEntry, openRegistry, type Registry } from '@kura/registry';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test-support/database.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { cliActor } from '../src/config.js';
import { DEFAULT_MAPPING_FILE } from '../src/commands/import-default-mapping.js';
import { runImport } from '../src/commands/import-run-migrate.js';
import type { ImportReport } from '../src/commands/import-run-report.js';

/**
 * Acceptance 5 of issue 8 on NIST's ANSI/NIST-ITL reference files, with the built-in default
 * mapping: every file as given (placeholder Type-2, no person → NO_PERSON), then every file with
 * EBTS person fields written into its Type-2 (what a real tenprint carries): the fingers 1–10 are
 * enrolled, slaps/palms/latents counted and left, files without a usable finger rejected with why.
 */

const dir = sharedData('formats', 'ansi-nist');

type WithPerson =
  | { outcome: 'imported'; fingers: number[]; images: 'as-stored' | 'bare-pixels' }
  | { outcome: 'case'; duplicateOf: string }
  | { outcome: 'rejected'; reason: string };

interface Expected {
  /** Records not used: Type-9/13/15 and Type-3/5/6 (the mapping's ignoredRecords), finger images outside 1–10, plain twins of rolled fingers. */
  ignored: number;
  faces: number;
  withPerson: WithPerson;
}

const noFinger: WithPerson = { outcome: 'rejected', reason: 'NO_FINGERPRINTS' };
const tenRolled = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** The key (1.009 TCN) of the first transaction holding each set of fingers. */
const TENPRINT_CARD = 'jck t4 tenprint card';
const LATENT_MATCH = 'jck latent match';

/** Read from the files (kura import inspect, the records' FGP and IMP): what each one holds and becomes. */
const EXPECTED: Record<string, Expected> = {
  'rec01_rec02_rec16.nst.an2': { ignored: 0, faces: 0, withPerson: noFinger }, // Type-16 only
  // Type-4 rolled 1–10 (IMP 3) and plain 11–14 (thumbs, four-finger slaps): 4 left aside.
  'sample.an2': { ignored: 4, faces: 0, withPerson: { outcome: 'imported', fingers: tenRolled, images: 'as-stored' } },
  // Type-14 plain 2 and 7 in lossless JPEG (SOF3), which this version does not decode.
  'type-10-14-17-piv-index-iris.an2': { ignored: 0, faces: 1, withPerson: { outcome: 'rejected', reason: 'UNSUPPORTED_IMAGE' } },
  'type-10-branded-tattoo-mark.an2': { ignored: 0, faces: 2, withPerson: noFinger },
  'type-10-sap10.an2': { ignored: 0, faces: 1, withPerson: noFinger },
  'type-10-tattoo-face-sap20.an2': { ignored: 0, faces: 2, withPerson: noFinger },
  'type-10-tattoo-zoom.an2': { ignored: 0, faces: 2, withPerson: noFinger },
  // A Type-13 latent (ignored) and the rolled finger 8 it matches, uncompressed in Type-14.
  'type-13-14-latent-match.an2': { ignored: 1, faces: 0, withPerson: { outcome: 'imported', fingers: [8], images: 'bare-pixels' } },
  'type-13-tip-eji-wsq.an2': { ignored: 5, faces: 0, withPerson: noFinger }, // Type-13 only
  'type-14-amp-nqm-utf8.an2': { ignored: 3, faces: 0, withPerson: noFinger }, // slaps 13–15 only
  'type-14-tip-eji-wsq.an2': { ignored: 5, faces: 0, withPerson: noFinger }, // FGP 19 (EJI) only
  // The same card as sample.an2, in Type-14: another person's name on the same fingers.
  'type-14-tpcard-nqm.an2': { ignored: 4, faces: 0, withPerson: { outcome: 'case', duplicateOf: TENPRINT_CARD } },
  'type-15-palms.an2': { ignored: 2, faces: 0, withPerson: noFinger },
  'type-17-iris.an2': { ignored: 0, faces: 0, withPerson: noFinger },
  'type-3.an2': { ignored: 1, faces: 0, withPerson: noFinger },
  'type-4-14-slaps.an2': { ignored: 3, faces: 0, withPerson: noFinger },
  'type-4-slaps.an2': { ignored: 4, faces: 0, withPerson: noFinger },
  'type-4-tpcard.an2': { ignored: 4, faces: 0, withPerson: { outcome: 'case', duplicateOf: TENPRINT_CARD } },
  'type-5.an2': { ignored: 1, faces: 0, withPerson: noFinger },
  'type-6.an2': { ignored: 1, faces: 0, withPerson: noFinger },
  'type-7-latent.an2': { ignored: 0, faces: 0, withPerson: noFinger },
  'type-8-sig-fax.an2': { ignored: 0, faces: 0, withPerson: noFinger },
  'type-8-sig-raw.an2': { ignored: 0, faces: 0, withPerson: noFinger },
  'type-8-sig.an2': { ignored: 0, faces: 0, withPerson: noFinger },
  // Finger 8 again (the latent-match image), uncompressed, beside Type-9 minutiae.
  'type-9-10-14.an2': { ignored: 1, faces: 1, withPerson: { outcome: 'case', duplicateOf: LATENT_MATCH } },
  'type-9-13-9-14-m1.an2': { ignored: 3, faces: 0, withPerson: { outcome: 'case', duplicateOf: LATENT_MATCH } },
  'type-9-13-m1.an2': { ignored: 2, faces: 0, withPerson: noFinger },
  'type-9-13-std.an2': { ignored: 2, faces: 0, withPerson: noFinger },
  'type-9-14-m1.an2': { ignored: 1, faces: 0, withPerson: { outcome: 'case', duplicateOf: LATENT_MATCH } },
  'type-9-14-std.an2': { ignored: 1, faces: 0, withPerson: { outcome: 'case', duplicateOf: LATENT_MATCH } },
  'type-9-4-iafis.an2': { ignored: 1, faces: 0, withPerson: { outcome: 'case', duplicateOf: LATENT_MATCH } }, // Type-4, GCA 0
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const actor = cliActor('test');

interface EbtsPerson {
  nam: string;
  pob: string;
  dob: string;
  sex: string;
}

/** The transaction with EBTS person fields (2.018 NAM, 2.020 POB, 2.022 DOB, 2.024 SEX) in its Type-2, written by the formats package. */
function withPerson(bytes: Uint8Array, person: EbtsPerson): Uint8Array {
  const transaction = parseAnsiNist(bytes);
  const index = transaction.records.findIndex((r) => r.type === 2);
  const type2 = transaction.records[index] as AnsiNistTaggedRecord;
  const text = (number: number, value: string): AnsiNistTextField => ({ kind: 'text', number, subfields: [[value]] });
  const added = [text(18, person.nam), text(20, person.pob), text(22, person.dob), text(24, person.sex)];
  const kept = type2.fields.filter((f) => ![18, 20, 22, 24].includes(f.number));
  transaction.records[index] = { ...type2, fields: [...kept, ...added].sort((a, b) => a.number - b.number) };
  return writeAnsiNist(transaction);
}

/** The finger records the default mapping enrolls from a reference file: position → the image of its rolled impression. */
function sourceFingers(bytes: Uint8Array, positions: number[]): Map<number, AnsiNistImage> {
  const transaction = parseAnsiNist(bytes);
  const type1 = transaction.records[0] as AnsiNistTaggedRecord;
  const out = new Map<number, AnsiNistImage>();
  transaction.records.forEach((record, index) => {
    const [position, impression] =
      record.kind === 'fingerprint-image' ? [record.fingerPositions[0], record.impression] : record.kind === 'tagged' ? [ansiNistFieldNumber(record, 13), ansiNistFieldNumber(record, 3)] : [];
    const image = record.type === 4 || record.type === 14 ? ansiNistRecordImage(record, index, type1) : undefined;
    if (image && position !== undefined && positions.includes(position) && (impression === 1 || impression === 3)) out.set(position, image);
  });
  return out;
}

async function enrolledFingers(registry: Registry, enrollmentId: string) {
  const { rows } = await sql<{ position: number; image_sha256: string | null }>`
    select position, image_sha256 from enrolled_finger where enrollment_id = ${enrollmentId} order by position`.execute(registry.database.db);
  return rows;
}

async function personOf(registry: Registry, entry: ImportLedgerEntry) {
  return registry.people.getByUin(entry.uin!, actor);
}

/** Checks one imported record: the finger positions, and each stored image against the source's. */
async function expectFingersStored(registry: Registry, entry: ImportLedgerEntry, source: Uint8Array, expected: { fingers: number[]; images: 'as-stored' | 'bare-pixels' }) {
  const stored = await enrolledFingers(registry, entry.enrollmentId!);
  expect(stored.map((f) => f.position), entry.file).toEqual(expected.fingers);
  const originals = sourceFingers(source, expected.fingers);
  for (const finger of stored) {
    const original = originals.get(finger.position)!;
    const label = `${entry.file} finger ${finger.position}`;
    const { bytes } = await registry.biometrics.readImage(finger.image_sha256!, actor);
    if (expected.images === 'as-stored') {
      // The WSQ bytes of the transaction, byte for byte.
      expect(finger.image_sha256, label).toBe(sha256(original.data));
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(original.data)), label).toBe(0);
    } else {
      // Bare pixels (GCA 0): the register keeps every image that is not WSQ as WSQ — the same picture, lossy.
      const decoded = await decodeImage(bytes);
      expect([decoded.format, decoded.width, decoded.height], label).toEqual(['wsq', original.width, original.height]);
      let difference = 0;
      for (let i = 0; i < decoded.pixels.length; i++) difference += Math.abs(decoded.pixels[i]! - original.data[i]!);
      expect(difference / decoded.pixels.length, label).toBeLessThan(8);
    }
  }
}

const byFile = (report: ImportReport) => new Map(report.records.map((e) => [e.file, e]));

if (!dir) {
  describe('kura import run on the ANSI/NIST reference files', () => {
    it.skip(sharedDataMissingMessage, () => {});
  });
} else {
  const referenceFiles = readdirSync(dir)
    .filter((f) => f.endsWith('.an2'))
    .sort();
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'kura-import-nist-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('the table covers every reference file', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(referenceFiles);
  });

  describe('kura import run on the ANSI/NIST reference files as given (default mapping)', () => {
    let database: TestDatabase;
    let registry: Registry;
    let report: ImportReport;
    beforeAll(async () => {
      const copy = join(folder, 'as-given');
      cpSync(dir, copy, { recursive: true });
      database = await createTestDatabase();
      registry = await openRegistry({ ...database.config, extractionWorkers: 2 });
      report = (await runImport(registry, { source: copy, mapping: DEFAULT_MAPPING_FILE })).report;
    }, 120_000);
    afterAll(async () => {
      await registry?.close();
      await database?.drop();
    });

    it('rejects each file with NO_PERSON, naming the EBTS fields its placeholder Type-2 lacks, and counts what it holds', () => {
      expect(report.mapping).toBe(DEFAULT_MAPPING_FILE);
      expect(report.counts).toMatchObject({ records: referenceFiles.length, imported: 0, duplicateCases: 0, rejected: referenceFiles.length, byReason: { NO_PERSON: referenceFiles.length } });
      const entries = byFile(report);
      for (const file of referenceFiles) {
        const entry = entries.get(file)!;
        expect(entry, file).toBeDefined();
        expect([entry.outcome, entry.reason], file).toEqual(['rejected', 'NO_PERSON']);
        expect(entry.message, file).toBe('aucune personne : 2.018 NAM, 2.020 POB, 2.022 DOB, 2.024 SEX absents / no person: 2.018 NAM, 2.020 POB, 2.022 DOB, 2.024 SEX absent');
        expect(entry.record, file).toBe(1); // the Type-2 record
        expect([entry.ignoredRecords, entry.faces], file).toEqual([EXPECTED[file]!.ignored, EXPECTED[file]!.faces]);
      }
      expect(report.counts.ignoredRecords).toBe(Object.values(EXPECTED).reduce((n, e) => n + e.ignored, 0));
    });

    it('keys each record by its 1.009 TCN, files sharing a TCN apart', () => {
      const entries = byFile(report);
      expect(entries.get('sample.an2')!.key).toBe(TENPRINT_CARD);
      expect(entries.get('type-4-tpcard.an2')!.key).toBe(`${TENPRINT_CARD}#type-4-tpcard.an2`);
      expect(new Set(report.records.map((e) => e.key)).size).toBe(referenceFiles.length);
    });

    it('registers nobody', async () => {
      const { rows } = await sql<{ n: string }>`select count(*) as n from person`.execute(registry.database.db);
      expect(Number(rows[0]!.n)).toBe(0);
    });
  });

  describe('kura import run on the reference files with EBTS person fields in Type-2 (default mapping)', () => {
    let database: TestDatabase;
    let registry: Registry;
    let report: ImportReport;
    beforeAll(async () => {
      const withPeople = join(folder, 'with-person');
      mkdirSync(withPeople);
      referenceFiles.forEach((file, i) => {
        const person = { nam: `DIARRA${String.fromCharCode(65 + i)},AMINATA KADIATOU`, pob: '0101001', dob: '19800214', sex: 'F' };
        writeFileSync(join(withPeople, file), withPerson(readFileSync(join(dir, file)), person));
      });
      database = await createTestDatabase();
      registry = await openRegistry({ ...database.config, extractionWorkers: 2 });
      report = (await runImport(registry, { source: withPeople, mapping: DEFAULT_MAPPING_FILE })).report;
    }, 240_000);
    afterAll(async () => {
      await registry?.close();
      await database?.drop();
    });

    it('settles each file as the table says: fingers 1–10 enrolled, the same fingers again a dedup case, no usable finger rejected with why', () => {
      const entries = byFile(report);
      expect(report.counts.records).toBe(referenceFiles.length);
      for (const file of referenceFiles) {
        const entry = entries.get(file)!;
        const expected = EXPECTED[file]!.withPerson;
        expect(entry.outcome, file).toBe(expected.outcome);
        if (expected.outcome === 'rejected') expect(entry.reason, file).toBe(expected.reason);
        if (expected.outcome === 'case') expect(entry.duplicateOf, file).toBe(expected.duplicateOf);
        expect(entry.ignoredRecords, file).toBe(EXPECTED[file]!.ignored);
      }
      expect(entries.get('type-4-slaps.an2')!.message).toMatch(/no finger at positions 1–10: 4 Type-4\/Type-14 record/);
      expect(entries.get('type-10-14-17-piv-index-iris.an2')!.message).toMatch(/jpeg-lossless.*not supported/);
    });

    it('registers the person of each imported tenprint from its EBTS fields, with its fingers stored as the transaction holds them', async () => {
      const entries = byFile(report);
      for (const file of ['sample.an2', 'type-13-14-latent-match.an2']) {
        const entry = entries.get(file)!;
        const person = await personOf(registry, entry);
        const letter = String.fromCharCode(65 + referenceFiles.indexOf(file));
        expect(person, file).toMatchObject({ familyNames: `DIARRA${letter}`, givenNames: 'AMINATA KADIATOU', sex: 'F', birthDate: '1980-02-14', birthPlaceCode: '0101001' });
        await expectFingersStored(registry, entry, readFileSync(join(dir, file)), EXPECTED[file]!.withPerson as { fingers: number[]; images: 'as-stored' | 'bare-pixels' });
      }
    });
  });

  describe('kura import run on the Type-14 reference tenprint alone (default mapping)', () => {
    let database: TestDatabase;
    let registry: Registry;
    let report: ImportReport;
    const file = 'type-14-tpcard-nqm.an2';
    beforeAll(async () => {
      const alone = join(folder, 'type-14-alone');
      mkdirSync(alone);
      writeFileSync(join(alone, file), withPerson(readFileSync(join(dir, file)), { nam: 'TRAORE,MOUSSA', pob: '0101002', dob: '19650000', sex: 'M' }));
      database = await createTestDatabase();
      registry = await openRegistry({ ...database.config, extractionWorkers: 2 });
      report = (await runImport(registry, { source: alone, mapping: DEFAULT_MAPPING_FILE })).report;
    }, 120_000);
    afterAll(async () => {
      await registry?.close();
      await database?.drop();
    });

    it('imports the person (a year-only DOB kept as the year) with rolled fingers 1–10, WSQ bytes identical, the four plain ones counted', async () => {
      const entry = report.records[0]!;
      expect(report.counts).toMatchObject({ records: 1, imported: 1, ignoredRecords: 4 });
      expect(await personOf(registry, entry)).toMatchObject({ familyNames: 'TRAORE', givenNames: 'MOUSSA', sex: 'M', birthDate: '1965', birthPlaceCode: '0101002' });
      await expectFingersStored(registry, entry, readFileSync(join(dir, file)), { fingers: tenRolled, images: 'as-stored' });
    });
  });
}
