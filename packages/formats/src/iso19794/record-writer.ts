/** Big-endian growable byte writer for the encoders; values are range-checked by the caller. */
export class RecordWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  get position(): number {
    return this.length;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
    return this;
  }

  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }

  u24(value: number): this {
    return this.u8(value >>> 16).u8(value >>> 8).u8(value);
  }

  u32(value: number): this {
    return this.u16(Math.floor(value / 0x10000)).u16(value % 0x10000);
  }

  u48(value: number): this {
    return this.u16(Math.floor(value / 0x100000000)).u32(value % 0x100000000);
  }

  bytes(data: ArrayLike<number>): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** Overwrites an already written 32-bit value (record and block lengths known only at the end). */
  patchU32(at: number, value: number): void {
    const v = value >>> 0;
    this.buffer[at] = v >>> 24;
    this.buffer[at + 1] = (v >>> 16) & 0xff;
    this.buffer[at + 2] = (v >>> 8) & 0xff;
    this.buffer[at + 3] = v & 0xff;
  }

  patchU16(at: number, value: number): void {
    this.buffer[at] = (value >>> 8) & 0xff;
    this.buffer[at + 1] = value & 0xff;
  }

  patchU48(at: number, value: number): void {
    this.patchU16(at, Math.floor(value / 0x100000000));
    this.patchU32(at + 2, value % 0x100000000);
  }

  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
