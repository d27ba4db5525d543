import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnsiNistRecord, type AnsiNistTaggedRecord, type AnsiNistTextField, type AnsiNistTransaction, writeAnsiNist } from '@kura/formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../src/config.js';
import { DEFAULT_MAPPING_FILE, defaultMapping } from '../src/commands/import-default-mapping.js';
import { loadMapping } from '../src/commands/import-mapping-file.js';
import { importMappingCommand } from '../src/commands/import-mapping-command.js';
import type { ImportMappingInput } from '../src/commands/import-mapping.js';
import { selectFingerRecords, transactionFingers } from '../src/commands/import-run-fingers.js';
import { mapPerson } from '../src/commands/import-run-person.js';
import { readTransaction } from '../src/commands/import-run-source.js';

const text = (number: number, value: string): AnsiNistTextField => ({ kind: 'text', number, subfields: [[value]] });
const type2 = (fields: Record<number, string>): AnsiNistTaggedRecord => ({
  kind: 'tagged',
  type: 2,
  fields: [text(1, '0'), text(2, '0'), ...Object.entries(fields).map(([n, v]) => text(Number(n), v))],
});

/** A small mapping (the synthetic dump's, abridged) written once as JSON and once as YAML. */
const mapping: ImportMappingInput = {
  format: 'kura-import-mapping',
  version: 1,
  transactions: { folder: 'transactions', extensions: ['.an2'], key: '2.003', fingerprintRecords: [4, 14], ignoredRecords: [9] },
  fields: {
    familyNames: { type2: '2.018', split: { separator: ',', part: 0 }, missing: 'MISSING_NAME' },
    givenNames: { type2: '2.018', split: { separator: ',', part: 1 }, missing: 'MISSING_NAME' },
    sex: { type2: '2.024', values: 'sex', unknown: 'UNKNOWN_SEX' },
    birthDate: { type2: '2.022', date: { format: 'YYYYMMDD', unknownPart: '00' }, missing: 'MISSING_DATE' },
    birthPlaceCode: { type2: '2.020' },
  },
  values: { sex: { '1': 'M', '2': 'F' } },
};
const YAML_MAPPING = `# the synthetic dump's mapping, abridged
format: kura-import-mapping
version: 1
transactions:
  folder: transactions
  extensions: [.an2]
  key: "2.003"
  fingerprintRecords: [4, 14]
  ignoredRecords: [9]
fields:
  familyNames: { type2: "2.018", split: { separator: ",", part: 0 }, missing: MISSING_NAME }
  givenNames: { type2: "2.018", split: { separator: ",", part: 1 }, missing: MISSING_NAME }
  sex: { type2: "2.024", values: sex, unknown: UNKNOWN_SEX }
  birthDate: { type2: "2.022", date: { format: YYYYMMDD, unknownPart: "00" }, missing: MISSING_DATE }
  birthPlaceCode: { type2: "2.020" }
values:
  sex: { "1": M, "2": F }
`;

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'kura-mapping-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const write = (name: string, content: string) => {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
};
const errorOf = (run: () => unknown): CliError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('mapping files in YAML', () => {
  it('reads a .yaml and a .yml file as the same mapping as its JSON twin', () => {
    const fromJson = loadMapping(write('mapping.json', JSON.stringify(mapping)));
    expect(loadMapping(write('mapping.yaml', YAML_MAPPING))).toEqual(fromJson);
    expect(loadMapping(write('mapping.yml', YAML_MAPPING))).toEqual(fromJson);
    expect(fromJson.transactions.faceRecords).toEqual([]);
  });

  it('names the line and column of a YAML syntax error', () => {
    const broken = YAML_MAPPING.replace('  folder: transactions', '  folder: [transactions');
    const error = errorOf(() => loadMapping(write('broken.yaml', broken)));
    expect(error.message).toMatch(/broken\.yaml:\d+:\d+: not YAML \/ YAML invalide \(line \d+, column \d+: /);
    const [, line] = /:(\d+):\d+: /.exec(error.message)!;
    expect(Number(line)).toBeGreaterThanOrEqual(5); // at or after the unclosed bracket, not at the top
    const tab = errorOf(() => loadMapping(write('tab.yaml', 'format: kura-import-mapping\nversion: 1\ntransactions:\n\tfolder: x\n')));
    expect(tab.message).toMatch(/tab\.yaml:4:1: not YAML/);
  });

  it('lists every schema error by its path, as for JSON', () => {
    const wrong = YAML_MAPPING.replace('key: "2.003"', 'key: "3.003"').replace('values: sex, unknown', 'values: sexes, unknown').replace('  birthPlaceCode: { type2: "2.020" }\n', '');
    const error = errorOf(() => loadMapping(write('wrong.yaml', wrong)));
    expect(error.message).toContain('wrong.yaml: invalid mapping / correspondance invalide:');
    expect(error.message).toContain('transactions.key: must be a Type-1 or Type-2 tag such as 1.009 or 2.003');
    expect(error.message).toContain('fields.sex.values: no table "sexes" in values');
    expect(error.message).toContain('fields.birthPlaceCode: a Kura person needs this field: map it');
    const json = errorOf(() => loadMapping(write('wrong.json', JSON.stringify({ ...mapping, transactions: { ...mapping.transactions, key: '3.003' } }))));
    expect(json.message).toContain('transactions.key: must be a Type-1 or Type-2 tag');
  });
});

describe('the built-in default mapping (ANSI/NIST-ITL, EBTS)', () => {
  it('is a valid mapping: 1.009 TCN as key, EBTS Type-2 fields, fingers from Type-4 and Type-14, no CSV', () => {
    const m = defaultMapping();
    expect(m.transactions).toMatchObject({ folder: '.', key: '1.009', fingerprintRecords: [4, 14], faceRecords: [10] });
    expect(m.transactions.ignoredRecords).toEqual(expect.arrayContaining([9, 13, 15]));
    expect(m.csv).toBeUndefined();
    expect(m.noPerson).toBe('NO_PERSON');
    expect(Object.fromEntries(Object.entries(m.fields).map(([k, v]) => [k, `${v!.type2} ${v!.label}`]))).toEqual({
      familyNames: '2.018 NAM',
      givenNames: '2.018 NAM',
      birthPlaceCode: '2.020 POB',
      birthDate: '2.022 DOB',
      sex: '2.024 SEX',
    });
  });

  it('kura import mapping --default prints it (YAML with its comments, or JSON); a file is checked and printed as read', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const yaml = importMappingCommand(undefined, { default: true });
      expect(yaml).toBe(readFileSync(DEFAULT_MAPPING_FILE, 'utf8'));
      expect(yaml).toMatch(/^# Kura/);
      const json = importMappingCommand(undefined, { default: true, json: true });
      expect(JSON.parse(json)).toEqual(defaultMapping());
      const checked = importMappingCommand(DEFAULT_MAPPING_FILE, {});
      expect(parseYaml(checked)).toEqual(defaultMapping());
      expect(() => importMappingCommand(undefined, {})).toThrow(/--default/);
    } finally {
      stdout.mockRestore();
    }
  });

  it('reads an EBTS person: NAM "LAST,FIRST MIDDLE", DOB YYYYMMDD (00 = unknown), SEX M/F, POB', () => {
    const m = defaultMapping();
    expect(mapPerson(m, type2({ 18: 'KEITA,MARIAM AWA', 20: '0305001', 22: '19520614', 24: 'F' }), undefined)).toEqual({
      person: { familyNames: 'KEITA', givenNames: 'MARIAM AWA', sex: 'F', birthDate: '1952-06-14', birthPlaceCode: '0305001' },
    });
    expect(mapPerson(m, type2({ 18: 'TRAORE,MOUSSA', 20: '0305001', 22: '19650000', 24: 'M' }), undefined)).toMatchObject({ person: { birthDate: '1965' } });
  });

  it('rejects with a precise reason: NO_PERSON naming every absent field, a sex other than M/F, a missing field', () => {
    const m = defaultMapping();
    expect(mapPerson(m, type2({ 3: 'domain defined text place holder' }), undefined)).toEqual({
      fault: {
        reason: 'NO_PERSON',
        message: 'aucune personne : 2.018 NAM, 2.020 POB, 2.022 DOB, 2.024 SEX absents / no person: 2.018 NAM, 2.020 POB, 2.022 DOB, 2.024 SEX absent',
        field: 'familyNames',
        from: 'type2',
      },
    });
    expect(mapPerson(m, undefined, undefined)).toMatchObject({ fault: { reason: 'NO_PERSON' } });
    expect(mapPerson(m, type2({ 18: 'KEITA,MARIAM', 20: '0305001', 22: '19520614', 24: 'X' }), undefined)).toEqual({
      fault: { reason: 'UNKNOWN_SEX', message: 'sex (2.024 SEX): "X" absent de la table / not in the table "sex" (M, F)', field: 'sex', from: 'type2' },
    });
    expect(mapPerson(m, type2({ 18: 'KEITA,MARIAM', 20: '0305001', 24: 'F' }), undefined)).toMatchObject({ fault: { reason: 'MISSING_DATE', message: 'birthDate (2.022 DOB): vide / empty' } });
    expect(mapPerson(m, type2({ 18: 'KEITA,MARIAM', 20: '0305001', 22: '19521332', 24: 'F' }), undefined)).toMatchObject({ fault: { reason: 'INVALID_DATE' } });
  });

  it('without noPerson (the synthetic dump’s mapping), an empty Type-2 is rejected by its first empty field as before', () => {
    const plain = loadMapping(write('plain.json', JSON.stringify(mapping)));
    expect(mapPerson(plain, type2({}), undefined)).toEqual({ fault: { reason: 'MISSING_NAME', message: 'familyNames (2.018): vide / empty', field: 'familyNames', from: 'type2' } });
  });
});

