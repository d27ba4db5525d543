import { FormatError } from '@kura/formats';
import type { MinutiaType } from './minutia.js';
import { createTemplate, DIRECTION_STEPS, type FingerprintTemplate } from './template.js';
import { TWO_PI, normaliseAngle } from './match/angle.js';
import type { OrientationField } from './orientation-field.js';

/**
 * Kura's own template bytes (big-endian):
 *   magic "KFPT", version u8, flags u8 (bit 0: quality present), width u16, height u16,
 *   quality u8, reserved u8, minutia count u16,
 *   then per minutia: x u16, y u16, direction u16 (1/65536 turn), type u8 (0 other, 1 ending,
 *   2 bifurcation), reliability u8 (0–100);
 *   then, when flags bit 1 is set, the coarse orientation field: block size u8, columns u16,
 *   rows u16, and one 4-bit level per block (row-major, high nibble first; 0 = background).
 * Local descriptors are not stored: rebuilding them from the minutiae takes microseconds and keeps
 * the bytes small and independent of matcher tuning. The same template always gives the same bytes.
 */
export const TEMPLATE_MAGIC = 0x4b465054; // "KFPT"
export const TEMPLATE_VERSION = 1;
const FORMAT = 'Kura fingerprint template';
const HEADER_BYTES = 16;
const MINUTIA_BYTES = 8;
const FIELD_HEADER_BYTES = 5;
const FLAG_QUALITY = 1;
const FLAG_ORIENTATION = 2;
const TYPES: readonly MinutiaType[] = ['other', 'ending', 'bifurcation'];
const TYPE_CODE: Record<MinutiaType, number> = { other: 0, ending: 1, bifurcation: 2 };

export function encodeTemplate(template: FingerprintTemplate): Uint8Array {
  const n = template.minutiae.length;
  const field = template.orientation;
  const fieldBytes = field ? FIELD_HEADER_BYTES + Math.ceil(field.levels.length / 2) : 0;
  const bytes = new Uint8Array(HEADER_BYTES + n * MINUTIA_BYTES + fieldBytes);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, TEMPLATE_MAGIC);
  view.setUint8(4, TEMPLATE_VERSION);
  view.setUint8(5, (template.quality === undefined ? 0 : FLAG_QUALITY) | (field ? FLAG_ORIENTATION : 0));
  view.setUint16(6, template.width);
  view.setUint16(8, template.height);
  view.setUint8(10, template.quality ?? 0);
  view.setUint16(12, n);
  let at = HEADER_BYTES;
  for (const m of template.minutiae) {
    view.setUint16(at, m.x);
    view.setUint16(at + 2, m.y);
    view.setUint16(at + 4, Math.round((normaliseAngle(m.direction) / TWO_PI) * DIRECTION_STEPS) % DIRECTION_STEPS);
    view.setUint8(at + 6, TYPE_CODE[m.type]);
    view.setUint8(at + 7, Math.round(m.reliability * 100));
    at += MINUTIA_BYTES;
  }
  if (field) {
    view.setUint8(at, field.blockSize);
    view.setUint16(at + 1, field.columns);
    view.setUint16(at + 3, field.rows);
    at += FIELD_HEADER_BYTES;
    field.levels.forEach((level, i) => (bytes[at + (i >> 1)]! |= i & 1 ? level & 0x0f : (level & 0x0f) << 4));
  }
  return bytes;
}

export function decodeTemplate(bytes: Uint8Array): FingerprintTemplate {
  if (bytes.length < HEADER_BYTES) throw new FormatError(FORMAT, 'TRUNCATED', bytes.length, 'header', `${bytes.length} bytes are fewer than the ${HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== TEMPLATE_MAGIC) throw new FormatError(FORMAT, 'BAD_MAGIC', 0, 'magic', 'not a Kura fingerprint template (expected "KFPT")');
  const version = view.getUint8(4);
  if (version !== TEMPLATE_VERSION) throw new FormatError(FORMAT, 'UNSUPPORTED', 4, 'version', `template version ${version} is not supported (this build reads ${TEMPLATE_VERSION})`);
  const flags = view.getUint8(5);
  if (flags > (FLAG_QUALITY | FLAG_ORIENTATION)) throw new FormatError(FORMAT, 'BAD_VALUE', 5, 'flags', `unknown flags 0x${flags.toString(16)}`);
  const quality = view.getUint8(10);
  if (quality > 100) throw new FormatError(FORMAT, 'BAD_VALUE', 10, 'quality', `quality ${quality} exceeds 100`);
  const n = view.getUint16(12);
  const minutiaeEnd = HEADER_BYTES + n * MINUTIA_BYTES;
  if (bytes.length < minutiaeEnd) throw new FormatError(FORMAT, 'TRUNCATED', bytes.length, 'minutiae', `${n} minutiae need ${minutiaeEnd} bytes, ${bytes.length} present`);
  let orientation: OrientationField | undefined;
  let expected = minutiaeEnd;
  if (flags & FLAG_ORIENTATION) {
    if (bytes.length < minutiaeEnd + FIELD_HEADER_BYTES) throw new FormatError(FORMAT, 'TRUNCATED', bytes.length, 'orientation', 'orientation field header missing');
    const blockSize = view.getUint8(minutiaeEnd);
    const columns = view.getUint16(minutiaeEnd + 1);
    const rows = view.getUint16(minutiaeEnd + 3);
    if (blockSize === 0) throw new FormatError(FORMAT, 'BAD_VALUE', minutiaeEnd, 'orientation.blockSize', 'block size must be positive');
    const packed = Math.ceil((columns * rows) / 2);
    expected = minutiaeEnd + FIELD_HEADER_BYTES + packed;
    // Checked before allocating: the declared grid must be present in full.
    if (bytes.length < expected) throw new FormatError(FORMAT, 'TRUNCATED', bytes.length, 'orientation.levels', `${columns} × ${rows} blocks need ${packed} bytes`);
    const levels = new Uint8Array(columns * rows);
    const base = minutiaeEnd + FIELD_HEADER_BYTES;
    for (let i = 0; i < levels.length; i++) {
      const byte = bytes[base + (i >> 1)]!;
      levels[i] = i & 1 ? byte & 0x0f : byte >> 4;
    }
    orientation = { blockSize, columns, rows, levels };
  }
  if (bytes.length > expected) throw new FormatError(FORMAT, 'BAD_LENGTH', expected, 'end', `${bytes.length - expected} unexpected bytes after the template`);
  const minutiae = [];
  for (let i = 0, at = HEADER_BYTES; i < n; i++, at += MINUTIA_BYTES) {
    const type = TYPES[view.getUint8(at + 6)];
    if (type === undefined) throw new FormatError(FORMAT, 'BAD_VALUE', at + 6, `minutiae[${i}].type`, `unknown minutia type ${view.getUint8(at + 6)}`);
    const reliability = view.getUint8(at + 7);
    if (reliability > 100) throw new FormatError(FORMAT, 'BAD_VALUE', at + 7, `minutiae[${i}].reliability`, `reliability ${reliability} exceeds 100`);
    minutiae.push({ x: view.getUint16(at), y: view.getUint16(at + 2), direction: (view.getUint16(at + 4) * TWO_PI) / DIRECTION_STEPS, type, reliability: reliability / 100 });
  }
  return createTemplate({ width: view.getUint16(6), height: view.getUint16(8), minutiae, quality: flags & FLAG_QUALITY ? quality : undefined, orientation });
}
