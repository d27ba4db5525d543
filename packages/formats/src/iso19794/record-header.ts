import type { RecordReader } from './record-reader.js';

/** Checks the 4-byte format identifier ("FMR\0", "FIR\0", "FAC\0"). */
export function readMagic(r: RecordReader, magic: readonly number[]): void {
  const at = r.pos;
  const got = r.take(magic.length, 'formatIdentifier');
  if (!magic.every((b, i) => got[i] === b)) {
    throw r.error('BAD_MAGIC', at, 'formatIdentifier', `expected "${text(magic)}", found "${text(got)}"`);
  }
}

/** Reads the 4-byte version field (three characters and a NUL) and checks it is one of `accepted`. */
export function readVersionText(r: RecordReader, accepted: readonly string[]): string {
  const at = r.pos;
  const got = r.take(4, 'version');
  const version = text(got.subarray(0, 3));
  if (got[3] !== 0 || !accepted.includes(version)) {
    throw r.error('BAD_MAGIC', at, 'version', `version "${text(got)}" is not ${accepted.map((v) => `"${v}"`).join(' or ')}`);
  }
  return version;
}

function text(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/** Records where the declared length, the structure's end and the input's end disagree. */
export function reportLengthMismatch(warnings: string[], declaredLength: number, structureEnd: number, inputLength: number): void {
  if (structureEnd !== declaredLength) {
    warnings.push(`record length field says ${declaredLength} bytes but the record's structure ends at byte ${structureEnd}`);
  }
  if (structureEnd < inputLength) warnings.push(`${inputLength - structureEnd} byte(s) after the end of the record were ignored`);
}
