import { ansiNistError } from './ansi-nist-error.js';
import { FIELD, LIMITS } from './constants.js';
import { canonicalTag } from './field-tag.js';
import type { AnsiNistRecord, AnsiNistTextField } from './model.js';
import { recordIdc } from './record-access.js';

/** One entry of Type-1 CNT (1.003): a record type and its IDC. */
export interface ContentEntry {
  type: number;
  idc: number;
}

const CNT_LABEL = canonicalTag(1, FIELD.CNT);

function integerItem(text: string | undefined, offset: number, what: string, max: number): number {
  if (text === undefined || !/^\d{1,10}$/.test(text)) throw ansiNistError('BAD_VALUE', offset, CNT_LABEL, `${what} is ${JSON.stringify(text ?? '')}, not a number`);
  const n = Number(text);
  if (n > max) throw ansiNistError('BAD_VALUE', offset, CNT_LABEL, `${what} ${n} is above ${max}`);
  return n;
}

/**
 * Reads CNT: the first subfield is `1␟count`, then one `type␟idc` subfield per record after Type-1.
 * `offset` is the field's position in the file, for error messages.
 */
export function readContentList(field: AnsiNistTextField | undefined, offset: number): ContentEntry[] {
  if (!field) throw ansiNistError('BAD_VALUE', offset, CNT_LABEL, 'the Type-1 record has no CNT field');
  const [first, ...rest] = field.subfields;
  const firstType = integerItem(first?.[0], offset, 'the first CNT record type', LIMITS.maxRecordType);
  if (firstType !== 1) throw ansiNistError('BAD_VALUE', offset, CNT_LABEL, `the first CNT subfield must describe Type-1, not Type-${firstType}`);
  const count = integerItem(first?.[1], offset, 'the CNT record count', Number.MAX_SAFE_INTEGER);
  if (count !== rest.length) throw ansiNistError('BAD_COUNT', offset, CNT_LABEL, `CNT announces ${count} records but lists ${rest.length}`);
  return rest.map((items, i) => {
    const type = integerItem(items[0], offset, `the type of CNT entry ${i + 1}`, LIMITS.maxRecordType);
    if (type < 2) throw ansiNistError('BAD_VALUE', offset, CNT_LABEL, `CNT entry ${i + 1} has record type ${type}`);
    const idc = integerItem(items[1], offset, `the IDC of CNT entry ${i + 1}`, LIMITS.maxIdc);
    return { type, idc };
  });
}

/** CNT subfields for the records after Type-1 (canonical form: IDC on two digits). */
export function contentListSubfields(records: readonly AnsiNistRecord[]): string[][] {
  const out: string[][] = [['1', String(records.length)]];
  for (const r of records) out.push([String(r.type), String(recordIdc(r) ?? 0).padStart(2, '0')]);
  return out;
}
