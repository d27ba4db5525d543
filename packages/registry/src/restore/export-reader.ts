import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAnsiNist, type AnsiNistTaggedRecord } from '@kura/formats';
import { CSV_COLUMNS, EXPORT_FILES, transactionPath } from '../export/export-layout.js';
import { csvRecords } from './csv-reader.js';
import { RestoreError } from './restore-error.js';
import type { RestoredEnrollment, RestoredFace, RestoredFinger, RestoredPerson } from './restored-person.js';

type CsvName = keyof typeof CSV_COLUMNS;
type Row = Record<string, string | null>;

const bad = (message: string) => new RestoreError('BAD_EXPORT', `export illisible / unreadable export: ${message}`);

/** A CSV of the export read row by row as column → value (empty field → null), with one row of look-ahead. */
class CsvTable {
  private readonly records: AsyncGenerator<string[]>;
  private columns: string[] = [];
  private peeked: Row | null | undefined;
  line = 1;

  constructor(
    readonly name: CsvName,
    path: string,
  ) {
    this.records = csvRecords(path);
  }

  /** Reads the header; the export's columns must all be there (format 1 has no `template_file`). */
  async open(): Promise<void> {
    const header = await this.records.next();
    if (header.done) throw bad(`${EXPORT_FILES[this.name]} is empty`);
    this.columns = header.value;
    const required = CSV_COLUMNS[this.name].filter((c) => c !== 'template_file');
    const absent = required.filter((c) => !this.columns.includes(c));
    if (absent.length > 0) throw bad(`${EXPORT_FILES[this.name]}: no column ${absent.join(', ')}`);
  }

  async peek(): Promise<Row | null> {
    if (this.peeked === undefined) {
      const next = await this.records.next();
      if (next.done) this.peeked = null;
      else {
        this.line++;
        if (next.value.length !== this.columns.length) throw bad(`${EXPORT_FILES[this.name]} line ${this.line}: ${next.value.length} fields, ${this.columns.length} expected`);
        this.peeked = Object.fromEntries(this.columns.map((c, i) => [c, next.value[i] === '' ? null : next.value[i]!]));
      }
    }
    return this.peeked;
  }

  /** Every next row of `uin` (rows are in UIN order); a row of an earlier UIN has no person: the export is inconsistent. */
  async rowsOf(uin: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (let row = await this.peek(); row; row = await this.peek()) {
      const at = row.uin ?? '';
      if (at > uin) break;
      if (at < uin) throw bad(`${EXPORT_FILES[this.name]} line ${this.line}: UIN ${at} is in no row of ${EXPORT_FILES.people}`);
      rows.push(row);
      this.peeked = undefined;
    }
    return rows;
  }
}

const text = (row: Row, column: string, where: string): string => {
  const value = row[column];
  if (value === null || value === undefined) throw bad(`${where}: ${column} is empty`);
  return value;
};
const integer = (row: Row, column: string, where: string): number => {
  const value = Number(text(row, column, where));
  if (!Number.isInteger(value)) throw bad(`${where}: ${column} is not a whole number`);
  return value;
};
const optionalNumber = (row: Row, column: string): number | null => (row[column] == null ? null : Number(row[column]));

const imageKey = (type: number, idc: string) => `${type}/${idc}`;

/** Type-14 (finger) and Type-10 (face) images of a transaction, by `<type>/<IDC>` (imageKey). */
function imagesOf(bytes: Uint8Array, path: string): Map<string, Uint8Array> {
  let records;
  try {
    records = parseAnsiNist(bytes).records;
  } catch (error) {
    throw bad(`${path}: ${(error as Error).message}`);
  }
  const images = new Map<string, Uint8Array>();
  for (const record of records) {
    if ((record.type !== 14 && record.type !== 10) || record.kind !== 'tagged') continue;
    const fields = (record as AnsiNistTaggedRecord).fields;
    const idc = fields.find((f) => f.number === 2);
    const data = fields.find((f) => f.number === 999);
    if (idc?.kind === 'text' && data?.kind === 'binary') images.set(imageKey(record.type, idc.subfields[0]?.[0] ?? ''), data.data);
  }
  return images;
}

