import { ansiNistError } from './ansi-nist-error.js';
import { FIELD, LIMITS, SEPARATOR } from './constants.js';
import { canonicalTag, parseTagText } from './field-tag.js';
import type { AnsiNistField, AnsiNistTaggedRecord } from './model.js';
import { encodeText } from './text-codec.js';

const RS = String.fromCharCode(SEPARATOR.RS);
const US = String.fromCharCode(SEPARATOR.US);

function containsSeparator(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= SEPARATOR.FS && c <= SEPARATOR.US) return true;
  }
  return false;
}

/** The tag as read when it still names this field, else the canonical `T.NNN`. */
function tagText(recordType: number, field: AnsiNistField): string {
  if (field.tag !== undefined) {
    const parsed = parseTagText(field.tag);
    if (parsed && parsed.recordType === recordType && parsed.fieldNumber === field.number) return field.tag;
  }
  return canonicalTag(recordType, field.number);
}

function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function encodeFieldValue(recordType: number, field: AnsiNistField, at: number): Uint8Array {
  const label = canonicalTag(recordType, field.number);
  if (field.kind === 'binary') {
    if (field.number !== FIELD.DATA) throw ansiNistError('BAD_VALUE', at, label, `binary data is only allowed in field ${FIELD.DATA}`);
    return field.data;
  }
  if (field.number === FIELD.DATA) throw ansiNistError('BAD_VALUE', at, label, `field ${FIELD.DATA} holds binary data, not text`);
  if (field.subfields.length === 0 || field.subfields.some((s) => s.length === 0)) {
    throw ansiNistError('BAD_VALUE', at, label, 'a text field needs at least one subfield of at least one item');
  }
  for (const s of field.subfields) {
    for (const item of s) {
      if (containsSeparator(item)) throw ansiNistError('BAD_VALUE', at, label, 'an item contains an ANSI/NIST separator character');
    }
  }
  const text = field.subfields.length === 1 && field.subfields[0]!.length === 1 ? field.subfields[0]![0]! : field.subfields.map((s) => s.join(US)).join(RS);
  const bytes = encodeText(text, field.encoding === 'latin1');
  if (!bytes) throw ansiNistError('BAD_VALUE', at, label, 'latin1 field holds a character above U+00FF');
  return bytes;
}

/**
 * Encodes a tagged record: LEN first (regenerated), then every other field in its stored order,
 * the `.999` data field last. `override` replaces the value of one field (the writer's CNT).
 * `at` is the record's offset in the output, for error messages.
 */
export function encodeTaggedRecord(record: AnsiNistTaggedRecord, at: number, override?: { number: number; subfields: string[][] }): Uint8Array[] {
  const type = record.type;
  const lenField = record.fields.find((f) => f.number === FIELD.LEN);
  const lenTag = lenField ? tagText(type, lenField) : canonicalTag(type, FIELD.LEN);
  const body: Uint8Array[] = [];
  let bodyLength = 0;
  const rest = record.fields.filter((f) => f.number !== FIELD.LEN);
  let overridden = false;
  rest.forEach((original, i) => {
    if (!Number.isInteger(original.number) || original.number < 2 || original.number > LIMITS.maxFieldNumber) {
      throw ansiNistError('BAD_VALUE', at, canonicalTag(type, 0), `field number ${original.number} out of range`);
    }
    if (original.number === FIELD.DATA && i !== rest.length - 1) {
      throw ansiNistError('BAD_VALUE', at, canonicalTag(type, FIELD.DATA), `field ${FIELD.DATA} must be the last field of its record`);
    }
    // Only the first field with the overridden number is replaced: the reader reads that one.
    const replace = override !== undefined && !overridden && original.kind === 'text' && original.number === override.number;
    if (replace) overridden = true;
    const field: AnsiNistField = replace ? { ...original, subfields: override.subfields } : original;
    const tag = asciiBytes(`${tagText(type, field)}:`);
    const value = encodeFieldValue(type, field, at);
    body.push(Uint8Array.of(SEPARATOR.GS), tag, value);
    bodyLength += 1 + tag.length + value.length;
  });
  // LEN counts its own digits: grow the digit count until it is self-consistent.
  const fixed = lenTag.length + 1 + bodyLength + 1;
  let digits = String(fixed + 1).length;
  while (String(fixed + digits).length !== digits) digits++;
  const total = fixed + digits;
  if (total > LIMITS.maxRecordLength) throw ansiNistError('TOO_LARGE', at, canonicalTag(type, FIELD.LEN), `record of ${total} bytes`);
  return [asciiBytes(`${lenTag}:${total}`), ...body, Uint8Array.of(SEPARATOR.FS)];
}
