import { ansiNistError } from './ansi-nist-error.js';
import { CHAR, FIELD, LIMITS, SEPARATOR } from './constants.js';
import { canonicalTag, lengthTag, readTag } from './field-tag.js';
import type { AnsiNistField, AnsiNistTaggedRecord } from './model.js';
import { decodeText } from './text-codec.js';

export interface TaggedRecordRead {
  record: AnsiNistTaggedRecord;
  /** Bytes the record occupies (its LEN). */
  length: number;
  /** File offset of each field's tag, parallel to record.fields (for error messages). */
  fieldOffsets: number[];
}

// Local copies: hot loops should not go through imported bindings.
const { FS, GS, RS: RS_BYTE, US: US_BYTE } = SEPARATOR;
const { ZERO, NINE } = CHAR;
const RS = String.fromCharCode(RS_BYTE);
const US = String.fromCharCode(US_BYTE);

/** Reads the LEN value that follows the first tag, up to its GS (or FS for a record of one field). */
function readLength(bytes: Uint8Array, pos: number, label: string): { length: number; separatorAt: number } {
  let length = 0;
  let i = pos;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === GS || b === FS) break;
    if (b < ZERO || b > NINE) throw ansiNistError('BAD_VALUE', i, label, `LEN holds byte 0x${b.toString(16).padStart(2, '0')}, not a digit`);
    if (i - pos >= LIMITS.maxLengthDigits) throw ansiNistError('TOO_LARGE', pos, label, `LEN has more than ${LIMITS.maxLengthDigits} digits`);
    length = length * 10 + (b - ZERO);
  }
  if (i >= bytes.length) throw ansiNistError('TRUNCATED', i, label, 'the input ends inside the LEN field');
  if (i === pos) throw ansiNistError('BAD_VALUE', pos, label, 'LEN is empty');
  if (length > LIMITS.maxRecordLength) throw ansiNistError('TOO_LARGE', pos, label, `LEN ${length} exceeds ${LIMITS.maxRecordLength}`);
  return { length, separatorAt: i };
}

/** Reads one text field value from `start` up to its GS or FS; returns the field and the separator's offset. */
function readTextValue(bytes: Uint8Array, start: number, end: number, number: number, tag: string): { field: AnsiNistField; separatorAt: number } {
  let i = start;
  let high = 0;
  let nested = false;
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b === GS || b === FS) break;
    if (b === RS_BYTE || b === US_BYTE) nested = true;
    high |= b;
  }
  const { text, latin1 } = decodeText(bytes, start, i, high < 0x80);
  const subfields = nested ? text.split(RS).map((s) => s.split(US)) : [[text]];
  const field: AnsiNistField = latin1 ? { kind: 'text', number, tag, subfields, encoding: 'latin1' } : { kind: 'text', number, tag, subfields };
  return { field, separatorAt: i };
}

/**
 * Reads the tagged record of `expectedType` starting at `start`: LEN first, then exactly LEN bytes.
 * The `.999` field runs from its tag to the record's final FS and is never scanned.
 */
export function readTaggedRecord(bytes: Uint8Array, start: number, expectedType: number): TaggedRecordRead {
  const lenLabel = lengthTag(expectedType);
  const lenTag = readTag(bytes, start, bytes.length, lenLabel);
  if (lenTag.recordType !== expectedType) {
    throw ansiNistError('BAD_VALUE', start, lenLabel, `expected a Type-${expectedType} record (from CNT), found tag ${lenTag.text}`);
  }
  if (lenTag.fieldNumber !== FIELD.LEN) throw ansiNistError('BAD_VALUE', start, lenLabel, `a tagged record must start with LEN, found ${lenTag.text}`);
  const { length, separatorAt } = readLength(bytes, lenTag.valueStart, lenLabel);
  if (start + length < separatorAt + 1) {
    throw ansiNistError('BAD_LENGTH', start, lenLabel, `LEN ${length} is shorter than the LEN field itself`);
  }
  if (start + length > bytes.length) {
    throw ansiNistError('TRUNCATED', start, lenLabel, `record declares ${length} bytes but only ${bytes.length - start} remain`);
  }
  const end = start + length - 1; // offset of the record's closing FS
  if (bytes[end] !== FS) throw ansiNistError('BAD_LENGTH', end, lenLabel, `LEN ${length} does not end on the record's FS separator`);

  let lenValue = '';
  for (let i = lenTag.valueStart; i < separatorAt; i++) lenValue += String.fromCharCode(bytes[i]!);
  const fields: AnsiNistField[] = [{ kind: 'text', number: FIELD.LEN, tag: lenTag.text, subfields: [[lenValue]] }];
  const fieldOffsets = [start];
  const unknownFieldLabel = `${expectedType}.?`;
  let sep = separatorAt;
  while (sep < end) {
    if (bytes[sep] === FS) throw ansiNistError('BAD_VALUE', sep, canonicalTag(expectedType, fields[fields.length - 1]!.number), 'FS separator inside the record, before its declared end');
    const at = sep + 1;
    const tag = readTag(bytes, at, end, unknownFieldLabel);
    if (tag.recordType !== expectedType || tag.fieldNumber <= FIELD.LEN) {
      const label = canonicalTag(expectedType, tag.fieldNumber);
      if (tag.recordType !== expectedType) throw ansiNistError('BAD_VALUE', at, label, `field ${tag.text} inside a Type-${expectedType} record`);
      if (tag.fieldNumber === 0) throw ansiNistError('BAD_VALUE', at, label, 'field number 0 does not exist');
      throw ansiNistError('BAD_VALUE', at, label, 'second LEN field in one record');
    }
    fieldOffsets.push(at);
    if (tag.fieldNumber === FIELD.DATA) {
      fields.push({ kind: 'binary', number: tag.fieldNumber, tag: tag.text, data: bytes.subarray(tag.valueStart, end) });
      sep = end;
      break;
    }
    const value = readTextValue(bytes, tag.valueStart, end, tag.fieldNumber, tag.text);
    fields.push(value.field);
    sep = value.separatorAt;
  }
  return { record: { kind: 'tagged', type: expectedType, fields }, length, fieldOffsets };
}
