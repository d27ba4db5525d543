import { recordError } from './iso19794-error.js';

/**
 * Big-endian reader over one record. Every read is bounded: asking for more bytes than remain
 * throws a TRUNCATED FormatError naming the field and its offset, never reads past the end.
 */
export class RecordReader {
  pos: number;

  constructor(
    readonly format: string,
    readonly bytes: Uint8Array,
    pos = 0,
    /** Exclusive end of what this reader may touch. */
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(count: number, field: string): void {
    if (count > this.end - this.pos) {
      throw recordError(this.format, 'TRUNCATED', this.pos, field, `needs ${count} byte(s), only ${this.end - this.pos} left`);
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

  u24(field: string): number {
    this.need(3, field);
    const b = this.bytes;
    const v = (b[this.pos]! << 16) | (b[this.pos + 1]! << 8) | b[this.pos + 2]!;
    this.pos += 3;
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

  /** 48-bit unsigned (the ISO 19794-4:2005 record length); exact in a JS number. */
  u48(field: string): number {
    this.need(6, field);
    const high = this.u16(field);
    return high * 0x100000000 + this.u32(field);
  }

  /** A view of the next `count` bytes (no copy: the caller copies if it keeps them). */
  take(count: number, field: string): Uint8Array {
    this.need(count, field);
    const out = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }

  error(code: Parameters<typeof recordError>[1], offset: number, field: string, message: string): Error {
    return recordError(this.format, code, offset, field, message);
  }
}
