import { ansiNistError } from './ansi-nist-error.js';
import { canonicalTag } from './field-tag.js';
import type { AnsiNistTaggedRecord } from './model.js';
import { fieldNumber, findTextField } from './record-access.js';

/** Which Type-9 block the minutiae come from. */
export type AnsiNistMinutiaeFormat = 'standard' | 'iafis' | 'incits378' | 'efs';

export interface AnsiNistMinutia {
  x: number;
  y: number;
  /** Direction in degrees. */
  angle: number;
  /** Type as written: A/B/C/D (standard, IAFIS), 0/1/2 (INCITS 378), RE/BI/EX (EFS). */
  type: string | undefined;
  quality: number | undefined;
}

export interface AnsiNistMinutiaeBlock {
  format: AnsiNistMinutiaeFormat;
  /** Count field of the block (MIN 9.010, NMN 9.015, NOM 9.136), when present. */
  declared: number | undefined;
  /** Units of x and y: hundredths of a millimetre, or pixels (INCITS 378). */
  positionUnit: '0.01mm' | 'pixel';
  minutiae: AnsiNistMinutia[];
}

/** Where each block lives: count field, data field. */
const BLOCKS: readonly { format: AnsiNistMinutiaeFormat; count: number | undefined; data: number }[] = [
  { format: 'standard', count: 10, data: 12 },
  { format: 'iafis', count: 15, data: 23 },
  { format: 'incits378', count: 136, data: 137 },
  { format: 'efs', count: undefined, data: 331 },
];

function integer(text: string | undefined, at: number, label: string, what: string): number {
  if (text === undefined || !/^\d+$/.test(text)) throw ansiNistError('BAD_VALUE', at, label, `${what} is ${JSON.stringify(text ?? '')}, not a number`);
  return Number(text);
}

function optionalInteger(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function readMinutia(format: AnsiNistMinutiaeFormat, items: string[], at: number, label: string): AnsiNistMinutia {
  switch (format) {
    case 'standard':
    case 'iafis': {
      // Second item: XXXXYYYYTTT, positions in 0.01 mm and the angle in degrees.
      const pos = items[1];
      if (pos === undefined || !/^\d{11}$/.test(pos)) throw ansiNistError('BAD_VALUE', at, label, `minutia position ${JSON.stringify(pos ?? '')} is not XXXXYYYYTTT`);
      return { x: Number(pos.slice(0, 4)), y: Number(pos.slice(4, 8)), angle: Number(pos.slice(8)), quality: optionalInteger(items[2]), type: items[3] };
    }
    case 'incits378':
      // index, x, y, angle in 2-degree units, type, quality.
      return {
        x: integer(items[1], at, label, 'minutia x'),
        y: integer(items[2], at, label, 'minutia y'),
        angle: integer(items[3], at, label, 'minutia angle') * 2,
        type: items[4],
        quality: optionalInteger(items[5]),
      };
    case 'efs':
      return {
        x: integer(items[0], at, label, 'minutia x'),
        y: integer(items[1], at, label, 'minutia y'),
        angle: integer(items[2], at, label, 'minutia angle'),
        type: items[3],
        quality: undefined,
      };
  }
}

/**
 * The minutiae of a Type-9 record, one block per format present. `recordOffset` (the record's
 * position in the file) is used in error messages.
 */
export function readAnsiNistMinutiae(record: AnsiNistTaggedRecord, recordOffset = 0): AnsiNistMinutiaeBlock[] {
  if (record.type !== 9) return [];
  const out: AnsiNistMinutiaeBlock[] = [];
  for (const block of BLOCKS) {
    const field = findTextField(record, block.data);
    const declared = block.count === undefined ? undefined : fieldNumber(record, block.count);
    if (!field && declared === undefined) continue;
    const label = canonicalTag(9, block.data);
    const minutiae = field ? field.subfields.map((items) => readMinutia(block.format, items, recordOffset, label)) : [];
    out.push({ format: block.format, declared, positionUnit: block.format === 'incits378' ? 'pixel' : '0.01mm', minutiae });
  }
  return out;
}
