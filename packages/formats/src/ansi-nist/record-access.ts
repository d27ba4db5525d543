import { FIELD, LIMITS } from './constants.js';
import type { AnsiNistField, AnsiNistRecord, AnsiNistTaggedRecord, AnsiNistTextField } from './model.js';

/** The first field with this number, if any. */
export function findField(record: AnsiNistTaggedRecord, number: number): AnsiNistField | undefined {
  for (const f of record.fields) if (f.number === number) return f;
  return undefined;
}

export function findTextField(record: AnsiNistTaggedRecord, number: number): AnsiNistTextField | undefined {
  const f = findField(record, number);
  return f?.kind === 'text' ? f : undefined;
}

/** The first item of the first subfield of a text field: the whole value of a single-valued field. */
export function fieldText(record: AnsiNistTaggedRecord, number: number): string | undefined {
  return findTextField(record, number)?.subfields[0]?.[0];
}

/** A text field read as a decimal number; undefined when absent or not a number. */
export function fieldNumber(record: AnsiNistTaggedRecord, number: number): number | undefined {
  const text = fieldText(record, number);
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A record's IDC: field .002 of tagged records (types 2 and above), the IDC byte of binary ones; undefined for Type-1 or a missing / out-of-range IDC. */
export function recordIdc(record: AnsiNistRecord): number | undefined {
  if (record.kind !== 'tagged') return record.idc;
  if (record.type === 1) return undefined;
  const text = fieldText(record, FIELD.IDC);
  if (text === undefined || !/^\d{1,3}$/.test(text)) return undefined;
  const idc = Number(text);
  return idc <= LIMITS.maxIdc ? idc : undefined;
}
