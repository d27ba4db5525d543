import { ansiNistError } from './ansi-nist-error.js';
import { readBinaryRecord } from './binary-record-reader.js';
import { FIELD, isBinaryRecordType, LIMITS, SEPARATOR } from './constants.js';
import { readContentList } from './content-list.js';
import { canonicalTag, lengthTag } from './field-tag.js';
import type { AnsiNistRecord, AnsiNistTextField, AnsiNistTransaction } from './model.js';
import { recordIdc } from './record-access.js';
import { readTaggedRecord } from './tagged-record-reader.js';

export interface AnsiNistParseOptions {
  /**
   * Require each record's IDC to equal the IDC CNT lists for it (default true). Some agencies'
   * software writes inconsistent IDCs; set false to accept them.
   */
  checkIdc?: boolean;
}

const DEFAULT_OPTIONS: Required<AnsiNistParseOptions> = { checkIdc: true };

function looksLikeTransaction(bytes: Uint8Array): boolean {
  // "1." or "01." then a digit: the tag of field 1.001 / 1.01.
  const b0 = bytes[0];
  if (b0 === 0x31) return bytes[1] === 0x2e;
  return b0 === 0x30 && bytes[1] === 0x31 && bytes[2] === 0x2e;
}

/**
 * Parses an ANSI/NIST-ITL transaction (traditional encoding, versions 0200 to 0502).
 * Records are walked by their length fields in CNT order; image bytes are never scanned.
 * Throws FormatError for anything malformed.
 */
export function parseAnsiNist(bytes: Uint8Array, options: AnsiNistParseOptions = {}): AnsiNistTransaction {
  const { checkIdc } = { ...DEFAULT_OPTIONS, ...options };
  if (bytes.length === 0) throw ansiNistError('TRUNCATED', 0, '1.001', 'empty input');
  if (!looksLikeTransaction(bytes)) throw ansiNistError('BAD_MAGIC', 0, '1.001', 'not an ANSI/NIST transaction (it must start with the Type-1 tag 1.001)');

  const type1 = readTaggedRecord(bytes, 0, 1);
  const cntIndex = type1.record.fields.findIndex((f) => f.number === FIELD.CNT);
  const cntField = cntIndex < 0 ? undefined : type1.record.fields[cntIndex];
  if (cntField?.kind === 'binary') throw ansiNistError('BAD_VALUE', type1.fieldOffsets[cntIndex]!, '1.003', 'CNT cannot be binary');
  const entries = readContentList(cntField as AnsiNistTextField | undefined, cntIndex < 0 ? 0 : type1.fieldOffsets[cntIndex]!);

  const records: AnsiNistRecord[] = [type1.record];
  const recordOffsets = [0];
  const recordLengths = [type1.length];
  let pos = type1.length;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const label = lengthTag(entry.type);
    if (pos >= bytes.length) {
      throw ansiNistError('TRUNCATED', pos, label, `CNT lists ${entries.length} records after Type-1 but the input ends after ${i}`);
    }
    const read = isBinaryRecordType(entry.type)
      ? readBinaryRecord(bytes, pos, entry.type as 3 | 4 | 5 | 6 | 7 | 8)
      : readTaggedRecord(bytes, pos, entry.type);
    const idc = recordIdc(read.record);
    if (idc === undefined) throw ansiNistError('BAD_VALUE', pos, canonicalTag(entry.type, FIELD.IDC), `Type-${entry.type} record without a numeric IDC (0–${LIMITS.maxIdc})`);
    if (checkIdc && idc !== entry.idc) {
      throw ansiNistError('BAD_VALUE', pos, canonicalTag(entry.type, FIELD.IDC), `record IDC ${idc} differs from the IDC ${entry.idc} CNT lists for it`);
    }
    records.push(read.record);
    recordOffsets.push(pos);
    recordLengths.push(read.length);
    pos += read.length;
  }
  if (pos !== bytes.length) {
    // Bytes after the last listed record mean CNT does not describe the file.
    throw ansiNistError('BAD_COUNT', pos, '1.003', `${bytes.length - pos} bytes follow the last record CNT lists${bytes[pos] === SEPARATOR.FS ? ' (starting with an FS)' : ''}`);
  }
  return { records, source: { byteLength: bytes.length, recordOffsets, recordLengths } };
}
