/**
 * ICAO Doc 9303 part 5: the TD1 (ID-1 card) machine readable zone, 3 lines of 30 characters.
 * Every position used by the builder, the reader and the tests comes from here.
 */

export const MRZ_FORMAT = 'icao-9303-td1';
export const TD1_LINE_LENGTH = 30;
export const TD1_LINE_COUNT = 3;

export interface Td1Span {
  line: number;
  start: number;
  length: number;
}

export const TD1_FIELD = {
  documentCode: { line: 0, start: 0, length: 2 },
  issuingState: { line: 0, start: 2, length: 3 },
  documentNumber: { line: 0, start: 5, length: 9 },
  documentNumberCheckDigit: { line: 0, start: 14, length: 1 },
  optional1: { line: 0, start: 15, length: 15 },
  birthDate: { line: 1, start: 0, length: 6 },
  birthDateCheckDigit: { line: 1, start: 6, length: 1 },
  sex: { line: 1, start: 7, length: 1 },
  expiryDate: { line: 1, start: 8, length: 6 },
  expiryDateCheckDigit: { line: 1, start: 14, length: 1 },
  nationality: { line: 1, start: 15, length: 3 },
  optional2: { line: 1, start: 18, length: 11 },
  compositeCheckDigit: { line: 1, start: 29, length: 1 },
  name: { line: 2, start: 0, length: 30 },
} as const satisfies Record<string, Td1Span>;
export type Td1FieldName = keyof typeof TD1_FIELD;

/** What the composite check digit covers: upper line 6–30, middle line 1–7, 9–15 and 19–29. */
export const TD1_COMPOSITE_SPANS: readonly Td1Span[] = [
  { line: 0, start: 5, length: 25 },
  { line: 1, start: 0, length: 7 },
  { line: 1, start: 8, length: 7 },
  { line: 1, start: 18, length: 11 },
];

/**
 * Longest document number: 9 characters in the field, the rest, its check digit and a filler in the
 * 15 positions of optional data 1 (the reader finds the end of the overflow at that filler).
 */
export const TD1_MAX_DOCUMENT_NUMBER_LENGTH = 9 + 15 - 2;

/** Offset of a span's first character in the MRZ text (lines joined by '\n'). */
export function td1Offset(span: Td1Span): number {
  return span.line * (TD1_LINE_LENGTH + 1) + span.start;
}
