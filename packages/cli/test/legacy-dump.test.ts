import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFingerprints, extractTemplate } from '@kura/biometrics';
import { type AnsiNistTaggedRecord, ansiNistImages, ansiNistFieldText, decodeWsq, isFormatError, parseAnsiNist } from '@kura/formats';
import { BUILTIN_PLACES_CSV, parsePlacesCsv } from '@kura/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test-support/shared-data.js';
import { CliError } from '../src/config.js';
import { importMappingSchema } from '../src/commands/import-mapping.js';
import { legacyDumpCommand } from '../src/commands/legacy-dump.js';
import type { TruthRecord } from '../src/commands/legacy-dump-files.js';
import { DEFECT_KINDS } from '../src/commands/legacy-dump-parameters.js';

interface Truth {
  seed: number;
  counts: { records: number; imported: number; duplicateCases: number; rejected: number; byReason: Record<string, number> };
  records: TruthRecord[];
}

let folder: string;
let dump: string;
let truth: Truth;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-legacy-dump-'));
  dump = join(folder, 'dump');
  await legacyDumpCommand({ people: '20', seed: '5', out: dump, fingers: '2', threads: '2', quiet: true });
  truth = JSON.parse(readFileSync(join(dump, 'truth.json'), 'utf8')) as Truth;
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const type2Of = (bytes: Uint8Array) => parseAnsiNist(bytes).records.find((r) => r.type === 2) as AnsiNistTaggedRecord;

