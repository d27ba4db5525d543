import { ansiNistError } from './ansi-nist-error.js';
import { encodeBinaryRecord } from './binary-record-writer.js';
import { ByteSink } from './byte-sink.js';
import { FIELD, isBinaryRecordType, LIMITS } from './constants.js';
import { contentListSubfields } from './content-list.js';
import { canonicalTag } from './field-tag.js';
import type { AnsiNistRecord, AnsiNistTaggedRecord, AnsiNistTransaction } from './model.js';
import { recordIdc } from './record-access.js';
import { encodeTaggedRecord } from './tagged-record-writer.js';

function checkRecordShape(record: AnsiNistRecord, index: number, at: number): void {
  const label = canonicalTag(record.type, FIELD.LEN);
  if (!Number.isInteger(record.type) || record.type < 1 || record.type > LIMITS.maxRecordType) {
    throw ansiNistError('BAD_VALUE', at, label, `record ${index} has type ${record.type}`);
  }
  if (record.kind === 'tagged' && isBinaryRecordType(record.type)) {
    throw ansiNistError('BAD_VALUE', at, label, `Type-${record.type} records are binary, not tagged`);
  }
  const expected = record.kind === 'fingerprint-image' ? [3, 4, 5, 6] : record.kind === 'user-defined' ? [7] : record.kind === 'signature' ? [8] : undefined;
  if (expected && !expected.includes(record.type)) throw ansiNistError('BAD_VALUE', at, label, `a ${record.kind} record cannot be Type-${record.type}`);
  if (index > 0 && record.type === 1) throw ansiNistError('BAD_VALUE', at, label, 'only the first record may be Type-1');
  if (index > 0 && recordIdc(record) === undefined) throw ansiNistError('BAD_VALUE', at, canonicalTag(record.type, FIELD.IDC), `record ${index} has no numeric IDC`);
}

/** Type-1 with CNT present (inserted after VER when missing), so the writer can fill it in. */
function withContentField(type1: AnsiNistTaggedRecord): AnsiNistTaggedRecord {
  if (type1.fields.some((f) => f.number === FIELD.CNT)) return type1;
  const fields = [...type1.fields];
  const ver = fields.findIndex((f) => f.number === FIELD.IDC);
  fields.splice(ver < 0 ? Math.min(1, fields.length) : ver + 1, 0, { kind: 'text', number: FIELD.CNT, subfields: [['1', '0']] });
  return { ...type1, fields };
}

/**
 * Writes a transaction in canonical traditional encoding: every LEN and the Type-1 CNT are
 * regenerated from the records; everything else is written as stored.
 */
export function writeAnsiNist(transaction: AnsiNistTransaction): Uint8Array {
  const [first, ...rest] = transaction.records;
  if (!first || first.kind !== 'tagged' || first.type !== 1) throw ansiNistError('BAD_VALUE', 0, '1.001', 'a transaction starts with its Type-1 record');
  const sink = new ByteSink();
  transaction.records.forEach((r, i) => checkRecordShape(r, i, 0));
  for (const part of encodeTaggedRecord(withContentField(first), 0, { number: FIELD.CNT, subfields: contentListSubfields(rest) })) sink.push(part);
  for (const record of rest) {
    const parts = record.kind === 'tagged' ? encodeTaggedRecord(record, sink.length) : encodeBinaryRecord(record, sink.length);
    for (const part of parts) sink.push(part);
  }
  return sink.toBytes();
}
