import { FormatError, type FormatErrorCode } from '@kura/formats';
import type { Minutia, MinutiaType } from '../fingerprint/minutia.js';
import { createTemplate, DIRECTION_STEPS, type FingerprintTemplate } from '../fingerprint/template.js';
import { normaliseAngle, TWO_PI } from '../fingerprint/match/angle.js';
import type { EdgeTable, ReusableEdgeTable } from '../fingerprint/match/edge-table.js';
import { PREFILTER_WORDS, writePrefilterCode } from './prefilter/index.js';
import { galleryParameters as P } from './parameters.js';

/**
 * A gallery finger's compact resident form (little-endian, deterministic):
 *   version u8 (1), quality u8 (0–100, 255 = unknown), width u16, height u16,
 *   pre-filter code length in 32-bit words u16, minutia count u16,          (10-byte header)
 *   the pre-filter code (words × 4 bytes),
 *   then per minutia 6 bytes: u32 = x (12 bits) | y (12 bits) << 12 | type (2 bits) << 24 |
 *   reliability (6 bits, 0–63) << 26, and the direction u16 (1/65536 turn, as templates keep it).
 * The orientation field is not kept: the gallery compares minutiae only (see fusion.ts for the
 * calibration that goes with it). Coordinates beyond 4095 px (8 inches at 500 ppi) are clamped.
 */
/**
 * Bumped whenever the packed layout OR the pre-filter code inside it changes (2: pre-filter features
 * filed by rotation group), so stale packed fingers are refused and re-packed from their templates.
 */
export const PACKED_FINGER_VERSION = 2;
export const PACKED_HEADER_BYTES = 10;
export const PACKED_MINUTIA_BYTES = 6;
const FORMAT = 'Kura packed gallery finger';
const MAX_COORDINATE = 0xfff;
const UNKNOWN_QUALITY = 255;
const TYPES: readonly MinutiaType[] = ['other', 'ending', 'bifurcation'];
const TYPE_CODE: Record<MinutiaType, number> = { other: 0, ending: 1, bifurcation: 2 };
/** The code's first word counts its 16-bit features, two per following word. */
const CODE_FEATURE_CAPACITY = (PREFILTER_WORDS - 1) * 2;

/** Largest packed finger this build writes. */
export const MAX_PACKED_FINGER_BYTES = PACKED_HEADER_BYTES + PREFILTER_WORDS * 4 + P.packedMinutiae * PACKED_MINUTIA_BYTES;

/**
 * Indices of the template's minutiae a packed finger keeps, ascending: all of them, or the
 * `packedMinutiae` most reliable (ties: the earlier one). Pairings found on the packed form
 * refer to positions in this list.
 */
export function packedMinutiaIndices(template: FingerprintTemplate): number[] {
  const n = template.minutiae.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= P.packedMinutiae) return all;
  const m = template.minutiae;
  return all
    .sort((a, b) => m[b]!.reliability - m[a]!.reliability || a - b)
    .slice(0, P.packedMinutiae)
    .sort((a, b) => a - b);
}

/** The gallery's compact resident form of one finger: pre-filter code + packed minutiae (+ width/height, quality). ≤ 1 KB, deterministic. */
export function packFinger(template: FingerprintTemplate): Uint8Array {
  const kept = packedMinutiaIndices(template);
  const codeBytes = PREFILTER_WORDS * 4;
  const bytes = new Uint8Array(PACKED_HEADER_BYTES + codeBytes + kept.length * PACKED_MINUTIA_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, PACKED_FINGER_VERSION);
  view.setUint8(1, template.quality ?? UNKNOWN_QUALITY);
  view.setUint16(2, template.width, true);
  view.setUint16(4, template.height, true);
  view.setUint16(6, PREFILTER_WORDS, true);
  view.setUint16(8, kept.length, true);
  // The code is computed on the minutiae kept, so it describes exactly what re-scoring compares.
  const packedTemplate = kept.length === template.minutiae.length ? template : createTemplate({ ...template, orientation: undefined, minutiae: kept.map((i) => template.minutiae[i]!) });
  const code = new Uint32Array(PREFILTER_WORDS);
  writePrefilterCode(packedTemplate, code, 0);
  for (let w = 0; w < PREFILTER_WORDS; w++) view.setUint32(PACKED_HEADER_BYTES + w * 4, code[w]!, true);
  let at = PACKED_HEADER_BYTES + codeBytes;
  for (const i of kept) {
    const m = template.minutiae[i]!;
    const x = Math.min(MAX_COORDINATE, Math.max(0, Math.round(m.x)));
    const y = Math.min(MAX_COORDINATE, Math.max(0, Math.round(m.y)));
    const reliability = Math.min(P.reliabilitySteps, Math.max(0, Math.round(m.reliability * P.reliabilitySteps)));
    view.setUint32(at, (x | (y << 12) | (TYPE_CODE[m.type] << 24) | (reliability << 26)) >>> 0, true);
    view.setUint16(at + 4, Math.round((normaliseAngle(m.direction) / TWO_PI) * DIRECTION_STEPS) % DIRECTION_STEPS, true);
    at += PACKED_MINUTIA_BYTES;
  }
  return bytes;
}

/** The finger as a template again, for re-scoring and evidence (minutiae only; no orientation field). */
export function unpackFinger(packed: Uint8Array): FingerprintTemplate {
  checkPackedFinger(packed, 0, packed.length);
  return readPackedTemplate(packed, 0, PACKED_HEADER_BYTES + PREFILTER_WORDS * 4);
}

