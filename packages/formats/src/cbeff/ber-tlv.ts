import { FormatError } from '../errors.js';
import { BER_MAX_LENGTH_BYTES, BER_MAX_TAG_BYTES } from './constants.js';

/**
 * BER-TLV (ISO/IEC 8825-1 as profiled by ISO/IEC 7816-4): multi-byte tags, short and long definite
 * lengths. Indefinite lengths are refused (the LDS forbids them) and no length may reach past its parent.
 * Tags are kept as the integer of their bytes, so 7F61 reads as 0x7f61.
 */

/** Where one element sits in the input; values are read lazily with `tlvValue`. */
export interface TlvElement {
  tag: number;
  constructed: boolean;
  /** Offset of the tag's first byte. */
  offset: number;
  valueOffset: number;
  length: number;
  /** Offset just past the value. */
  end: number;
}

/** An element kept as it was read (unknown tags are carried through encode and decode). */
export interface RawTlv {
  tag: number;
  value: Uint8Array;
}

/** Reads the element that starts at `offset` and must end by `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number, format: string, field: string): TlvElement {
  let p = offset;
  if (p >= limit) throw new FormatError(format, 'TRUNCATED', p, field, 'expected a tag, found the end of the data');
  const first = bytes[p++]!;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // High tag number form: subsequent bytes follow while bit 8 is set.
    let count = 1;
    for (;;) {
      if (p >= limit) throw new FormatError(format, 'TRUNCATED', p, field, 'multi-byte tag runs past the end');
      const b = bytes[p++]!;
      tag = tag * 256 + b;
      count++;
      if (count > BER_MAX_TAG_BYTES) {
        throw new FormatError(format, 'BAD_VALUE', offset, field, `tag longer than ${BER_MAX_TAG_BYTES} bytes`);
      }
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw new FormatError(format, 'TRUNCATED', p, field, `tag ${hexTag(tag)} has no length`);
  const lengthOffset = p;
  const l0 = bytes[p++]!;
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else if (l0 === 0x80) {
    throw new FormatError(format, 'UNSUPPORTED', lengthOffset, field, `tag ${hexTag(tag)} has an indefinite length`);
  } else {
    const n = l0 & 0x7f;
    if (n > BER_MAX_LENGTH_BYTES) {
      throw new FormatError(format, 'TOO_LARGE', lengthOffset, field, `tag ${hexTag(tag)} length uses ${n} bytes`);
    }
    if (n > limit - p) throw new FormatError(format, 'TRUNCATED', lengthOffset, field, `tag ${hexTag(tag)} length runs past the end`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
  }
  if (length > limit - p) {
    throw new FormatError(
      format,
      'BAD_LENGTH',
      lengthOffset,
      field,
      `tag ${hexTag(tag)} declares ${length} byte(s), only ${limit - p} left`,
    );
  }
  return { tag, constructed: (first & 0x20) !== 0, offset, valueOffset: p, length, end: p + length };
}

/** Reads every element laid end to end in [start, end). */
export function readTlvSequence(bytes: Uint8Array, start: number, end: number, format: string, field: string): TlvElement[] {
  const out: TlvElement[] = [];
  let p = start;
  while (p < end) {
    const e = readTlv(bytes, p, end, format, field);
    out.push(e);
    p = e.end;
  }
  return out;
}

/** A copy of the element's value (a copy, so the result does not pin the whole input). */
export function tlvValue(bytes: Uint8Array, e: TlvElement): Uint8Array {
  return bytes.slice(e.valueOffset, e.end);
}

export function hexTag(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(2, '0');
}

/** The bytes of a tag number as written (0x7f61 → 7F 61). */
export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) throw new FormatError('ber-tlv', 'BAD_VALUE', 0, 'tag', `cannot encode tag ${tag}`);
  const out: number[] = [];
  let t = tag;
  do {
    out.unshift(t % 256);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Uint8Array.from(out);
}

/** Shortest definite length: one byte below 128, else 81/82/83/84 followed by the length. */
export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const body: number[] = [];
  let l = length;
  while (l > 0) {
    body.unshift(l % 256);
    l = Math.floor(l / 256);
  }
  return Uint8Array.from([0x80 | body.length, ...body]);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes([encodeTag(tag), encodeLength(value.length), value]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Unsigned big-endian integer of 1 to 4 bytes. */
export function readUnsigned(bytes: Uint8Array, e: TlvElement): number {
  let v = 0;
  for (let i = e.valueOffset; i < e.end; i++) v = v * 256 + bytes[i]!;
  return v;
}

/** Unsigned big-endian integer in at least `minWidth` bytes. */
export function encodeUnsigned(value: number, minWidth: number, field: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new FormatError('ber-tlv', 'BAD_VALUE', 0, field, `cannot encode ${value} as an unsigned integer`);
  }
  const out: number[] = [];
  let v = value;
  while (v > 0 || out.length < minWidth) {
    out.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  return Uint8Array.from(out);
}
