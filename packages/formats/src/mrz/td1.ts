import { mrzCheckDigit } from './check-digit.js';
import { mrzError } from './mrz-error.js';
import { composeNameField } from './name-field.js';
import {
  TD1_COMPOSITE_SPANS,
  TD1_FIELD,
  TD1_LINE_LENGTH,
  TD1_MAX_DOCUMENT_NUMBER_LENGTH,
  type Td1FieldName,
  td1Offset,
} from './td1-layout.js';
import { transliterateToMrz } from './transliterate.js';

/** The person data a TD1 card's MRZ is made from. Dates are ISO; a birth date may be partial. */
export interface Td1Person {
  /** Document code, 1–2 letters starting with A, C or I; 'ID' by default. */
  documentCode?: string;
  /** ICAO code of the issuing state, e.g. 'MLI'. */
  issuingState: string;
  /** 1–22 letters and digits; beyond 9 the standard's overflow into optional data 1 is used. */
  documentNumber: string;
  familyName: string;
  givenNames: string;
  /** 'YYYY-MM-DD', or partial 'YYYY-MM' / 'YYYY' (unknown parts are written '<<'). */
  birthDate: string;
  /** 'X' (unspecified) is written as '<'. */
  sex: 'M' | 'F' | 'X';
  /** 'YYYY-MM-DD'. */
  expiryDate: string;
  /** ICAO code of the nationality, e.g. 'MLI'. */
  nationality: string;
  /** Optional data in line 1 (after any document number overflow). */
  optional1?: string;
  /** Optional data in line 2 (11 characters). */
  optional2?: string;
}

/** The values as written in the MRZ (what a reader gets back), e.g. birthDate '8004<<'. */
export interface Td1Fields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  optional1: string;
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  expiryDate: string;
  nationality: string;
  optional2: string;
  familyName: string;
  givenNames: string;
}

export interface Td1Mrz {
  lines: [string, string, string];
  /** The three lines joined by '\n'. */
  text: string;
  fields: Td1Fields;
  /** True when the name had to be shortened to fit 30 characters. */
  nameTruncated: boolean;
}

/** Builds the TD1 MRZ of an ID card. Bad person data is a FormatError naming the field. */
export function buildTd1(person: Td1Person): Td1Mrz {
  const documentCode = documentCodeOf(person.documentCode ?? 'ID');
  const issuingState = stateCode(person.issuingState, 'issuingState');
  const nationality = stateCode(person.nationality, 'nationality');
  const documentNumber = alphanumeric(person.documentNumber, 'documentNumber');
  if (documentNumber.length < 1 || documentNumber.length > TD1_MAX_DOCUMENT_NUMBER_LENGTH) {
    throw mrzError('BAD_LENGTH', at('documentNumber'), 'documentNumber', `must be 1–${TD1_MAX_DOCUMENT_NUMBER_LENGTH} characters`);
  }
  const birthDate = mrzDate(person.birthDate, 'birthDate', true);
  const expiryDate = mrzDate(person.expiryDate, 'expiryDate', false);
  const sex = person.sex;
  if (sex !== 'M' && sex !== 'F' && sex !== 'X') throw mrzError('BAD_VALUE', at('sex'), 'sex', `sex must be M, F or X`);
  const optional1 = transliterateToMrz(person.optional1 ?? '', 'optional1', at('optional1'), true);
  const optional2 = transliterateToMrz(person.optional2 ?? '', 'optional2', at('optional2'), true);

  // Document number: up to 9 in its field with its check digit; a longer one leaves '<' in the check
  // digit position and continues in optional data 1, followed by its check digit and a filler.
  let numberField: string;
  let numberCheck: string;
  let optionalData1: string;
  if (documentNumber.length <= TD1_FIELD.documentNumber.length) {
    numberField = documentNumber.padEnd(TD1_FIELD.documentNumber.length, '<');
    numberCheck = mrzCheckDigit(numberField);
    optionalData1 = optional1;
  } else {
    numberField = documentNumber.slice(0, TD1_FIELD.documentNumber.length);
    numberCheck = '<';
    const overflow = documentNumber.slice(TD1_FIELD.documentNumber.length) + mrzCheckDigit(documentNumber);
    optionalData1 = optional1 ? `${overflow}<${optional1}` : overflow;
  }
  if (optionalData1.length > TD1_FIELD.optional1.length - (numberCheck === '<' && !optional1 ? 1 : 0)) {
    throw mrzError('BAD_LENGTH', at('optional1'), 'optional1', 'document number overflow and optional data 1 do not fit 15 characters');
  }
  if (optional2.length > TD1_FIELD.optional2.length) {
    throw mrzError('BAD_LENGTH', at('optional2'), 'optional2', `optional data 2 exceeds ${TD1_FIELD.optional2.length} characters`);
  }

  const line1 = `${documentCode}${issuingState}${numberField}${numberCheck}${optionalData1.padEnd(TD1_FIELD.optional1.length, '<')}`;
  const sexChar = sex === 'X' ? '<' : sex;
  const line2Head = `${birthDate}${mrzCheckDigit(birthDate)}${sexChar}${expiryDate}${mrzCheckDigit(expiryDate)}${nationality}${optional2.padEnd(TD1_FIELD.optional2.length, '<')}`;
  const composite = mrzCheckDigit(compositeSource([line1, line2Head]));
  const line2 = line2Head + composite;

  const primary = transliterateToMrz(person.familyName, 'familyName', at('name'), false);
  const secondary = transliterateToMrz(person.givenNames, 'givenNames', at('name'), false);
  if (!primary) throw mrzError('BAD_VALUE', at('name'), 'familyName', 'the family name is empty after transliteration');
  const name = composeNameField(primary, secondary, TD1_LINE_LENGTH);

  const lines: [string, string, string] = [line1, line2, name.field];
  return {
    lines,
    text: lines.join('\n'),
    fields: {
      documentCode: documentCode.replace(/<+$/, ''),
      issuingState: issuingState.replace(/<+$/, ''),
      documentNumber,
      optional1: optional1.replace(/</g, ' '),
      birthDate,
      sex,
      expiryDate,
      nationality: nationality.replace(/<+$/, ''),
      optional2: optional2.replace(/</g, ' '),
      familyName: name.familyName,
      givenNames: name.givenNames,
    },
    nameTruncated: name.truncated,
  };
}