describe('finger records: positions 1–10, rolled over plain', () => {
  /** A Type-14 record with a finger position (14.013) and an impression type (14.003); no image needed to choose. */
  const finger = (idc: number, position: number | undefined, impression: number): AnsiNistRecord => ({
    kind: 'tagged',
    type: 14,
    fields: [text(1, '0'), text(2, String(idc)), text(3, String(impression)), ...(position === undefined ? [] : [text(13, String(position))])],
  });
  const transaction = (...fingers: AnsiNistRecord[]): AnsiNistTransaction => ({ records: [{ kind: 'tagged', type: 1, fields: [] }, type2({}), ...fingers] });
  const m = () => defaultMapping();

  it('keeps the rolled impression of a finger also taken plain, whatever the order, and counts the plain one', () => {
    const selection = selectFingerRecords(transaction(finger(1, 2, 2), finger(2, 2, 3), finger(3, 7, 1), finger(4, 7, 0)), m());
    expect(selection).toMatchObject({ chosen: [{ index: 3, position: 2 }, { index: 4, position: 7 }], unused: 2 });
    expect(selection.fault).toBeUndefined();
  });

  it('leaves slaps, palms and unknown positions (outside 1–10) aside and counts them', () => {
    const selection = selectFingerRecords(transaction(finger(1, 1, 3), finger(2, 13, 2), finger(3, 14, 2), finger(4, 0, 2), finger(5, 19, 3)), m());
    expect(selection).toMatchObject({ chosen: [{ index: 2, position: 1 }], unused: 4 });
  });

  it('rejects two images of the same kind for one finger (REPEATED_FINGER) and a record with no position', () => {
    expect(selectFingerRecords(transaction(finger(1, 4, 2), finger(2, 4, 0)), m()).fault).toMatchObject({ reason: 'REPEATED_FINGER', record: 3 });
    expect(selectFingerRecords(transaction(finger(1, 4, 3), finger(2, 4, 1)), m()).fault).toMatchObject({ reason: 'REPEATED_FINGER', record: 3 });
    expect(selectFingerRecords(transaction(finger(1, undefined, 3)), m()).fault).toMatchObject({ reason: 'NO_FINGER_POSITION', record: 2 });
  });

  it('rejects a transaction with no finger 1–10 with NO_FINGERPRINTS, saying what it holds', async () => {
    await expect(transactionFingers(transaction(finger(1, 13, 2), finger(2, 14, 2)), m())).resolves.toEqual({
      fault: { reason: 'NO_FINGERPRINTS', message: 'aucun doigt 1–10 / no finger at positions 1–10: 2 Type-4/Type-14 record(s), all slaps, palms or unknown positions', offset: undefined, record: undefined },
    });
    await expect(transactionFingers(transaction(), m())).resolves.toMatchObject({ fault: { reason: 'NO_FINGERPRINTS', message: 'aucun doigt / no fingerprint: no Type-4/Type-14 record' } });
  });
});

