import { FIELD } from './constants.js';
import { canonicalTag } from './field-tag.js';
import { ansiNistFieldName, ansiNistRecordTypeName } from './field-names.js';
import { ansiNistRecordImage, type AnsiNistImageCompression, type AnsiNistImageContainer, type AnsiNistImage } from './image-descriptor.js';
import { readAnsiNistMinutiae, type AnsiNistMinutiaeFormat } from './minutiae.js';
import type { AnsiNistRecord, AnsiNistTransaction } from './model.js';
import { fieldText, recordIdc } from './record-access.js';

/** A field's value for display: a plain string when single-valued, subfields of items otherwise, byte count for binary data. */
export type AnsiNistSummaryValue = string | string[][] | { bytes: number };

export interface AnsiNistFieldSummary {
  tag: string;
  /** null for user-defined fields. */
  mnemonic: string | null;
  name: string | null;
  value: AnsiNistSummaryValue;
}

/** Image facts; null where the record does not say (JSON keeps every key). */
export interface AnsiNistImageSummary {
  compression: AnsiNistImageCompression;
  declaredCompression: string;
  container: AnsiNistImageContainer | null;
  width: number;
  height: number;
  horizontalPpi: number | null;
  verticalPpi: number | null;
  bitsPerPixel: number | null;
  bytes: number;
}

export interface AnsiNistMinutiaeSummary {
  format: AnsiNistMinutiaeFormat;
  declared: number | null;
  found: number;
}

export interface AnsiNistRecordSummary {
  index: number;
  type: number;
  /** Type-1 carries no IDC: it is reported as 0 so every record has a numeric one. */
  idc: number;
  name: string;
  encoding: 'tagged' | 'binary';
  /** Position in the parsed bytes; null for a transaction that was not read from bytes. */
  offset: number | null;
  length: number | null;
  fields: AnsiNistFieldSummary[];
  image?: AnsiNistImageSummary;
  minutiae?: AnsiNistMinutiaeSummary[];
}

export interface AnsiNistTransactionSummary {
  format: 'ANSI/NIST-ITL';
  version: string | null;
  byteLength: number | null;
  records: AnsiNistRecordSummary[];
}

/** IDC reported for Type-1, which has none (its CNT entry holds the record count instead). */
const TYPE1_IDC = 0;

function named(recordType: number, number: number, value: AnsiNistSummaryValue, tag?: string): AnsiNistFieldSummary {
  const n = ansiNistFieldName(recordType, number);
  return { tag: tag ?? canonicalTag(recordType, number), mnemonic: n?.mnemonic ?? null, name: n?.name ?? null, value };
}

function binaryFields(record: Exclude<AnsiNistRecord, { kind: 'tagged' }>, length: number | null): AnsiNistFieldSummary[] {
  const t = record.type;
  const head = [named(t, 1, length === null ? '' : String(length)), named(t, 2, String(record.idc))];
  if (record.kind === 'user-defined') return [...head, named(t, 3, { bytes: record.body.length })];
  if (record.kind === 'signature') {
    return [
      ...head,
      named(t, 3, String(record.signatureType)),
      named(t, 4, String(record.representation)),
      named(t, 5, String(record.scanningResolution)),
      named(t, 6, String(record.width)),
      named(t, 7, String(record.height)),
      named(t, 8, { bytes: record.data.length }),
    ];
  }
  return [
    ...head,
    named(t, 3, String(record.impression)),
    named(t, 4, [record.fingerPositions.map(String)]),
    named(t, 5, String(record.scanningResolution)),
    named(t, 6, String(record.width)),
    named(t, 7, String(record.height)),
    named(t, 8, String(record.compression)),
    named(t, 9, { bytes: record.data.length }),
  ];
}

function recordFields(record: AnsiNistRecord, length: number | null): AnsiNistFieldSummary[] {
  if (record.kind !== 'tagged') return binaryFields(record, length);
  return record.fields.map((f) => {
    const value: AnsiNistSummaryValue =
      f.kind === 'binary' ? { bytes: f.data.length } : f.subfields.length === 1 && f.subfields[0]!.length === 1 ? f.subfields[0]![0]! : f.subfields;
    return named(record.type, f.number, value, f.tag);
  });
}

function imageSummary(image: AnsiNistImage): AnsiNistImageSummary {
  return {
    compression: image.compression,
    declaredCompression: image.declaredCompression,
    container: image.container ?? null,
    width: image.width,
    height: image.height,
    horizontalPpi: image.horizontalPpi ?? null,
    verticalPpi: image.verticalPpi ?? null,
    bitsPerPixel: image.bitsPerPixel ?? null,
    bytes: image.data.length,
  };
}

/**
 * A JSON-friendly description of a transaction: one element per record in file order with its type,
 * IDC, fields (binary data summarised by length), image facts and Type-9 minutiae counts.
 * Minutiae blocks that cannot be read are reported with the count of their subfields only.
 */
export function summarizeTransaction(transaction: AnsiNistTransaction): AnsiNistTransactionSummary {
  const first = transaction.records[0];
  const type1 = first?.kind === 'tagged' && first.type === 1 ? first : undefined;
  const records = transaction.records.map((record, index): AnsiNistRecordSummary => {
    const offset = transaction.source?.recordOffsets[index] ?? null;
    const length = transaction.source?.recordLengths[index] ?? null;
    const summary: AnsiNistRecordSummary = {
      index,
      type: record.type,
      idc: recordIdc(record) ?? TYPE1_IDC,
      name: ansiNistRecordTypeName(record.type),
      encoding: record.kind === 'tagged' ? 'tagged' : 'binary',
      offset,
      length,
      fields: recordFields(record, length),
    };
    const image = ansiNistRecordImage(record, index, type1);
    if (image) summary.image = imageSummary(image);
    if (record.kind === 'tagged' && record.type === 9) {
      summary.minutiae = minutiaeCounts(record, offset);
    }
    return summary;
  });
  const version = type1 ? fieldText(type1, FIELD.IDC) : undefined;
  return { format: 'ANSI/NIST-ITL', version: version ?? null, byteLength: transaction.source?.byteLength ?? null, records };
}

function minutiaeCounts(record: Extract<AnsiNistRecord, { kind: 'tagged' }>, offset: number | null): AnsiNistMinutiaeSummary[] {
  try {
    return readAnsiNistMinutiae(record, offset ?? 0).map((b) => ({ format: b.format, declared: b.declared ?? null, found: b.minutiae.length }));
  } catch {
    // Unreadable minutiae still have a count: the number of subfields in each data field.
    const blocks: [AnsiNistMinutiaeFormat, number][] = [['standard', 12], ['iafis', 23], ['incits378', 137], ['efs', 331]];
    return blocks.flatMap(([format, number]) => {
      const f = record.fields.find((x) => x.number === number);
      return f?.kind === 'text' ? [{ format, declared: null, found: f.subfields.length }] : [];
    });
  }
}
