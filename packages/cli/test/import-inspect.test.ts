import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInspection, type ImportInspection, inspectImportSource } from '../src/commands/import-inspect.js';
import { detectDelimiter, splitCsvLine } from '../src/commands/import-inspect-csv.js';
import { valueShape } from '../src/commands/import-inspect-profile.js';
import type { TruthRecord } from '../src/commands/legacy-dump-files.js';
import { legacyDumpCommand } from '../src/commands/legacy-dump.js';

let folder: string;
let dump: string;
let truth: { records: TruthRecord[] };
let inspection: ImportInspection;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-import-inspect-'));
  dump = join(folder, 'dump');
  await legacyDumpCommand({ people: '20', seed: '11', out: dump, fingers: '1', threads: '2', quiet: true });
  truth = JSON.parse(readFileSync(join(dump, 'truth.json'), 'utf8')) as { records: TruthRecord[] };
  // A second export beside it, UTF-8 with commas and a quoted cell, in a sub-folder: found recursively.
  mkdirSync(join(dump, 'extra', 'deep'), { recursive: true });
  writeFileSync(join(dump, 'extra', 'deep', 'addresses.csv'), 'id,adresse,ville\n1,"Rue 12, porte 4",Bamako\n2,,Ségou\n');
  writeFileSync(join(dump, 'extra', 'garbage.an2'), '1.001:12\x1d1.002:0400\x1c');
  inspection = await inspectImportSource(dump);
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('kura import inspect', () => {
  it('counts files and record types over the whole tree', () => {
    const transactions = truth.records.filter((r) => r.transaction !== null);
    expect(inspection.files.transactions).toBe(transactions.length + 1);
    expect(inspection.files.csv).toBe(2);
    expect(inspection.files.failed).toBe(2);
    const parsed = transactions.length - 1; // the truncated one does not parse
    const type = (t: number) => inspection.recordTypes.find((r) => r.type === t);
    expect(type(1)).toEqual({ type: 1, records: parsed, transactions: parsed });
    expect(type(2)?.records).toBe(parsed);
    const readable = transactions.filter((r) => r.reason !== 'TRUNCATED_FILE');
    expect((type(4)?.records ?? 0) + (type(14)?.records ?? 0)).toBe(readable.length);
    expect(type(9)?.records ?? 0).toBe(readable.filter((r) => r.proprietaryTemplate).length);
  });

  it('lists every Type-2 field with its fill rate and samples', () => {
    const fields = new Map(inspection.type2.fields.map((f) => [f.tag, f]));
    expect([...fields.keys()]).toEqual(['2.003', '2.005', '2.018', '2.020', '2.022', '2.024', '2.030']);
    expect(fields.get('2.003')!.fillRate).toBe(1);
    const readable = truth.records.filter((r) => r.transaction !== null && r.reason !== 'TRUNCATED_FILE');
    expect(fields.get('2.022')!.filled).toBe(readable.filter((r) => r.reason !== 'MISSING_DATE').length);
    expect(fields.get('2.030')!.filled).toBe(readable.filter((r) => r.person.nina).length);
    expect(fields.get('2.030')!.fillRate).toBeLessThan(1);
    expect(fields.get('2.018')!.samples).toHaveLength(3);
    expect(fields.get('2.018')!.samples[0]).toMatch(/^[^,]+, .+$/);
    expect(fields.get('2.024')!.samples.sort()).toEqual(['1', '2']);
    // Shapes and distinct counts: what an operator needs to write date formats and code tables.
    expect(fields.get('2.022')!.patterns[0]).toEqual({ pattern: '99999999', share: 1 });
    expect(fields.get('2.024')).toMatchObject({ distinct: 2, distinctCapped: false });
    expect(fields.get('2.003')).toMatchObject({ distinct: readable.length, patterns: [{ pattern: 'AAA9999999', share: 1 }] });
  });

  it('reduces values to shapes', () => {
    expect(valueShape('14/06/1952')).toBe('99/99/9999');
    expect(valueShape('Keïta, Mariam')).toBe('A…, A…');
    expect(valueShape('L1072')).toBe('A9999');
  });

  it('reports images by compression and the vendor’s proprietary Type-9 blocks', () => {
    const wsq = inspection.images.filter((i) => i.compression === 'wsq');
    expect(wsq.length).toBeGreaterThan(0);
    expect(wsq.every((i) => i.container === 'wsq' && i.ppi === 500)).toBe(true);
    expect(inspection.images.some((i) => i.recordType === 10 && i.compression === 'png')).toBe(true);
    expect(inspection.proprietary).toHaveLength(1);
    expect(inspection.proprietary[0]).toMatchObject({ recordType: 9, format: 'U', signature: 'SIRATPL2', fields: ['9.999'] });
  });

  it('describes the CSV columns, delimiter and encoding', () => {
    const civil = inspection.csv.find((c) => c.file === 'civil-status.csv')!;
    expect(civil).toMatchObject({ delimiter: ';', encoding: 'latin1', irregularRows: 0 });
    expect(civil.rows).toBe(truth.records.filter((r) => r.csvLine !== null).length);
    expect(civil.columns.map((c) => c.name)).toEqual(['ID_PERSONNE', 'NOM', 'PRENOMS', 'DATE_NAISS', 'LIEU_NAISS', 'SEXE', 'NINA', 'PERE', 'MERE', 'LIEU_RES', 'DATE_MAJ']);
    const column = (name: string) => civil.columns.find((c) => c.name === name)!;
    expect(column('ID_PERSONNE').fillRate).toBe(1);
    expect(column('DATE_NAISS').fillRate).toBeLessThan(1);
    expect(column('SEXE').samples.sort()).toEqual(['F', 'H']);
    expect(column('SEXE').distinct).toBe(2);
    expect(column('DATE_NAISS').patterns).toEqual([{ pattern: '99/99/9999', share: 1 }]);
    // Accented names read back from Latin-1.
    const names = truth.records.filter((r) => r.csvLine !== null).map((r) => r.person.familyNames.toUpperCase());
    for (const sample of column('NOM').samples) expect(names).toContain(sample);

    const extra = inspection.csv.find((c) => c.file === join('extra', 'deep', 'addresses.csv'))!;
    expect(extra).toMatchObject({ delimiter: ',', encoding: 'utf-8', rows: 2 });
    expect(extra.columns[1]).toMatchObject({ name: 'adresse', filled: 1, fillRate: 0.5, samples: ['Rue 12, porte 4'] });
    expect(extra.columns[2]!.samples).toEqual(['Bamako', 'Ségou']);
  });

  it('lists the truncated transaction and the garbage file as failed, with the reason', () => {
    const truncated = truth.records.find((r) => r.reason === 'TRUNCATED_FILE')!;
    const failed = new Map(inspection.failed.map((f) => [f.file, f]));
    expect(failed.get(truncated.transaction!)).toMatchObject({ code: 'TRUNCATED' });
    expect(failed.get(truncated.transaction!)!.reason).toMatch(/remain|ends/);
    expect(failed.get(join('extra', 'garbage.an2'))?.code).toBeTruthy();
    expect(Object.values(inspection.failuresByCode).reduce((a, b) => a + b, 0)).toBe(2);
    const text = describeInspection(inspection);
    expect(text).toContain(truncated.transaction!);
    expect(text).toMatch(/2\.030\s+\d+\.\d %/);
  });

  it('splits quoted CSV cells and detects the delimiter', () => {
    expect(splitCsvLine('a;"b;c";"say ""hi"""', ';')).toEqual({ cells: ['a', 'b;c', 'say "hi"'], open: false });
    expect(splitCsvLine('a,"open', ',').open).toBe(true);
    expect(detectDelimiter('A\tB\tC')).toBe('\t');
    expect(detectDelimiter('A|B|C;D')).toBe('|');
  });

  it('says so for a missing source', async () => {
    await expect(inspectImportSource(join(folder, 'nothing-here'))).rejects.toThrow(/no such file/);
  });
});
