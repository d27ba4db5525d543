import { ansiNistError } from './ansi-nist-error.js';
import { CHAR, LIMITS } from './constants.js';

/** A tag `T.NNN:` read from the bytes. */
export interface ReadTag {
  recordType: number;
  fieldNumber: number;
  /** The tag text without the colon, exactly as written. */
  text: string;
  /** Offset of the first value byte (just after the colon). */
  valueStart: number;
}

/** Canonical tag text: record type, a period, the field number on at least 3 digits (`1.001`, `10.999`). */
export function canonicalTag(recordType: number, fieldNumber: number): string {
  return `${recordType}.${String(fieldNumber).padStart(3, '0')}`;
}

/** Parses a tag string such as `1.01` or `14.999` into its numbers, or undefined when it is not one. */
export function parseTagText(text: string): { recordType: number; fieldNumber: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  return { recordType: Number(m[1]), fieldNumber: Number(m[2]) };
}

const { ZERO, NINE, PERIOD, COLON } = CHAR;
const MAX_TAG_DIGITS = LIMITS.maxTagDigits;

function readDigits(bytes: Uint8Array, pos: number, limit: number, terminator: number, what: string, fieldLabel: string): { value: number; end: number } {
  let value = 0;
  let i = pos;
  for (; i < limit; i++) {
    const b = bytes[i]!;
    if (b === terminator) break;
    if (b < ZERO || b > NINE) {
      throw ansiNistError('BAD_VALUE', i, fieldLabel, `byte 0x${b.toString(16).padStart(2, '0')} in the ${what} of a tag`);
    }
    if (i - pos >= MAX_TAG_DIGITS) throw ansiNistError('BAD_VALUE', i, fieldLabel, `${what} of a tag has more than ${LIMITS.maxTagDigits} digits`);
    value = value * 10 + (b - ZERO);
  }
  if (i >= limit) throw ansiNistError('TRUNCATED', i, fieldLabel, `the record ends inside a tag`);
  if (i === pos) throw ansiNistError('BAD_VALUE', i, fieldLabel, `tag without a ${what}`);
  return { value, end: i };
}

/**
 * Reads `T.NNN:` at `pos`, looking no further than `limit`. `fieldLabel` names the field in errors
 * (the reader knows which record it is in, not yet which field).
 */
export function readTag(bytes: Uint8Array, pos: number, limit: number, fieldLabel: string): ReadTag {
  const type = readDigits(bytes, pos, limit, PERIOD, 'record type', fieldLabel);
  const field = readDigits(bytes, type.end + 1, limit, COLON, 'field number', fieldLabel);
  let text = '';
  for (let i = pos; i < field.end; i++) text += String.fromCharCode(bytes[i]!);
  return { recordType: type.value, fieldNumber: field.value, text, valueStart: field.end + 1 };
}

/** `T.001` for every record type, built once: the readers name it on every record. */
const LEN_TAGS = Array.from({ length: LIMITS.maxRecordType + 1 }, (_, type) => canonicalTag(type, 1));

export function lengthTag(recordType: number): string {
  return LEN_TAGS[recordType] ?? canonicalTag(recordType, 1);
}
