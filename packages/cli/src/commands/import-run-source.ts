import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { type AnsiNistTaggedRecord, type AnsiNistTransaction, ansiNistFieldText, isFormatError, parseAnsiNist, readFaceImageRecord } from '@kura/formats';
import type { FaceImageInput } from '@kura/registry';
import { CliError } from '../config.js';
import { splitCsvLine } from './import-inspect-csv.js';
import type { ImportMapping } from './import-mapping.js';
import { selectFingerRecords } from './import-run-fingers.js';
import { salvageTransaction } from './import-run-salvage.js';

/**
 * The records of a legacy dump, one at a time: each transaction (read, hashed, parsed) joined to
 * its CSV row by the mapping's key, then the CSV rows no transaction claimed. The CSV is indexed
 * by key first (memory proportional to the CSV: one string per row); transactions are read one
 * file at a time, in path order.
 */

export interface CsvRow {
  line: number;
  cells: Map<string, string>;
  text: string;
}

export interface TransactionItem {
  kind: 'transaction';
  key: string;
  /** Relative to the dump, `/`-separated. */
  file: string;
  contentHash: string;
  transaction?: AnsiNistTransaction;
  type2?: AnsiNistTaggedRecord;
  /** The reader's refusal when the file does not parse, with the index of the record at fault when known. */
  parseError?: { code: string; message: string; offset: number; record: number | undefined };
  csvRow?: CsvRow | undefined;
  /**
   * Records knowingly not used — the mapping's ignoredRecords types (proprietary templates…) and
   * finger images not enrolled (positions outside 1–10, plain twins of rolled fingers) — and face
   * records: counted whatever the outcome.
   */
  ignoredRecords: number;
  faces: number;
  /** The Type-10 face images to keep, bytes as found (copied out of the file). */
  faceImages: FaceImageInput[];
  /** Type-10 face records that could not be read: counted, the person is imported without them. */
  facesUnreadable: number;
}

export interface CsvOnlyItem {
  kind: 'csv-only';
  key: string;
  file: string;
  contentHash: string;
  csvRow: CsvRow;
}

export type SourceItem = TransactionItem | CsvOnlyItem;

const sha256 = (...parts: Array<Uint8Array | string>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/** Transaction files under `folder`, in path order. */
export function transactionFiles(root: string, mapping: ImportMapping): string[] {
  const folder = join(root, mapping.transactions.folder);
  const extensions = mapping.transactions.extensions.map((e) => e.toLowerCase());
  const out: string[] = [];
  const visit = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && extensions.some((e) => entry.name.toLowerCase().endsWith(e))) out.push(relative(root, path).split('\\').join('/'));
    }
  };
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new CliError(`${folder}: the mapping's transactions folder is missing / dossier des transactions introuvable`);
  }
  visit(folder);
  return out;
}

/** The civil-status CSV indexed by its key column; a key seen twice keeps its first row (the others are returned apart). */
export async function indexCsv(root: string, csv: NonNullable<ImportMapping['csv']>): Promise<{ rows: Map<string, CsvRow>; repeated: Array<{ key: string; row: CsvRow }> }> {
  const path = join(root, csv.file);
  try {
    statSync(path);
  } catch {
    throw new CliError(`${path}: the mapping's CSV file is missing / fichier CSV introuvable`);
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: csv.encoding === 'latin1' ? 'latin1' : 'utf8' }), crlfDelay: Infinity });
  const rows = new Map<string, CsvRow>();
  const repeated: Array<{ key: string; row: CsvRow }> = [];
  let header: string[] | undefined;
  let keyColumn = -1;
  let lineNumber = 0;
  let pending = '';
  let firstLine = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (pending === '') firstLine = lineNumber;
    let line = pending === '' ? raw : `${pending}\n${raw}`;
    if (header === undefined && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    const { cells, open } = splitCsvLine(line, csv.delimiter);
    if (open) {
      pending = line;
      continue;
    }
    pending = '';
    if (header === undefined) {
      header = cells.map((c) => c.trim());
      keyColumn = header.indexOf(csv.key);
      if (keyColumn < 0) throw new CliError(`${csv.file}: no column "${csv.key}" (the mapping's csv.key); columns: ${header.join(', ')}`);
      continue;
    }
    if (line.trim() === '') continue;
    const row: CsvRow = { line: firstLine, cells: new Map(header.map((name, i) => [name, cells[i] ?? ''])), text: line };
    const key = (cells[keyColumn] ?? '').trim();
    if (rows.has(key)) repeated.push({ key, row });
    else rows.set(key, row);
  }
  if (header === undefined) throw new CliError(`${csv.file}: empty CSV, not even a header`);
  return { rows, repeated };
}

