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

/** How a message names where a field comes from: `2.022 DOB`, `DATE_NAISS`. */
const placeOf = (source: FieldSource) => `${source.type2 ?? source.csv!}${source.label ? ` ${source.label}` : ''}`;

/**
 * The mapping's noPerson fault when every field that must be there (those with a `missing`
 * reason) is empty: one rejection naming them all, rather than the first one's reason.
 */
function absentPerson(mapping: ImportMapping, type2: AnsiNistTaggedRecord | undefined, csvRow: CsvRow | undefined): MappedPerson | undefined {
  if (mapping.noPerson === undefined) return undefined;
  const required = MAPPABLE_FIELDS.flatMap((field) => {
    const source = mapping.fields[field];
    return source?.missing ? [{ field, source }] : [];
  });
  if (required.length === 0 || required.some(({ source }) => rawValue(source, type2, csvRow).trim() !== '')) return undefined;
  const places = [...new Set(required.map(({ source }) => placeOf(source)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join(', ');
  const first = required[0]!;
  return {
    fault: {
      reason: mapping.noPerson,
      message: `aucune personne : ${places} absents / no person: ${places} absent`,
      field: first.field,
      from: first.source.type2 !== undefined ? 'type2' : 'csv',
    },
  };
}

export function mapPerson(mapping: ImportMapping, type2: AnsiNistTaggedRecord | undefined, csvRow: CsvRow | undefined): MappedPerson {
  const absent = absentPerson(mapping, type2, csvRow);
  if (absent) return absent;
  const person: Record<string, string> = {};
  for (const field of MAPPABLE_FIELDS) {
    const source = mapping.fields[field];
    if (!source) continue;
    const from = source.type2 !== undefined ? 'type2' : 'csv';
    const where = placeOf(source);
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
      const table = mapping.values[source.values] ?? {};
      const translated = table[value];
      if (translated === undefined) {
        // A short table is a code list: say which codes it takes (M, F), the operator sees the gap at once.
        const codes = Object.keys(table);
        const known = codes.length <= 10 ? ` (${codes.join(', ')})` : '';
        return fault(source.unknown ?? 'UNKNOWN_CODE', `"${value}" absent de la table / not in the table "${source.values}"${known}`);
      }
      value = translated;
    }
    person[field] = value;
  }
  return { person: person as unknown as PersonInput };
}
