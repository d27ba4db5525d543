import {
  ANSI_2004_HEADER_BYTES,
  FMR_MAGIC,
  FORMAT_NAMES,
  ISO_2005_HEADER_BYTES,
  ISO_2011_HEADER_BYTES,
  ISO_2011_REPRESENTATION_MIN_BYTES,
  VERSION_2004_ALTERNATE,
  VERSION_2005,
  VERSION_2011,
} from './constants.js';
import { decodeAnsi378_2004, decodeIso19794_2_2005, encodeAnsi378_2004, encodeIso19794_2_2005 } from './finger-minutiae-2005.js';
import { decodeAnsi378_2009, decodeIso19794_2_2011, encodeAnsi378_2009, encodeIso19794_2_2011 } from './finger-minutiae-2011.js';
import { recordError } from './iso19794-error.js';
import type { MinutiaeRecord, MinutiaeStandard } from './minutiae-model.js';

export interface MinutiaeFormat {
  readonly standard: MinutiaeStandard;
  /** Human name, e.g. "ISO/IEC 19794-2:2005". */
  readonly name: string;
  /** Version field text: ' 20', '020' or '030'. */
  readonly versionText: string;
}

/**
 * Which minutiae standard and version a record follows, from its signature and structure, or
 * undefined when it is not a finger minutiae record. "FMR\0" + " 20\0" is ISO 2005 or ANSI 2004:
 * the length field tells them apart (ISO: 4 bytes; ANSI: 2 bytes, or 0 then 4 bytes). "FMR\0" +
 * "030\0" is ISO 2011 or ANSI 2009: ISO's length-prefixed representations must tile the record.
 */
export function detectMinutiaeFormat(bytes: Uint8Array): MinutiaeFormat | undefined {
  if (bytes.length < 12 || !FMR_MAGIC.every((b, i) => bytes[i] === b) || bytes[7] !== 0) return undefined;
  const versionText = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!);
  const standard = standardFor(bytes, versionText);
  return standard ? { standard, name: FORMAT_NAMES[standard], versionText } : undefined;
}

function standardFor(bytes: Uint8Array, versionText: string): MinutiaeStandard | undefined {
  if (versionText === VERSION_2004_ALTERNATE) return 'ansi-378-2004';
  if (versionText === VERSION_2005) {
    const [preferred, other] = candidates2005(bytes);
    // Structure settles the rare records where the length heuristic guesses wrong.
    return parses(bytes, preferred) || !parses(bytes, other) ? preferred : other;
  }
  if (versionText === VERSION_2011) return representationsTile(bytes) ? 'iso-19794-2-2011' : 'ansi-378-2009';
  return undefined;
}

/** ISO 2005 and ANSI 2004 in the order the length field suggests. */
function candidates2005(bytes: Uint8Array): [MinutiaeStandard, MinutiaeStandard] {
  return lengthFieldSuggestsAnsi2004(bytes) ? ['ansi-378-2004', 'iso-19794-2-2005'] : ['iso-19794-2-2005', 'ansi-378-2004'];
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32(bytes: Uint8Array, at: number): number {
  return u16(bytes, at) * 0x10000 + u16(bytes, at + 2);
}

/**
 * Bytes 8–9: ANSI's 2-byte length is at least its 26-byte header; ISO's 4-byte length has zero high
 * bytes for any record under 64 KiB. Both zero: ANSI's long form puts a small high word in bytes
 * 10–11 (a record of 64 KiB or more), ISO puts its whole length (at least 24) there.
 */
function lengthFieldSuggestsAnsi2004(bytes: Uint8Array): boolean {
  const high = u16(bytes, 8);
  if (high >= ANSI_2004_HEADER_BYTES) return true;
  if (high > 0) return false;
  return u16(bytes, 10) < ISO_2005_HEADER_BYTES;
}

function representationsTile(bytes: Uint8Array): boolean {
  if (bytes.length < ISO_2011_HEADER_BYTES) return false;
  const total = u32(bytes, 8);
  const count = u16(bytes, 12);
  let pos = ISO_2011_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > bytes.length) return false;
    const length = u32(bytes, pos);
    if (length < ISO_2011_REPRESENTATION_MIN_BYTES) return false;
    pos += length;
    if (pos > bytes.length) return false;
  }
  return pos === total || pos === bytes.length;
}

const DECODERS: Record<MinutiaeStandard, (bytes: Uint8Array) => MinutiaeRecord> = {
  'iso-19794-2-2005': decodeIso19794_2_2005,
  'iso-19794-2-2011': decodeIso19794_2_2011,
  'ansi-378-2004': decodeAnsi378_2004,
  'ansi-378-2009': decodeAnsi378_2009,
};

const ENCODERS: Record<MinutiaeStandard, (record: MinutiaeRecord) => Uint8Array> = {
  'iso-19794-2-2005': encodeIso19794_2_2005,
  'iso-19794-2-2011': encodeIso19794_2_2011,
  'ansi-378-2004': encodeAnsi378_2004,
  'ansi-378-2009': encodeAnsi378_2009,
};

function parses(bytes: Uint8Array, standard: MinutiaeStandard): boolean {
  try {
    DECODERS[standard](bytes);
    return true;
  } catch {
    return false;
  }
}

/** Detects the standard and decodes; a record that is not finger minutiae → BAD_MAGIC. */
export function decodeMinutiaeRecord(bytes: Uint8Array): MinutiaeRecord {
  const isFmr = bytes.length >= 12 && FMR_MAGIC.every((b, i) => bytes[i] === b) && bytes[7] === 0;
  if (isFmr && String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!) === VERSION_2005) {
    // Decode once in the likelier layout; only a failure costs a second attempt in the other.
    const [preferred, other] = candidates2005(bytes);
    try {
      return DECODERS[preferred](bytes);
    } catch (first) {
      try {
        return DECODERS[other](bytes);
      } catch {
        throw first;
      }
    }
  }
  const detected = detectMinutiaeFormat(bytes);
  if (!detected) throw recordError('ISO/IEC 19794-2 / ANSI INCITS 378', 'BAD_MAGIC', 0, 'formatIdentifier', 'not a finger minutiae record ("FMR\\0" with version " 20", "020" or "030")');
  return DECODERS[detected.standard](bytes);
}

/** Encodes a record in the layout its `standard` names. */
export function encodeMinutiaeRecord(record: MinutiaeRecord): Uint8Array {
  return ENCODERS[record.standard](record);
}
