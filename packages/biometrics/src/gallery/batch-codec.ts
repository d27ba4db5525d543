import { FormatError } from '@kura/formats';
import { isFingerPosition, type FingerPosition, type PackedGalleryFinger } from './types.js';
import { checkPackedFinger } from './packed-finger.js';

/**
 * A batch of packed gallery fingers as bytes (the snapshot's payload and the fast restore path),
 * little-endian:
 *   magic "KGAB", version u8 (1), 3 reserved bytes (0), finger count u32,
 *   then per finger: subject id u32, finger position u8 (1–10), packed length u16, packed bytes.
 * Every packed finger is checked in full on decoding, so what the gallery loads it can trust.
 */
const MAGIC = [0x4b, 0x47, 0x41, 0x42]; // "KGAB"
export const GALLERY_BATCH_VERSION = 1;
export const BATCH_HEADER_BYTES = 12;
export const BATCH_RECORD_HEADER_BYTES = 7;
const FORMAT = 'Kura gallery batch';
const MAX_SUBJECT_ID = 0xffffffff;

/** Subject ids are unsigned 32-bit integers (the registry's enrollment ids). */
export function isSubjectId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SUBJECT_ID;
}

export function encodeGalleryBatch(fingers: readonly PackedGalleryFinger[]): Uint8Array {
  let total = BATCH_HEADER_BYTES;
  for (const [i, f] of fingers.entries()) {
    if (!isSubjectId(f.subjectId)) throw new RangeError(`fingers[${i}].subjectId must be an integer in [0, ${MAX_SUBJECT_ID}], got ${f.subjectId}`);
    if (!isFingerPosition(f.position)) throw new RangeError(`fingers[${i}].position must be a finger code 1–10, got ${String(f.position)}`);
    try {
      checkPackedFinger(f.packed, 0, f.packed.length);
    } catch (error) {
      throw new RangeError(`fingers[${i}].packed is not a packed finger: ${error instanceof Error ? error.message : String(error)}`);
    }
    total += BATCH_RECORD_HEADER_BYTES + f.packed.length;
  }
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint8(4, GALLERY_BATCH_VERSION);
  view.setUint32(8, fingers.length, true);
  let at = BATCH_HEADER_BYTES;
  for (const f of fingers) {
    view.setUint32(at, f.subjectId, true);
    view.setUint8(at + 4, f.position);
    view.setUint16(at + 5, f.packed.length, true);
    bytes.set(f.packed, at + BATCH_RECORD_HEADER_BYTES);
    at += BATCH_RECORD_HEADER_BYTES + f.packed.length;
  }
  return bytes;
}

/**
 * Walks a batch, checking everything, and calls `visit` for each finger with where its packed
 * bytes lie (`start`, `length` in `bytes`); builds no per-finger objects. Throws a FormatError
 * before visiting anything when the batch is corrupt anywhere, so a caller changes nothing then.
 * Returns the finger count.
 */
export function scanGalleryBatch(bytes: Uint8Array, visit?: (subjectId: number, position: FingerPosition, start: number, length: number) => void): number {
  if (bytes.length < BATCH_HEADER_BYTES) throw new FormatError(FORMAT, 'TRUNCATED', bytes.length, 'header', `${bytes.length} bytes are fewer than the ${BATCH_HEADER_BYTES}-byte header`);
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw new FormatError(FORMAT, 'BAD_MAGIC', 0, 'magic', 'not a Kura gallery batch (expected "KGAB")');
  if (bytes[4] !== GALLERY_BATCH_VERSION) throw new FormatError(FORMAT, 'UNSUPPORTED', 4, 'version', `gallery batch version ${bytes[4]} is not supported (this build reads ${GALLERY_BATCH_VERSION})`);
  if (bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) throw new FormatError(FORMAT, 'BAD_VALUE', 5, 'reserved', 'reserved bytes must be 0');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (count > (bytes.length - BATCH_HEADER_BYTES) / BATCH_RECORD_HEADER_BYTES) throw new FormatError(FORMAT, 'TOO_LARGE', 8, 'count', `${count} fingers cannot fit in ${bytes.length} bytes`);
  // First pass checks; the second visits, so a corrupt batch is refused whole.
  let at = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (at + BATCH_RECORD_HEADER_BYTES > bytes.length) throw new FormatError(FORMAT, 'TRUNCATED', at, `fingers[${i}]`, `finger ${i} of ${count} starts past the end`);
    const position = view.getUint8(at + 4);
    if (!isFingerPosition(position)) throw new FormatError(FORMAT, 'BAD_VALUE', at + 4, `fingers[${i}].position`, `finger position ${position} is not a code 1–10`);
    const length = view.getUint16(at + 5, true);
    const start = at + BATCH_RECORD_HEADER_BYTES;
    if (start + length > bytes.length) throw new FormatError(FORMAT, 'TRUNCATED', at + 5, `fingers[${i}].length`, `finger ${i} declares ${length} bytes, ${bytes.length - start} remain`);
    try {
      checkPackedFinger(bytes, start, length);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      throw new FormatError(FORMAT, error.code, error.offset, `fingers[${i}].${error.field}`, `finger ${i}: ${error.message}`);
    }
    at = start + length;
  }
  if (at !== bytes.length) throw new FormatError(FORMAT, 'BAD_LENGTH', at, 'end', `${bytes.length - at} unexpected bytes after ${count} fingers`);
  if (visit) {
    at = BATCH_HEADER_BYTES;
    for (let i = 0; i < count; i++) {
      const length = view.getUint16(at + 5, true);
      visit(view.getUint32(at, true), view.getUint8(at + 4) as FingerPosition, at + BATCH_RECORD_HEADER_BYTES, length);
      at += BATCH_RECORD_HEADER_BYTES + length;
    }
  }
  return count;
}

export function decodeGalleryBatch(bytes: Uint8Array): PackedGalleryFinger[] {
  const fingers: PackedGalleryFinger[] = [];
  scanGalleryBatch(bytes, (subjectId, position, start, length) => fingers.push({ subjectId, position, packed: bytes.slice(start, start + length) }));
  return fingers;
}

/**
 * The finger count a batch's header announces, from its first BATCH_HEADER_BYTES bytes (enough to
 * size a gallery before loading, without reading the records); undefined when it is no batch header.
 */
export function galleryBatchFingerCount(header: Uint8Array): number | undefined {
  if (header.length < BATCH_HEADER_BYTES || MAGIC.some((b, i) => header[i] !== b) || header[4] !== GALLERY_BATCH_VERSION) return undefined;
  return new DataView(header.buffer, header.byteOffset, BATCH_HEADER_BYTES).getUint32(8, true);
}

/** Walks a batch already checked by scanGalleryBatch (the gallery's own shard batches): no checks. */
export function forEachCheckedBatchFinger(bytes: Uint8Array, visit: (subjectId: number, position: number, start: number, length: number) => void): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  for (let i = 0, at = BATCH_HEADER_BYTES; i < count; i++) {
    const length = view.getUint16(at + 5, true);
    visit(view.getUint32(at, true), view.getUint8(at + 4), at + BATCH_RECORD_HEADER_BYTES, length);
    at += BATCH_RECORD_HEADER_BYTES + length;
  }
}

/** An empty batch of `count` fingers and `recordBytes` of records, header written, to fill record by record. */
export function batchShell(count: number, recordBytes: number): Uint8Array {
  const bytes = new Uint8Array(BATCH_HEADER_BYTES + recordBytes);
  bytes.set(MAGIC, 0);
  bytes[4] = GALLERY_BATCH_VERSION;
  new DataView(bytes.buffer).setUint32(8, count, true);
  return bytes;
}
