import { RST_FIRST, RST_LAST, SYMBOL } from './constants.js';
import type { HuffmanDecoder } from './huffman-decoder.js';
import { wsqError } from './wsq-error.js';

/**
 * Reads Huffman-coded coefficients from the bytes after an SOB header up to the next marker,
 * undoing 0xFF00 byte stuffing and skipping restart markers.
 */
export class EntropyDecoder {
  private pos: number;
  private bits = 0;
  private nbits = 0;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  /** Position of the marker that ended the data. */
  get position(): number {
    return this.pos;
  }

  /** Next data byte into the bit buffer; false when a marker starts here. */
  private load(): boolean {
    const b = this.bytes;
    if (this.pos >= b.length) throw wsqError('TRUNCATED', this.pos, 'SOB.data', 'input ends inside entropy-coded data');
    const v = b[this.pos]!;
    if (v === 0xff) {
      if (this.pos + 1 >= b.length) throw wsqError('TRUNCATED', this.pos, 'SOB.data', 'input ends inside entropy-coded data');
      if (b[this.pos + 1] !== 0x00) return false;
      this.pos += 2;
    } else {
      this.pos += 1;
    }
    this.bits = v;
    this.nbits = 8;
    return true;
  }

  /** One bit, or -1 at a marker. */
  private bit(): number {
    if (this.nbits === 0 && !this.load()) return -1;
    this.nbits--;
    return (this.bits >> this.nbits) & 1;
  }

  private extraBits(count: number): number {
    let v = 0;
    for (let i = 0; i < count; i++) {
      const b = this.bit();
      if (b < 0) throw wsqError('TRUNCATED', this.pos, 'SOB.data', 'marker inside an escaped value');
      v = (v << 1) | b;
    }
    return v;
  }

  /** Decode one symbol; -1 when the data ends (a marker; leftover bits are padding). */
  private symbol(h: HuffmanDecoder): number {
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      const b = this.bit();
      if (b < 0) return -1;
      code = (code << 1) | b;
      if (code <= h.maxCode[len]!) return h.symbols[h.offset[len]! + code]!;
    }
    throw wsqError('BAD_VALUE', this.pos, 'SOB.data', 'invalid Huffman code');
  }

  /**
   * Decode coefficients into out[from..] until a marker other than RSTn; returns the new fill count.
   * Coefficients beyond out.length are an error: the frame and quantisation tables fix how many there are.
   */
  decode(h: HuffmanDecoder, out: Int32Array, from: number): number {
    let k = from;
    const limit = out.length;
    const b = this.bytes;
    for (;;) {
      const s = this.symbol(h);
      if (s < 0) {
        const marker = (b[this.pos]! << 8) | b[this.pos + 1]!;
        if (marker >= RST_FIRST && marker <= RST_LAST) {
          this.pos += 2;
          this.nbits = 0;
          continue;
        }
        return k;
      }
      let run = -1;
      let value = 0;
      if (s >= 1 && s <= SYMBOL.MAX_ZERO_RUN) run = s;
      else if (s > SYMBOL.ZERO_RUN_16BIT && s < 0xff) value = s - SYMBOL.DIRECT_OFFSET;
      else if (s === SYMBOL.POSITIVE_8BIT) value = this.extraBits(8);
      else if (s === SYMBOL.NEGATIVE_8BIT) value = -this.extraBits(8);
      else if (s === SYMBOL.POSITIVE_16BIT) value = this.extraBits(16);
      else if (s === SYMBOL.NEGATIVE_16BIT) value = -this.extraBits(16);
      else if (s === SYMBOL.ZERO_RUN_8BIT) run = this.extraBits(8);
      else if (s === SYMBOL.ZERO_RUN_16BIT) run = this.extraBits(16);
      else throw wsqError('BAD_VALUE', this.pos, 'SOB.data', `invalid coefficient symbol ${s}`);
      if (run >= 0) {
        if (k + run > limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
        k += run; // the array starts zeroed
      } else {
        if (k >= limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
        out[k++] = value;
      }
    }
  }
}