describe('a Type-1 key (1.009 TCN)', () => {
  /** A small transaction: Type-1 with its TCN, a placeholder Type-2, one Type-14 finger (bytes that are not an image: never decoded here). */
  const transactionBytes = () => {
    const type1: AnsiNistTaggedRecord = {
      kind: 'tagged',
      type: 1,
      fields: [text(1, '0'), text(2, '0400'), text(4, 'CAR'), text(5, '20240101'), text(7, 'DAI000000'), text(8, 'ORI000000'), text(9, 'TCN-0042'), text(11, '19.69'), text(12, '19.69')],
    };
    const type14: AnsiNistTaggedRecord = {
      kind: 'tagged',
      type: 14,
      fields: [text(1, '0'), text(2, '1'), text(3, '3'), text(13, '2'), { kind: 'binary', number: 999, data: new Uint8Array(4000).fill(7) }],
    };
    return writeAnsiNist({ records: [type1, type2({ 3: 'placeholder' }), type14] });
  };

  it('names a whole transaction, and one cut short (salvaged from its Type-1)', () => {
    const root = mkdtempSync(join(tmpdir(), 'kura-tcn-'));
    try {
      const bytes = transactionBytes();
      writeFileSync(join(root, 'whole.an2'), bytes);
      writeFileSync(join(root, 'cut.an2'), bytes.subarray(0, bytes.length - 1000));
      const m = defaultMapping();
      expect(readTransaction(root, 'whole.an2', m, undefined)).toMatchObject({ key: 'TCN-0042', ignoredRecords: 0 });
      expect(readTransaction(root, 'cut.an2', m, undefined)).toMatchObject({ key: 'TCN-0042', parseError: { code: 'TRUNCATED', record: 2 } });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
