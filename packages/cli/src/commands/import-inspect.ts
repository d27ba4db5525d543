import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import {
  type AnsiNistTaggedRecord,
  type AnsiNistTransaction,
  ansiNistFieldText,
  ansiNistRecordImage,
  ansiNistTag,
  findAnsiNistField,
  isFormatError,
  parseAnsiNist,
} from '@kura/formats';
import { CliError } from '../config.js';
import { type CsvSummary, inspectCsv } from './import-inspect-csv.js';
import { ValueProfile, type ValueProfileSummary } from './import-inspect-profile.js';

/**
 * `kura import inspect SOURCE`: what a legacy dump holds, so an operator can write its mapping
 * file — record types, every Type-2 field with its fill rate and samples, images by compression,
 * the vendor's proprietary Type-9 blocks, CSV columns, and the files that do not parse. One file
 * in memory at a time: the summary grows with the number of distinct fields, not of people.
 */

export const INSPECTION = {
  /** Failed files listed one by one (all are counted). */
  failuresListed: 200,
  csvExtensions: ['.csv', '.tsv', '.txt'],
} as const;

export interface FieldSummary extends ValueProfileSummary {
  tag: string;
}

export interface ImageSummary {
  recordType: number;
  compression: string;
  container: string | null;
  ppi: number | null;
  count: number;
  bytes: number;
}

export interface ProprietarySummary {
  recordType: number;
  /** 9.004 FMT: U = user-defined (the vendor's own), S = standard. */
  format: string;
  /** Printable start of the data (the vendor's magic), when there is one. */
  signature: string | null;
  fields: string[];
  count: number;
  bytes: number;
}

export interface FailedFile {
  file: string;
  reason: string;
  code: string | null;
  offset: number | null;
}

export interface ImportInspection {
  source: string;
  files: { total: number; transactions: number; csv: number; failed: number; other: number; bytes: number };
  recordTypes: { type: number; records: number; transactions: number }[];
  type2: { records: number; fields: FieldSummary[] };
  images: ImageSummary[];
  proprietary: ProprietarySummary[];
  csv: CsvSummary[];
  failed: FailedFile[];
  failuresByCode: Record<string, number>;
  other: { extension: string; count: number }[];
}

