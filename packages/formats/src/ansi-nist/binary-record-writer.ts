import { ansiNistError } from './ansi-nist-error.js';
import { BINARY_HEADER_BYTES, FINGER_POSITION_SLOTS, LIMITS } from './constants.js';
import { canonicalTag } from './field-tag.js';
import type { AnsiNistBinaryRecord } from './model.js';

function checkRange(value: number, max: number, at: number, label: string, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw ansiNistError('BAD_VALUE', at, label, `${what} ${value} is outside 0..${max}`);
  return value;
}

/** Encodes a binary record (types 3–8) with its LEN regenerated; `at` is its offset in the output. */
export function encodeBinaryRecord(record: AnsiNistBinaryRecord, at: number): Uint8Array[] {
  const t = record.type;
  const tag = (n: number): string => canonicalTag(t, n);
  let header: Uint8Array;
  let data: Uint8Array;
  if (record.kind === 'user-defined') {
    header = new Uint8Array(BINARY_HEADER_BYTES.userDefined);
    header[4] = checkRange(record.idc, 255, at, tag(2), 'IDC');
    data = record.body;
  } else if (record.kind === 'signature') {
    header = new Uint8Array(BINARY_HEADER_BYTES.signature);
    header[4] = checkRange(record.idc, 255, at, tag(2), 'IDC');
    header[5] = checkRange(record.signatureType, 255, at, tag(3), 'SIG');
    header[6] = checkRange(record.representation, 255, at, tag(4), 'SRT');
    header[7] = checkRange(record.scanningResolution, 255, at, tag(5), 'ISR');
    const w = checkRange(record.width, 0xffff, at, tag(6), 'HLL');
    const h = checkRange(record.height, 0xffff, at, tag(7), 'VLL');
    header[8] = w >> 8;
    header[9] = w & 0xff;
    header[10] = h >> 8;
    header[11] = h & 0xff;
    data = record.data;
  } else {
    header = new Uint8Array(BINARY_HEADER_BYTES.fingerprint);
    header[4] = checkRange(record.idc, 255, at, tag(2), 'IDC');
    header[5] = checkRange(record.impression, 255, at, tag(3), 'IMP');
    if (record.fingerPositions.length !== FINGER_POSITION_SLOTS) {
      throw ansiNistError('BAD_VALUE', at, tag(4), `FGP needs ${FINGER_POSITION_SLOTS} positions (255 for unused), got ${record.fingerPositions.length}`);
    }
    record.fingerPositions.forEach((p, i) => (header[6 + i] = checkRange(p, 255, at, tag(4), 'finger position')));
    header[12] = checkRange(record.scanningResolution, 255, at, tag(5), 'ISR');
    const w = checkRange(record.width, 0xffff, at, tag(6), 'HLL');
    const h = checkRange(record.height, 0xffff, at, tag(7), 'VLL');
    header[13] = w >> 8;
    header[14] = w & 0xff;
    header[15] = h >> 8;
    header[16] = h & 0xff;
    header[17] = checkRange(record.compression, 255, at, tag(8), 'GCA');
    data = record.data;
  }
  const length = header.length + data.length;
  if (length > LIMITS.maxRecordLength) throw ansiNistError('TOO_LARGE', at, tag(1), `record of ${length} bytes does not fit a 32-bit LEN`);
  new DataView(header.buffer).setUint32(0, length);
  return [header, data];
}
