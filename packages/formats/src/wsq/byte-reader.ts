import { wsqError } from './wsq-error.js';

/** Big-endian reader over a byte array that throws a FormatError instead of reading past the end. */
export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    /** Exclusive end: reads never go beyond it (a segment's end, or the input's). */
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(count: number, field: string): void {
    if (count > this.end - this.pos) {
      throw wsqError('TRUNCATED', this.pos, field, `needs ${count} byte(s), only ${this.end - this.pos} left`);
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++]!;
  }

  u16(field: string): number {
    this.need(2, field);
    const b = this.bytes;
    const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.bytes;
    const p = this.pos;
    const v = b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
    this.pos += 4;
    return v;
  }

  take(count: number, field: string): Uint8Array {
    this.need(count, field);
    const out = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }
}
