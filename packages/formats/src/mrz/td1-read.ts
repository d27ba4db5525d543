import { parse, type Details } from 'mrz';
import { mrzError } from './mrz-error.js';
import type { Td1Fields } from './td1.js';
import { TD1_FIELD, TD1_LINE_COUNT, TD1_LINE_LENGTH, type Td1Span } from './td1-layout.js';

/** One check that failed, located in the MRZ. */
export interface Td1Problem {
  field: string;
  message: string;
  line: number;
  start: number;
  end: number;
}

export interface Td1Reading {
  /** True when every field is well formed and every check digit holds. */
  valid: boolean;
  /** Field values; a field that failed its check is null. */
  fields: { [K in keyof Td1Fields]: Td1Fields[K] | null };
  problems: Td1Problem[];
}

/**
 * Reads and validates a TD1 MRZ with the `mrz` package. Text that is not a TD1 MRZ at all (wrong
 * line count or length, characters outside A–Z 0–9 <) is a FormatError; a well-shaped MRZ with
 * failing checks is returned with `valid: false` and its problems.
 *
 * Our own code does only what `mrz` (v5) does not:
 *  - dates: `mrz` accepts a lone '<' inside a month or day ("74<812"); ICAO allows only a whole
 *    unknown part ('<<'), and only in a birth date, so such dates are refused here;
 *  - a long document number's overflow: `mrz` accepts a '<' in the check digit position with no
 *    overflow after it (its check then compares against an empty digit, read as 0), and reports
 *    optional data 1 with the overflow still in it; here an overflow must be at least one character
 *    and a check digit before a filler, and optional1 is only what follows them;
 *  - the name field: `mrz` needs a '<<' with something after it, so it refuses a lone primary
 *    identifier of 28 letters (the '<<' ends the field) and reads one of 29–30 letters as both the
 *    family and the given names; ICAO writes a lone primary identifier with no separator at all.
 */
export function readTd1(input: string | readonly string[]): Td1Reading {
  const lines = shapeLines(input);
  let result: ReturnType<typeof parse>;
  try {
    result = parse(lines);
  } catch (e) {
    throw mrzError('BAD_VALUE', 0, 'mrz', `not a TD1 MRZ: ${(e as Error).message}`);
  }
  // Names are read by readNameField below, so mrz's own name verdicts are left out.
  const problems: Td1Problem[] = result.details.filter((d) => !d.valid && d.field !== 'firstName' && d.field !== 'lastName').map(problemOf);
  const f = result.fields;
  const names = readNameField(lines[TD1_FIELD.name.line]!, problems);

  strictOverflow(lines, problems);
  strictDate(lines, TD1_FIELD.birthDate, 'birthDate', true, problems);
  strictDate(lines, TD1_FIELD.expiryDate, 'expirationDate', false, problems);
  const bad = new Set(problems.map((p) => p.field));
  const value = (name: string, v: string | null | undefined): string | null => (bad.has(name) || v == null ? null : v);

  const checkSlot = lines[0]![TD1_FIELD.documentNumberCheckDigit.start];
  const rawOptional1 = slice(lines, TD1_FIELD.optional1);
  const optional1 = checkSlot === '<' ? afterOverflow(rawOptional1) : f.optional1;
  const sex = f.sex === 'male' ? 'M' : f.sex === 'female' ? 'F' : f.sex === 'nonspecified' ? 'X' : null;

  return {
    valid: problems.length === 0,
    fields: {
      documentCode: value('documentCode', f.documentCode),
      issuingState: value('issuingState', f.issuingState),
      documentNumber: bad.has('documentNumberCheckDigit') ? null : value('documentNumber', f.documentNumber),
      optional1: value('optional1', optional1),
      birthDate: bad.has('birthDateCheckDigit') ? null : value('birthDate', f.birthDate),
      sex: bad.has('sex') ? null : sex,
      expiryDate: bad.has('expirationDateCheckDigit') ? null : value('expirationDate', f.expirationDate),
      nationality: value('nationality', f.nationality),
      optional2: value('optional2', f.optional2),
      familyName: names?.familyName ?? null,
      givenNames: names?.givenNames ?? null,
    },
    problems,
  };
}