/**
 * Checks the packed finger at bytes[start, start + length) and throws a FormatError naming the
 * fault. Everything the gallery later reads without checking is checked here.
 */
export function checkPackedFinger(bytes: Uint8Array, start: number, length: number): void {
  // Written without closures or allocation: a restore checks millions of fingers.
  if (length < PACKED_HEADER_BYTES) packedFault('TRUNCATED', start + length, 'header', `${length} bytes are fewer than the ${PACKED_HEADER_BYTES}-byte header`);
  if (bytes[start] !== PACKED_FINGER_VERSION) packedFault('UNSUPPORTED', start, 'version', `packed finger version ${bytes[start]} is not supported (this build reads ${PACKED_FINGER_VERSION})`);
  const quality = bytes[start + 1]!;
  if (quality > 100 && quality !== UNKNOWN_QUALITY) packedFault('BAD_VALUE', start + 1, 'quality', `quality ${quality} exceeds 100`);
  const words = bytes[start + 6]! | (bytes[start + 7]! << 8);
  if (words !== PREFILTER_WORDS) packedFault('UNSUPPORTED', start + 6, 'codeWords', `pre-filter code of ${words} words, this build uses ${PREFILTER_WORDS} (re-pack the gallery)`);
  const count = bytes[start + 8]! | (bytes[start + 9]! << 8);
  if (count > P.packedMinutiae) packedFault('BAD_COUNT', start + 8, 'count', `${count} minutiae, a packed finger keeps at most ${P.packedMinutiae}`);
  const expected = PACKED_HEADER_BYTES + words * 4 + count * PACKED_MINUTIA_BYTES;
  if (length !== expected) packedFault(length < expected ? 'TRUNCATED' : 'BAD_LENGTH', start + Math.min(length, expected), 'length', `${count} minutiae need ${expected} bytes, ${length} present`);
  const codeAt = start + PACKED_HEADER_BYTES;
  const features = bytes[codeAt]! | (bytes[codeAt + 1]! << 8);
  if (features > CODE_FEATURE_CAPACITY) packedFault('BAD_COUNT', codeAt, 'code.features', `${features} pre-filter features, a code holds at most ${CODE_FEATURE_CAPACITY}`);
  for (let i = 0, at = codeAt + words * 4 + 3; i < count; i++, at += PACKED_MINUTIA_BYTES) {
    if ((bytes[at]! & 3) > 2) packedFault('BAD_VALUE', at, `minutiae[${i}].type`, `unknown minutia type ${bytes[at]! & 3}`);
  }
}

function packedFault(code: FormatErrorCode, offset: number, field: string, message: string): never {
  throw new FormatError(FORMAT, code, offset, field, message);
}

/**
 * The template of a checked packed finger whose header starts at `headerAt` and whose minutiae
 * start at `minutiaeAt` (the gallery keeps header and minutiae apart from the code).
 */
export function readPackedTemplate(bytes: Uint8Array, headerAt: number, minutiaeAt: number): FingerprintTemplate {
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const quality = bytes[headerAt + 1]!;
  const count = u16(headerAt + 8);
  const minutiae: Minutia[] = [];
  for (let i = 0, at = minutiaeAt; i < count; i++, at += PACKED_MINUTIA_BYTES) {
    const word = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    minutiae.push({
      x: word & MAX_COORDINATE,
      y: (word >>> 12) & MAX_COORDINATE,
      type: TYPES[(word >>> 24) & 3] ?? 'other',
      reliability: (word >>> 26) / P.reliabilitySteps,
      direction: (u16(at + 4) * TWO_PI) / DIRECTION_STEPS,
    });
  }
  return createTemplate({ width: u16(headerAt + 2), height: u16(headerAt + 4), minutiae, quality: quality === UNKNOWN_QUALITY ? undefined : quality });
}

/**
 * The edge table of a checked packed finger (header at `headerAt`, minutiae at `minutiaeAt`), the
 * one readPackedTemplate's template carries, built in `into`'s reused arrays without the minutia
 * objects: what re-scoring needs of a candidate. Valid until `into` builds again.
 */
export function readPackedEdges(bytes: Uint8Array, headerAt: number, minutiaeAt: number, into: ReusableEdgeTable): EdgeTable {
  return into.build(readPackedMinutiae(bytes, headerAt, minutiaeAt, into));
}

/**
 * The minutiae of a checked packed finger written into `into`'s x, y, direction and type (after
 * `reserve`), as readPackedEdges builds from; returns their count.
 */
export function readPackedMinutiae(bytes: Uint8Array, headerAt: number, minutiaeAt: number, into: ReusableEdgeTable): number {
  const count = bytes[headerAt + 8]! | (bytes[headerAt + 9]! << 8);
  into.reserve(count);
  const { x, y, direction, type } = into;
  for (let i = 0, at = minutiaeAt; i < count; i++, at += PACKED_MINUTIA_BYTES) {
    const word = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    // Packed values are already quantised as createTemplate would (whole pixels, 1/65536 turn).
    x[i] = word & MAX_COORDINATE;
    y[i] = (word >>> 12) & MAX_COORDINATE;
    direction[i] = ((bytes[at + 4]! | (bytes[at + 5]! << 8)) * TWO_PI) / DIRECTION_STEPS;
    // The edge table's type codes are the packed ones (0 other, 1 ending, 2 bifurcation; 3 reads as other).
    const code = (word >>> 24) & 3;
    type[i] = code === 3 ? 0 : code;
  }
  return count;
}