/** The transaction's Type-10 faces (IMT FACE) read for keeping; other image types (tattoos, marks) are only counted as seen. */
export function transactionFaces(transaction: AnsiNistTransaction, faceTypes: ReadonlySet<number>): { faceImages: FaceImageInput[]; facesUnreadable: number } {
  const faceImages: FaceImageInput[] = [];
  let facesUnreadable = 0;
  for (const record of transaction.records) {
    if (record.kind !== 'tagged' || record.type !== 10 || !faceTypes.has(10)) continue;
    const reading = readFaceImageRecord(record);
    if (reading.kind === 'unreadable') facesUnreadable++;
    if (reading.kind !== 'face') continue;
    const { face } = reading;
    faceImages.push({
      bytes: Uint8Array.from(face.data),
      mediaType: face.mediaType as FaceImageInput['mediaType'],
      compression: face.compression,
      width: face.width ?? null,
      height: face.height ?? null,
      colorSpace: face.colorSpace ?? null,
      capturedOn: face.photoDate ?? null,
    });
  }
  return { faceImages, facesUnreadable };
}

/** Reads one transaction file and joins its CSV row (taken out of `csvRows`, so what remains had no transaction). */
export function readTransaction(root: string, file: string, mapping: ImportMapping, csvRows: Map<string, CsvRow> | undefined): TransactionItem {
  const bytes = readFileSync(join(root, file));
  const [keyRecordType, keyField] = mapping.transactions.key.split('.').map(Number) as [1 | 2, number];
  const ignored = new Set(mapping.transactions.ignoredRecords);
  const faceTypes = new Set<number>(mapping.transactions.faceRecords);
  const tally = (types: number[]) => ({ ignoredRecords: types.filter((t) => ignored.has(t)).length, faces: types.filter((t) => faceTypes.has(t)).length });
  let item: Omit<TransactionItem, 'contentHash'>;
  try {
    const transaction = parseAnsiNist(bytes);
    const type2 = transaction.records.find((r): r is AnsiNistTaggedRecord => r.kind === 'tagged' && r.type === 2);
    const keyRecord = keyRecordType === 2 ? type2 : transaction.records.find((r): r is AnsiNistTaggedRecord => r.kind === 'tagged' && r.type === 1);
    const key = (keyRecord && ansiNistFieldText(keyRecord, keyField)?.trim()) || `file:${file}`;
    const counts = tally(transaction.records.map((r) => r.type));
    // Finger images the enrollment will leave (slaps, plain twins of rolled fingers) count with the ignored records.
    counts.ignoredRecords += selectFingerRecords(transaction, mapping).unused;
    item = { kind: 'transaction', key, file, transaction, ...(type2 ? { type2 } : {}), ...counts, ...transactionFaces(transaction, faceTypes) };
  } catch (error) {
    if (!isFormatError(error)) throw error;
    // The file names its person when Type-1 and Type-2 survived: the record keeps its key (and its CSV row).
    const salvage = salvageTransaction(bytes, keyField, error.offset ?? 0, keyRecordType);
    const key = salvage.key || `file:${file}`;
    item = { kind: 'transaction', key, file, parseError: { code: error.code, message: error.message, offset: error.offset ?? 0, record: salvage.recordIndex }, ...tally(salvage.types), faceImages: [], facesUnreadable: 0 };
  }
  const csvRow = csvRows?.get(item.key);
  if (csvRow) csvRows!.delete(item.key);
  return { ...item, csvRow, contentHash: sha256(bytes, '\u0000', csvRow?.text ?? '') };
}

export function csvOnlyItem(key: string, row: CsvRow, file: string): CsvOnlyItem {
  return { kind: 'csv-only', key, file, csvRow: row, contentHash: sha256('\u0000', row.text) };
}
