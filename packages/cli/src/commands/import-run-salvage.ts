/**
 * What can still be read from a transaction the reader refused (a file cut short): the key in its
 * Type-2 record, when that record is whole, and the index of the record at the reader's error
 * offset — so the rejection names the person and points at the record, as the report promises.
 * Walks the records by their length fields in the order Type-1 CNT lists them; never throws.
 */

const GS = 0x1d;
const FS = 0x1c;
const RS = '\u001e';
const US = '\u001f';
const BINARY_TYPES = new Set([3, 4, 5, 6, 7, 8]);

interface TaggedText {
  fields: Map<number, string>;
  length: number;
}

/** Reads a tagged record's LEN and, when it is whole, its fields (number → first item of first subfield). */
function readTagged(bytes: Uint8Array, start: number): TaggedText | undefined {
  let i = start;
  while (i < bytes.length && bytes[i] !== 0x3a) i++; // ':' after the LEN tag
  let length = 0;
  for (i++; i < bytes.length && bytes[i] !== GS && bytes[i] !== FS; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    length = length * 10 + digit;
  }
  if (length <= 0) return undefined;
  const fields = new Map<number, string>();
  if (start + length <= bytes.length) {
    const text = Buffer.from(bytes.subarray(start, start + length - 1)).toString('latin1');
    for (const field of text.split(String.fromCharCode(GS))) {
      const match = /^\d+\.(\d+):/.exec(field);
      if (match) fields.set(Number(match[1]), field.slice(match[0].length));
    }
  }
  return { fields, length };
}

export interface Salvage {
  key: string | undefined;
  recordIndex: number | undefined;
  /** Record types after Type-1, as CNT lists them (what the file was meant to hold). */
  types: number[];
}

const firstItem = (value: string | undefined) => value?.split(RS)[0]?.split(US)[0]?.trim() || undefined;

/** `keyRecordType`: the key is in Type-2 (a vendor id, the default) or in Type-1 (1.009 TCN). */
export function salvageTransaction(bytes: Uint8Array, keyField: number, errorOffset: number, keyRecordType: 1 | 2 = 2): Salvage {
  const type1 = readTagged(bytes, 0);
  if (!type1) return { key: undefined, recordIndex: errorOffset === 0 ? 0 : undefined, types: [] };
  // CNT (1.003): "1^count" then "type^idc" per record.
  const types = (type1.fields.get(3) ?? '')
    .split(RS)
    .slice(1)
    .map((s) => Number(s.split(US)[0]));
  let key = keyRecordType === 1 ? firstItem(type1.fields.get(keyField)) : undefined;
  let recordIndex: number | undefined = errorOffset < type1.length ? 0 : undefined;
  let pos = type1.length;
  for (let i = 0; i < types.length && pos < bytes.length; i++) {
    const type = types[i]!;
    let length: number | undefined;
    if (BINARY_TYPES.has(type)) {
      length = pos + 4 <= bytes.length ? ((bytes[pos]! << 24) | (bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>> 0 : undefined;
    } else {
      const record = readTagged(bytes, pos);
      length = record?.length;
      if (type === 2 && record && keyRecordType === 2) key = firstItem(record.fields.get(keyField));
    }
    if (recordIndex === undefined && errorOffset >= pos && (length === undefined || errorOffset < pos + length)) recordIndex = i + 1;
    if (!length) break;
    pos += length;
  }
  return { key, recordIndex, types };
}