describe('kura synth legacy-dump', () => {
  it('writes the vendor layout and leaves no staging folder', () => {
    expect(readdirSync(dump).sort()).toEqual(['civil-status.csv', 'mapping.json', 'transactions', 'truth.json']);
    expect(existsSync(`${dump}.tmp`)).toBe(false);
  });

  it('plants every kind at least once and truth.json adds up', () => {
    const { counts, records } = truth;
    expect(records).toHaveLength(20);
    expect(counts.records).toBe(20);
    expect(counts.imported + counts.duplicateCases + counts.rejected).toBe(20);
    for (const kind of DEFECT_KINDS) expect(counts.byReason[kind], kind).toBeGreaterThanOrEqual(1);
    expect(counts.duplicateCases).toBeGreaterThanOrEqual(1);
    expect(records.filter((r) => r.outcome === 'imported').length).toBe(counts.imported);
    expect(new Set(records.map((r) => r.vendorId)).size).toBe(20);
    for (const r of records) {
      if (r.outcome === 'rejected') expect(r.source?.file, r.vendorId).toBeTruthy();
      if (r.outcome === 'duplicate-case') {
        const original = records.find((o) => o.vendorId === r.duplicateOf)!;
        expect(original.outcome).toBe('imported');
        expect(original.vendorId < r.vendorId).toBe(true); // read first in vendor-id order
        expect(r.fingers.map((f) => f.seed)).toEqual(original.fingers.map((f) => f.seed));
        expect(r.fingers[0]!.impression).not.toBe(original.fingers[0]!.impression);
      }
    }
  });

  it('parses every transaction back except the truncated one, with the person and images truth.json describes', () => {
    const files = readdirSync(join(dump, 'transactions')).sort();
    const withTransaction = truth.records.filter((r) => r.transaction !== null);
    expect(files.map((f) => `transactions/${f}`)).toEqual(withTransaction.map((r) => r.transaction).sort());
    for (const r of withTransaction) {
      const bytes = readFileSync(join(dump, r.transaction!));
      if (r.reason === 'TRUNCATED_FILE') {
        expect(bytes.length).toBe(r.source!.bytes);
        let error: unknown;
        try {
          parseAnsiNist(bytes);
        } catch (e) {
          error = e;
        }
        // The reader finds the cut record, at the offset truth.json gives.
        expect(isFormatError(error) && [error.code, error.offset]).toEqual(['TRUNCATED', r.source!.offset]);
        continue;
      }
      const transaction = parseAnsiNist(bytes);
      const type2 = type2Of(bytes);
      expect(ansiNistFieldText(type2, 3)).toBe(r.vendorId);
      expect(ansiNistFieldText(type2, 18)).toBe(`${r.person.familyNames}, ${r.person.givenNames}`);
      expect(ansiNistFieldText(type2, 24)).toBe(r.person.sex === 'M' ? '1' : '2');
      const fingers = ansiNistImages(transaction).filter((i) => i.recordType === 4 || i.recordType === 14);
      expect(fingers.map((f) => f.recordType)).toEqual(r.fingers.map((f) => f.recordType));
      expect(fingers.every((f) => f.compression === 'wsq' && f.horizontalPpi === 500)).toBe(true);
      expect(transaction.records.some((x) => x.type === 9)).toBe(r.proprietaryTemplate);
      expect(transaction.records.some((x) => x.type === 10)).toBe(r.face);
      fingers.forEach((f) => {
        const corrupt = r.reason === 'CORRUPT_IMAGE' && transaction.source!.recordOffsets[f.recordIndex] === r.source!.offset;
        if (corrupt) expect(() => decodeWsq(f.data)).toThrow();
        else expect(decodeWsq(f.data).width).toBe(f.width);
      });
    }
  });

  it('writes a Latin-1 CSV whose rows match truth.json, and a mapping the import schema accepts', () => {
    const lines = readFileSync(join(dump, 'civil-status.csv')).toString('latin1').split('\r\n');
    expect(lines[0]).toBe('ID_PERSONNE;NOM;PRENOMS;DATE_NAISS;LIEU_NAISS;SEXE;NINA;PERE;MERE;LIEU_RES;DATE_MAJ');
    const mapping = importMappingSchema.parse(JSON.parse(readFileSync(join(dump, 'mapping.json'), 'utf8')));
    const places = mapping.values['places']!;
    const communes = new Set(parsePlacesCsv(readFileSync(BUILTIN_PLACES_CSV, 'utf8')).filter((p) => p.level === 'commune').map((p) => p.code));
    expect(Object.values(places).every((code) => communes.has(code))).toBe(true);
    for (const r of truth.records) {
      if (r.csvLine === null) {
        expect(r.reason).toBe('NO_CSV_ROW');
        continue;
      }
      const cells = lines[r.csvLine - 1]!.split(';');
      expect(cells[0]).toBe(r.vendorId);
      expect(cells[2]).toBe(r.person.givenNames);
      const place = places[cells[4]!];
      if (r.reason === 'UNKNOWN_PLACE') expect(place).toBeUndefined();
      else expect(place).toBe(r.person.birthPlaceCode);
      if (r.reason === 'MISSING_DATE') expect(cells[3]).toBe('');
      else if (r.reason === 'INVALID_DATE') expect(cells[3]).toMatch(/^(30\/02|31\/04|12\/13)\//);
      else {
        const [y, m = '00', d = '00'] = r.person.birthDate.split('-');
        expect(cells[3]).toBe(`${d}/${m}/${y}`);
      }
    }
  });

  it('gives a planted duplicate the same fingers as its original (another impression), matching', () => {
    const copy = truth.records.find((r) => r.outcome === 'duplicate-case')!;
    const original = truth.records.find((r) => r.vendorId === copy.duplicateOf)!;
    const stranger = truth.records.find((r) => r.outcome === 'imported' && r.vendorId !== original.vendorId)!;
    const firstFinger = (r: TruthRecord) => {
      const image = ansiNistImages(parseAnsiNist(readFileSync(join(dump, r.transaction!)))).find((i) => i.recordType === 4 || i.recordType === 14)!;
      const decoded = decodeWsq(image.data);
      return extractTemplate({ width: decoded.width, height: decoded.height, pixels: decoded.pixels, ppi: 500 }).template;
    };
    const a = firstFinger(copy);
    const mated = compareFingerprints(a, firstFinger(original));
    const nonMated = compareFingerprints(a, firstFinger(stranger));
    expect(mated.fmr).toBeLessThan(1e-4);
    expect(nonMated.score).toBeLessThan(mated.score);
  });

  it('gives the same bytes for the same seed', async () => {
    const a = join(folder, 'same-a');
    const b = join(folder, 'same-b');
    await legacyDumpCommand({ people: '6', seed: '9', out: a, fingers: '1', threads: '2', quiet: true });
    await legacyDumpCommand({ people: '6', seed: '9', out: b, fingers: '1', threads: '1', quiet: true });
    const small = JSON.parse(readFileSync(join(a, 'truth.json'), 'utf8')) as Truth;
    expect(small.counts.imported + small.counts.duplicateCases + small.counts.rejected).toBe(6);
    const list = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    expect(list(a)).toEqual(list(b));
    for (const file of list(a)) {
      if (file === 'transactions') continue;
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    }
  }, 60_000);

  it('refuses bad arguments and a non-empty folder, writing nothing', async () => {
    const out = join(folder, 'bad');
    await expect(legacyDumpCommand({ people: 'ten', out, quiet: true })).rejects.toThrow(CliError);
    await expect(legacyDumpCommand({ people: '5', fingers: '11', out, quiet: true })).rejects.toThrow(/fingers/);
    expect(existsSync(out)).toBe(false);
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    await expect(legacyDumpCommand({ people: '5', out, quiet: true })).rejects.toThrow(/not empty/);
    expect(readdirSync(out)).toEqual(['keep.txt']);

    // A staging folder left by an interrupted run is replaced, never merged into the dump.
    const fresh = join(folder, 'fresh');
    mkdirSync(`${fresh}.tmp`);
    writeFileSync(join(`${fresh}.tmp`, 'stale.an2'), 'left by a killed run');
    await legacyDumpCommand({ people: '3', seed: '1', out: fresh, fingers: '1', threads: '1', quiet: true });
    expect(readdirSync(fresh).sort()).toEqual(['civil-status.csv', 'mapping.json', 'transactions', 'truth.json']);
    expect(existsSync(`${fresh}.tmp`)).toBe(false);

    // Through the command line: one line on stderr, exit code 1.
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions', 'kura-source', join(repoRoot, 'packages/cli/src/main.ts'), 'synth', 'legacy-dump', '--people', '-3', '--out', join(folder, 'x')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^kura: people/);
    expect(existsSync(join(folder, 'x'))).toBe(false);
  }, 60_000);
});