function shapeLines(input: string | readonly string[]): string[] {
  const lines = typeof input === 'string' ? input.replace(/\r/g, '').replace(/\n+$/, '').split('\n') : [...input];
  if (lines.length !== TD1_LINE_COUNT) {
    throw mrzError('BAD_COUNT', 0, 'mrz', `a TD1 MRZ has ${TD1_LINE_COUNT} lines, found ${lines.length}`);
  }
  let offset = 0;
  for (const [i, line] of lines.entries()) {
    if (line.length !== TD1_LINE_LENGTH) {
      throw mrzError('BAD_LENGTH', offset, `line${i + 1}`, `line ${i + 1} has ${line.length} characters, expected ${TD1_LINE_LENGTH}`);
    }
    const badAt = line.search(/[^A-Z0-9<]/);
    if (badAt >= 0) throw mrzError('BAD_VALUE', offset + badAt, `line${i + 1}`, `'${line[badAt]}' is not an MRZ character`);
    offset += TD1_LINE_LENGTH + 1;
  }
  return lines;
}

function problemOf(d: Details): Td1Problem {
  return { field: d.field ?? d.label, message: d.error ?? 'invalid', line: d.line, start: d.start, end: d.end };
}

function slice(lines: readonly string[], span: Td1Span): string {
  return lines[span.line]!.slice(span.start, span.start + span.length);
}

/** Optional data 1 after a document number overflow: what follows the first filler. */
function afterOverflow(raw: string): string {
  const filler = raw.indexOf('<');
  return filler < 0 ? '' : raw.slice(filler + 1).replace(/<+$/, '').replace(/</g, ' ');
}

/** Family and given names: split at the first '<<'; none means a primary identifier alone. */
function readNameField(line: string, problems: Td1Problem[]): { familyName: string; givenNames: string } | null {
  const span = TD1_FIELD.name;
  if (!/^[A-Z][A-Z<]*$/.test(line)) {
    problems.push({ field: 'name', message: 'a name field holds letters and fillers, starting with a letter', line: span.line, start: 0, end: span.length });
    return null;
  }
  const sep = line.indexOf('<<');
  const primary = sep < 0 ? line : line.slice(0, sep);
  const secondary = sep < 0 ? '' : line.slice(sep + 2);
  const words = (t: string) => t.replace(/^<+|<+$/g, '').replace(/</g, ' ');
  return { familyName: words(primary), givenNames: words(secondary) };
}

/** With '<' in the check digit position, optional data 1 must open with the overflow, its digit and a filler. */
function strictOverflow(lines: readonly string[], problems: Td1Problem[]): void {
  if (lines[0]![TD1_FIELD.documentNumberCheckDigit.start] !== '<') return;
  if (/^[A-Z0-9]+[0-9]</.test(slice(lines, TD1_FIELD.optional1))) return;
  const span = TD1_FIELD.optional1;
  problems.push({
    field: 'documentNumber',
    message: "'<' in the check digit position but no document number overflow in optional data 1",
    line: span.line,
    start: span.start,
    end: span.start + span.length,
  });
}

/** Each two-digit part is digits, or '<<' when unknown (birth date only, never the year). */
function strictDate(lines: readonly string[], span: Td1Span, field: string, partialAllowed: boolean, problems: Td1Problem[]): void {
  const text = slice(lines, span);
  const parts = [text.slice(0, 2), text.slice(2, 4), text.slice(4, 6)];
  const ok = parts.every((p, i) => /^\d\d$/.test(p) || (partialAllowed && i > 0 && p === '<<'));
  if (!ok && !problems.some((p) => p.field === field)) {
    problems.push({
      field,
      message: `'${text}' is not a date YYMMDD${partialAllowed ? ' (unknown month or day as <<)' : ''}`,
      line: span.line,
      start: span.start,
      end: span.start + span.length,
    });
  }
}
