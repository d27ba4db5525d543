import { type AnsiNistTaggedRecord, ansiNistFieldText } from '@kura/formats';
import { DomainError, parseBirthDate, type PersonInput } from '@kura/registry';
import { type FieldSource, type ImportMapping, MAPPABLE_FIELDS, type MappableField } from './import-mapping.js';
import type { CsvRow } from './import-run-source.js';

/**
 * A source record's person, field by field as the mapping says: the value read from its Type-2
 * field or CSV column, one part kept, a date read in the source's layout, a code translated. The
 * first field that fails rejects the record with the mapping's reason code, and says where.
 */

export interface FieldFault {
  reason: string;
  message: string;
  field: MappableField;
  /** Where the faulty value is: the CSV (a line) or the transaction's Type-2 record. */
  from: 'csv' | 'type2';
}

export type MappedPerson = { person: PersonInput } | { fault: FieldFault };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const dateReaders = new Map<string, { pattern: RegExp; order: Array<'YYYY' | 'MM' | 'DD'> }>();

/** A date in `format` (YYYY, MM, DD once each) → YYYY, YYYY-MM or YYYY-MM-DD, or a fault message. */
export function readDate(value: string, format: string, unknownPart: string | undefined): { date: string } | { problem: string } {
  let reader = dateReaders.get(format);
  if (!reader) {
    const order = (['YYYY', 'MM', 'DD'] as const).slice().sort((a, b) => format.indexOf(a) - format.indexOf(b));
    let pattern = escapeRegExp(format);
    for (const part of order) pattern = pattern.replace(part, part === 'YYYY' ? '(\\d{4})' : '(\\d{2})');
    reader = { pattern: new RegExp(`^${pattern}$`), order: [...order] };
    dateReaders.set(format, reader);
  }
  const match = reader.pattern.exec(value);
  if (!match) return { problem: `"${value}" is not a date in the layout ${format}` };
  const part = (name: 'YYYY' | 'MM' | 'DD') => match[1 + reader.order.indexOf(name)]!;
  const [year, month, day] = [part('YYYY'), part('MM'), part('DD')];
  let date: string;
  if (unknownPart !== undefined && month === unknownPart) {
    if (day !== unknownPart) return { problem: `"${value}": a day without a month` };
    date = year;
  } else if (unknownPart !== undefined && day === unknownPart) date = `${year}-${month}`;
  else date = `${year}-${month}-${day}`;
  try {
    parseBirthDate(date);
  } catch (error) {
    if (error instanceof DomainError) return { problem: `"${value}": ${error.message}` };
    throw error;
  }
  return { date };
}

function rawValue(source: FieldSource, type2: AnsiNistTaggedRecord | undefined, csvRow: CsvRow | undefined): string {
  if (source.type2 !== undefined) return type2 ? (ansiNistFieldText(type2, Number(source.type2.slice(2))) ?? '') : '';
  return csvRow?.cells.get(source.csv!) ?? '';
}

export function mapPerson(mapping: ImportMapping, type2: AnsiNistTaggedRecord | undefined, csvRow: CsvRow | undefined): MappedPerson {
  const person: Record<string, string> = {};
  for (const field of MAPPABLE_FIELDS) {
    const source = mapping.fields[field];
    if (!source) continue;
    const from = source.type2 !== undefined ? 'type2' : 'csv';
    const where = source.type2 ?? source.csv!;
    const fault = (reason: string, message: string): MappedPerson => ({ fault: { reason, message: `${field} (${where}): ${message}`, field, from } });
    let value = rawValue(source, type2, csvRow).trim();
    if (source.split && value !== '') value = (value.split(source.split.separator)[source.split.part] ?? '').trim();
    if (value === '') {
      if (source.missing) return fault(source.missing, 'vide / empty');
      continue;
    }
    if (source.date) {
      const read = readDate(value, source.date.format, source.date.unknownPart);
      if ('problem' in read) return fault(source.invalid ?? 'INVALID_DATE', read.problem);
      value = read.date;
    }
    if (source.values !== undefined) {
      const translated = mapping.values[source.values]?.[value];
      if (translated === undefined) return fault(source.unknown ?? 'UNKNOWN_CODE', `"${value}" absent de la table / not in the table "${source.values}"`);
      value = translated;
    }
    person[field] = value;
  }
  return { person: person as unknown as PersonInput };
}