/** Every file under `root`, in name order, one folder listing at a time. */
function* walk(root: string): Generator<string> {
  const stat = statSync(root);
  if (!stat.isDirectory()) {
    yield root;
    return;
  }
  const entries = readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

function head(path: string, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The tag of Type-1 LEN ("1." or "01." then a digit) opens every ANSI/NIST transaction. */
function looksLikeTransaction(start: Uint8Array): boolean {
  const text = String.fromCharCode(...start);
  return /^0?1\.\d/.test(text);
}

function printablePrefix(data: Uint8Array): string | null {
  let text = '';
  for (const byte of data.subarray(0, 8)) {
    if (byte < 0x20 || byte > 0x7e) break;
    text += String.fromCharCode(byte);
  }
  return text.length >= 3 ? text : null;
}

class Inspector {
  readonly files = { total: 0, transactions: 0, csv: 0, failed: 0, other: 0, bytes: 0 };
  private readonly recordTypes = new Map<number, { records: number; transactions: number }>();
  private type2Records = 0;
  private readonly type2Fields = new Map<string, { number: number; profile: ValueProfile }>();
  private readonly images = new Map<string, ImageSummary>();
  private readonly proprietary = new Map<string, ProprietarySummary>();
  readonly csv: CsvSummary[] = [];
  readonly failed: FailedFile[] = [];
  private readonly failuresByCode: Record<string, number> = {};
  private readonly other = new Map<string, number>();

  constructor(readonly root: string) {}

  async add(path: string): Promise<void> {
    const file = relative(this.root, path) || path;
    this.files.total++;
    try {
      await this.read(path, file);
    } catch (error) {
      // A file that cannot be read at all (permissions, I/O error) is reported, not fatal.
      this.fail(file, (error as Error).message, null, null);
    }
  }

  private async read(path: string, file: string): Promise<void> {
    this.files.bytes += statSync(path).size;
    const extension = extname(path).toLowerCase();
    if (looksLikeTransaction(head(path, 4))) {
      this.files.transactions++;
      let transaction: AnsiNistTransaction;
      try {
        transaction = parseAnsiNist(readFileSync(path));
      } catch (error) {
        if (!isFormatError(error)) throw error;
        this.fail(file, error.message, error.code, error.offset);
        return;
      }
      this.addTransaction(transaction);
    } else if ((INSPECTION.csvExtensions as readonly string[]).includes(extension)) {
      this.files.csv++;
      this.csv.push(await inspectCsv(path, file));
    } else {
      this.files.other++;
      this.other.set(extension || '(none)', (this.other.get(extension || '(none)') ?? 0) + 1);
    }
  }

  private fail(file: string, reason: string, code: string | null, offset: number | null): void {
    this.files.failed++;
    const key = code ?? 'UNREADABLE';
    this.failuresByCode[key] = (this.failuresByCode[key] ?? 0) + 1;
    if (this.failed.length < INSPECTION.failuresListed) this.failed.push({ file, reason, code, offset });
  }

  private addTransaction(transaction: AnsiNistTransaction): void {
    const seen = new Set<number>();
    const first = transaction.records[0];
    const type1 = first?.kind === 'tagged' && first.type === 1 ? first : undefined;
    transaction.records.forEach((record, index) => {
      const types = this.recordTypes.get(record.type) ?? { records: 0, transactions: 0 };
      types.records++;
      if (!seen.has(record.type)) types.transactions++;
      seen.add(record.type);
      this.recordTypes.set(record.type, types);
      if (record.kind === 'tagged' && record.type === 2) this.addType2(record);
      if (record.kind === 'tagged' && record.type === 9) this.addType9(record);
      const image = ansiNistRecordImage(record, index, type1);
      if (image) {
        const ppi = image.horizontalPpi ?? null;
        const key = `${image.recordType}|${image.compression}|${image.container}|${ppi}`;
        const summary = this.images.get(key) ?? { recordType: image.recordType, compression: image.compression, container: image.container ?? null, ppi, count: 0, bytes: 0 };
        summary.count++;
        summary.bytes += image.data.length;
        this.images.set(key, summary);
      }
    });
  }

  private addType2(record: AnsiNistTaggedRecord): void {
    this.type2Records++;
    for (const field of record.fields) {
      if (field.number <= 2) continue; // LEN and IDC: the standard's, always there
      const tag = ansiNistTag(2, field.number);
      const entry = this.type2Fields.get(tag) ?? { number: field.number, profile: new ValueProfile() };
      entry.profile.add(field.kind === 'binary' ? `<${field.data.length} bytes>` : field.subfields.map((s) => s.join('^')).join(' | '));
      this.type2Fields.set(tag, entry);
    }
  }

  private addType9(record: AnsiNistTaggedRecord): void {
    const format = ansiNistFieldText(record, 4) ?? '?';
    // Standard minutiae live in 9.005–9.012 (legacy) or 9.126+ / 9.300+ blocks; anything else with FMT U is the vendor's.
    const data = findAnsiNistField(record, 999);
    const vendorFields = record.fields.filter((f) => f.number > 4).map((f) => ansiNistTag(9, f.number));
    const signature = data?.kind === 'binary' ? printablePrefix(data.data) : null;
    const key = `${format}|${signature}|${vendorFields.join(',')}`;
    const summary = this.proprietary.get(key) ?? { recordType: 9, format, signature, fields: vendorFields, count: 0, bytes: 0 };
    summary.count++;
    summary.bytes += record.fields.reduce((n, f) => n + (f.kind === 'binary' ? f.data.length : 0), 0);
    this.proprietary.set(key, summary);
  }

  result(source: string): ImportInspection {
    return {
      source,
      files: this.files,
      recordTypes: [...this.recordTypes].sort((a, b) => a[0] - b[0]).map(([type, n]) => ({ type, ...n })),
      type2: {
        records: this.type2Records,
        fields: [...this.type2Fields.values()]
          .sort((a, b) => a.number - b.number)
          .map((f) => ({ tag: ansiNistTag(2, f.number), ...f.profile.summary(this.type2Records) })),
      },
      images: [...this.images.values()].sort((a, b) => a.recordType - b.recordType || b.count - a.count),
      proprietary: [...this.proprietary.values()].sort((a, b) => b.count - a.count),
      csv: this.csv,
      failed: this.failed,
      failuresByCode: this.failuresByCode,
      other: [...this.other].sort().map(([extension, count]) => ({ extension, count })),
    };
  }
}

export async function inspectImportSource(source: string): Promise<ImportInspection> {
  const root = resolve(source);
  try {
    statSync(root);
  } catch {
    throw new CliError(`${source}: no such file or folder`);
  }
  const inspector = new Inspector(statSync(root).isDirectory() ? root : resolve(root, '..'));
  for (const path of walk(root)) await inspector.add(path);
  return inspector.result(root);
}

export interface ImportInspectOptions {
  json?: boolean;
}

export async function importInspectCommand(source: string, options: ImportInspectOptions): Promise<void> {
  const inspection = await inspectImportSource(source);
  console.log(options.json ? JSON.stringify(inspection, null, 1) : describeInspection(inspection));
}

const percent = (rate: number) => `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)} %`;

/** One line per field or column: fill rate, distinct values, commonest shape, samples. */
function profileLine(name: string, p: ValueProfileSummary): string {
  const shape = p.patterns[0];
  const distinct = p.distinctCapped ? `>${p.distinct}` : String(p.distinct);
  const pattern = shape ? `${shape.pattern}${shape.share < 1 ? ` (${percent(shape.share)})` : ''}` : '-';
  return `  ${name.padEnd(16)} ${percent(p.fillRate).padStart(7)} ${distinct.padStart(5)}  ${pattern.padEnd(20)} ${p.samples.map((v) => JSON.stringify(v)).join(', ')}`;
}

/** The human report: one section per kind of content. */
export function describeInspection(inspection: ImportInspection): string {
  const { files } = inspection;
  const out = [
    `${inspection.source}: ${files.total} files (${(files.bytes / 1e6).toFixed(1)} MB) — ${files.transactions} ANSI/NIST transactions (${files.failed} unreadable), ${files.csv} CSV, ${files.other} other`,
  ];
  if (inspection.recordTypes.length > 0) {
    out.push('', 'Record types / types d’enregistrement:');
    for (const r of inspection.recordTypes) out.push(`  Type-${String(r.type).padEnd(3)} ${String(r.records).padStart(8)} records in ${r.transactions} transactions`);
  }
  if (inspection.type2.fields.length > 0) {
    out.push('', `Type-2 fields / champs Type-2 (${inspection.type2.records} records): fill rate, distinct values, commonest shape, samples`);
    for (const f of inspection.type2.fields) out.push(profileLine(f.tag, f));
  }
  if (inspection.images.length > 0) {
    out.push('', 'Images:');
    for (const i of inspection.images) {
      out.push(`  Type-${String(i.recordType).padEnd(3)} ${i.compression.padEnd(10)} ${String(i.count).padStart(8)} × (${i.container ?? 'unrecognised data'}, ${i.ppi ?? '?'} ppi, ${(i.bytes / i.count / 1024).toFixed(1)} KiB avg)`);
    }
  }
  if (inspection.proprietary.length > 0) {
    out.push('', 'Type-9 blocks / blocs Type-9 (FMT U = the vendor’s own: Kura cannot use them, it re-extracts from the images):');
    for (const p of inspection.proprietary) out.push(`  FMT ${p.format} ${p.signature ? `"${p.signature}" ` : ''}${p.count} records, ${p.bytes} bytes, fields ${p.fields.join(' ') || '-'}`);
  }
  for (const c of inspection.csv) {
    out.push('', `${c.file}: ${c.rows} rows, delimiter ${JSON.stringify(c.delimiter)}, ${c.encoding}${c.irregularRows ? `, ${c.irregularRows} rows with another cell count (lines ${c.irregularLines.join(', ')}…)` : ''}`);
    for (const col of c.columns) out.push(profileLine(col.name, col));
  }
  if (files.failed > 0) {
    out.push('', `Unreadable files / fichiers illisibles (${files.failed}):`);
    for (const f of inspection.failed) out.push(`  ${f.file}: ${f.reason}`);
    if (inspection.failed.length < files.failed) out.push(`  … and ${files.failed - inspection.failed.length} more`);
  }
  if (inspection.other.length > 0) out.push('', `Other files: ${inspection.other.map((o) => `${o.count} ${o.extension}`).join(', ')}`);
  return out.join('\n');
}
