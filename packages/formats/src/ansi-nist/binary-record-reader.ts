import { ansiNistError } from './ansi-nist-error.js';
import { BINARY_HEADER_BYTES, FINGER_POSITION_SLOTS } from './constants.js';
import { lengthTag } from './field-tag.js';
import type { AnsiNistBinaryRecord } from './model.js';

export interface BinaryRecordRead {
  record: AnsiNistBinaryRecord;
  length: number;
}

function headerBytes(type: number): number {
  if (type === 7) return BINARY_HEADER_BYTES.userDefined;
  if (type === 8) return BINARY_HEADER_BYTES.signature;
  return BINARY_HEADER_BYTES.fingerprint;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

/**
 * Reads the binary record (types 3–8) at `start`. Binary records carry no type, so the type comes
 * from CNT; the 4-byte big-endian LEN gives the extent.
 */
export function readBinaryRecord(bytes: Uint8Array, start: number, type: 3 | 4 | 5 | 6 | 7 | 8): BinaryRecordRead {
  const lenLabel = lengthTag(type);
  if (start + 4 > bytes.length) throw ansiNistError('TRUNCATED', start, lenLabel, `the input ends inside the LEN of a Type-${type} record`);
  const length = ((bytes[start]! << 24) >>> 0) + ((bytes[start + 1]! << 16) | u16(bytes, start + 2));
  const header = headerBytes(type);
  if (length < header) throw ansiNistError('BAD_LENGTH', start, lenLabel, `LEN ${length} is shorter than the ${header}-byte Type-${type} header`);
  if (start + length > bytes.length) {
    throw ansiNistError('TRUNCATED', start, lenLabel, `record declares ${length} bytes but only ${bytes.length - start} remain`);
  }
  const at = start + 4;
  const idc = bytes[at]!;
  const end = start + length;
  if (type === 7) return { record: { kind: 'user-defined', type, idc, body: bytes.subarray(at + 1, end) }, length };
  if (type === 8) {
    return {
      record: {
        kind: 'signature',
        type,
        idc,
        signatureType: bytes[at + 1]!,
        representation: bytes[at + 2]!,
        scanningResolution: bytes[at + 3]!,
        width: u16(bytes, at + 4),
        height: u16(bytes, at + 6),
        data: bytes.subarray(start + header, end),
      },
      length,
    };
  }
  const fingerPositions: number[] = [];
  for (let i = 0; i < FINGER_POSITION_SLOTS; i++) fingerPositions.push(bytes[at + 2 + i]!);
  return {
    record: {
      kind: 'fingerprint-image',
      type,
      idc,
      impression: bytes[at + 1]!,
      fingerPositions,
      scanningResolution: bytes[at + 8]!,
      width: u16(bytes, at + 9),
      height: u16(bytes, at + 11),
      compression: bytes[at + 13]!,
      data: bytes.subarray(start + header, end),
    },
    length,
  };
}