/**
 * The people of a Kura export, one complete record at a time in UIN order: the CSVs are read side by
 * side (all in UIN order), images come from the person's transaction (Type-14 and Type-10 by IDC),
 * templates from their files. Memory holds one person. `faces`: the export has `faces.csv` (format 3 on).
 */
export async function* readExportPeople(dir: string, options: { faces?: boolean } = {}): AsyncGenerator<RestoredPerson> {
  const tables = {} as Record<CsvName, CsvTable>;
  for (const name of Object.keys(CSV_COLUMNS) as CsvName[]) {
    if (name === 'faces' && !options.faces) continue;
    tables[name] = new CsvTable(name, join(dir, EXPORT_FILES[name]));
    await tables[name].open();
  }
  for (let row = await tables.people.peek(); row; row = await tables.people.peek()) {
    const uin = text(row, 'uin', `${EXPORT_FILES.people} line ${tables.people.line}`);
    const where = `${EXPORT_FILES.people} (${uin})`;
    await tables.people.rowsOf(uin);
    await tables.identifiers.rowsOf(uin);
    const versions = (await tables.history.rowsOf(uin)).map((v) => {
      const at = `${EXPORT_FILES.history} (${uin})`;
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(text(v, 'data', at)) as Record<string, unknown>;
      } catch {
        throw bad(`${at}: data is not JSON`);
      }
      return { version: integer(v, 'version', at), changedAt: text(v, 'changed_at', at), changedBy: text(v, 'changed_by', at), reason: text(v, 'reason', at), requestId: v.request_id ?? null, data };
    });
    const enrollmentRows = await tables.enrollments.rowsOf(uin);
    const fingerRows = await tables.fingers.rowsOf(uin);
    const faceRows = tables.faces ? await tables.faces.rowsOf(uin) : [];
    const needsTransaction = fingerRows.some((f) => f.record_idc !== null) || faceRows.length > 0;
    const images = needsTransaction ? imagesOf(await readFile(join(dir, ...transactionPath(uin).split('/'))), transactionPath(uin)) : new Map<string, Uint8Array>();
    const enrollments: RestoredEnrollment[] = [];
    for (const e of enrollmentRows) {
      const at = `${EXPORT_FILES.enrollments} (${uin})`;
      const ordinal = text(e, 'enrollment', at);
      const status = text(e, 'status', at);
      if (status !== 'enrolled' && status !== 'merged') throw bad(`${at}: status ${status}`);
      const enrollment: RestoredEnrollment = { status, createdAt: text(e, 'created_at', at), createdBy: text(e, 'created_by', at), missingFingers: [], fingers: [] };
      for (const f of fingerRows.filter((r) => r.enrollment === ordinal)) {
        const fat = `${EXPORT_FILES.fingers} (${uin}, ${ordinal}, ${f.position})`;
        const position = integer(f, 'position', fat);
        if (f.state === 'missing') {
          enrollment.missingFingers.push({ position, reason: text(f, 'missing_reason', fat) });
          continue;
        }
        const common = { position, sourceFormat: text(f, 'source_format', fat), quality: optionalNumber(f, 'quality'), minutiae: integer(f, 'minutiae', fat) };
        let finger: RestoredFinger;
        if (f.record_idc !== null) {
          const image = images.get(imageKey(14, f.record_idc!));
          if (!image) throw bad(`${fat}: ${transactionPath(uin)} has no Type-14 record ${f.record_idc}`);
          finger = {
            ...common,
            kind: 'image',
            image,
            sha256: text(f, 'image_sha256', fat),
            mediaType: text(f, 'image_media_type', fat),
            width: integer(f, 'width', fat),
            height: integer(f, 'height', fat),
            ppi: integer(f, 'ppi', fat),
          };
        } else {
          const file = f.template_file;
          if (!file) throw bad(`${fat}: a finger with neither image nor template file (an export of format 1 does not carry template-only fingers)`);
          if (!/^templates\/[0-9A-Za-z.-]+$/.test(file)) throw bad(`${fat}: template_file ${file} is not in templates/`);
          finger = { ...common, kind: 'template', record: await readFile(join(dir, ...file.split('/'))) };
        }
        enrollment.fingers.push(finger);
      }
      enrollments.push(enrollment);
    }
    const orphan = fingerRows.find((f) => !enrollmentRows.some((e) => e.enrollment === f.enrollment));
    if (orphan) throw bad(`${EXPORT_FILES.fingers} (${uin}): a finger of enrollment ${orphan.enrollment}, which ${EXPORT_FILES.enrollments} does not list`);
    const faces = faceRows.map((f): RestoredFace => {
      const fat = `${EXPORT_FILES.faces} (${uin}, ${f.face})`;
      const idc = text(f, 'record_idc', fat);
      const image = images.get(imageKey(10, idc));
      if (!image) throw bad(`${fat}: ${transactionPath(uin)} has no Type-10 record ${idc}`);
      const enrollment = f.enrollment === null ? null : enrollmentRows.findIndex((e) => e.enrollment === f.enrollment) + 1;
      if (enrollment === 0) throw bad(`${fat}: a face of enrollment ${f.enrollment}, which ${EXPORT_FILES.enrollments} does not list`);
      return {
        enrollment,
        image,
        sha256: text(f, 'image_sha256', fat),
        mediaType: text(f, 'image_media_type', fat),
        compression: text(f, 'compression', fat),
        width: optionalNumber(f, 'width'),
        height: optionalNumber(f, 'height'),
        colorSpace: f.color_space ?? null,
        capturedOn: f.captured_on ?? null,
        createdAt: text(f, 'created_at', fat),
      };
    });
    yield {
      uin,
      nina: row.nina ?? null,
      status: text(row, 'status', where) as RestoredPerson['status'],
      mergedIntoUin: row.merged_into_uin ?? null,
      familyNames: text(row, 'family_names', where),
      givenNames: text(row, 'given_names', where),
      sex: text(row, 'sex', where) as RestoredPerson['sex'],
      birthDate: text(row, 'birth_date', where),
      birthPlaceCode: text(row, 'birth_place_code', where),
      fatherName: row.father_name ?? null,
      motherName: row.mother_name ?? null,
      nationality: text(row, 'nationality', where),
      residenceCommuneCode: row.residence_commune_code ?? null,
      version: integer(row, 'version', where),
      createdAt: text(row, 'created_at', where),
      updatedAt: text(row, 'updated_at', where),
      versions,
      enrollments,
      ...(faces.length > 0 ? { faces } : {}),
    };
  }
  for (const name of ['identifiers', 'history', 'enrollments', 'fingers', 'faces'] as const) {
    if (!tables[name]) continue;
    const left = await tables[name].peek();
    if (left) throw bad(`${EXPORT_FILES[name]} line ${tables[name].line}: UIN ${left.uin} is in no row of ${EXPORT_FILES.people}`);
  }
}

/** Every place code the export's people name (birth place, commune of residence): checked before anything is written. */
export async function placeCodesOf(dir: string): Promise<Set<string>> {
  const table = new CsvTable('people', join(dir, EXPORT_FILES.people));
  await table.open();
  const codes = new Set<string>();
  for (let row = await table.peek(); row; row = await table.peek()) {
    if (row.birth_place_code) codes.add(row.birth_place_code);
    if (row.residence_commune_code) codes.add(row.residence_commune_code);
    await table.rowsOf(row.uin ?? '');
  }
  return codes;
}