/** The characters the composite check digit covers, taken from the lines as written. */
export function compositeSource(lines: readonly string[]): string {
  return TD1_COMPOSITE_SPANS.map((s) => lines[s.line]!.slice(s.start, s.start + s.length)).join('');
}

function at(field: Td1FieldName): number {
  return td1Offset(TD1_FIELD[field]);
}

function documentCodeOf(code: string): string {
  const c = code.toUpperCase();
  // Doc 9303 part 5: TD1 codes start with A, C or I; the second letter is the State's choice but never V.
  if (!/^[ACI][A-Z<]?$/.test(c) || c[1] === 'V') {
    throw mrzError('BAD_VALUE', at('documentCode'), 'documentCode', `'${code}' is not a TD1 document code`);
  }
  return c.padEnd(2, '<');
}

/** Shape only: whether the code is a known state is the reader's check (mrz's list of ICAO codes). */
function stateCode(code: string, field: 'issuingState' | 'nationality'): string {
  const c = code.toUpperCase();
  if (!/^[A-Z][A-Z<]{2}$/.test(c)) {
    throw mrzError('BAD_VALUE', at(field), field, `'${code}' is not an ICAO state code`);
  }
  return c;
}

function alphanumeric(value: string, field: 'documentNumber'): string {
  const v = value.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]*$/.test(v)) throw mrzError('BAD_VALUE', at(field), field, `'${value}' must hold only letters and digits`);
  return v;
}

/** 'YYYY-MM-DD' → 'YYMMDD'; for a birth date, 'YYYY-MM' and 'YYYY' give '<<' for the unknown parts. */
function mrzDate(iso: string, field: 'birthDate' | 'expiryDate', partialAllowed: boolean): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  const bad = (): never => {
    throw mrzError('BAD_VALUE', at(field), field, `'${iso}' is not a ${partialAllowed ? '(partial) ' : ''}date YYYY-MM-DD`);
  };
  if (!m) return bad();
  const [, year, month, day] = m;
  if (!partialAllowed && day === undefined) return bad();
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return bad();
  if (day !== undefined) {
    const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (d.getUTCDate() !== Number(day)) return bad();
  }
  return `${year!.slice(2)}${month ?? '<<'}${day ?? '<<'}`;
}
