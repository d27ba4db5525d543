import { RST_FIRST, RST_LAST, SYMBOL } from './constants.js';
import { LOOKUP_BITS, type HuffmanDecoder } from './huffman-decoder.js';
import { wsqError } from './wsq-error.js';

/**
 * The coefficients the entropy decoder stored, as (index, value) pairs in increasing index order:
 * every other coefficient is zero, so no array of all of them is needed. One instance is reused from
 * one decode to the next (decoding is synchronous), so batches of fingers allocate nothing here.
 */
export class StoredCoefficients {
  indices = new Int32Array(1024);
  values = new Int32Array(1024);
  count = 0;

  add(index: number, value: number): void {
    if (this.count === this.indices.length) this.grow();
    this.indices[this.count] = index;
    this.values[this.count++] = value;
  }

  private grow(): void {
    const indices = new Int32Array(this.indices.length * 2);
    const values = new Int32Array(this.values.length * 2);
    indices.set(this.indices);
    values.set(this.values);
    this.indices = indices;
    this.values = values;
  }
}

/**
 * Reads Huffman-coded coefficients from the bytes after an SOB header up to the next marker,
 * undoing 0xFF00 byte stuffing and skipping restart markers.
 */
export class EntropyDecoder {
  private pos: number;
  /** Pending bits, right-aligned; at most 32. */
  private bits = 0;
  private nbits = 0;
  /** The byte at `pos` starts a marker: no more data bits until it is dealt with. */
  private atMarker = false;

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

  /** Top up the bit buffer to more than 24 bits, stopping at a marker. */
  private fill(): void {
    const b = this.bytes;
    while (this.nbits <= 24 && !this.atMarker) {
      if (this.pos >= b.length) throw wsqError('TRUNCATED', this.pos, 'SOB.data', 'input ends inside entropy-coded data');
      const v = b[this.pos]!;
      if (v === 0xff) {
        if (this.pos + 1 >= b.length) throw wsqError('TRUNCATED', this.pos, 'SOB.data', 'input ends inside entropy-coded data');
        if (b[this.pos + 1] !== 0x00) {
          this.atMarker = true;
          break;
        }
        this.pos += 2;
      } else {
        this.pos += 1;
      }
      this.bits = ((this.bits << 8) | v) >>> 0;
      this.nbits += 8;
    }
  }

  private extraBits(count: number): number {
    if (this.nbits < count) this.fill();
    if (this.nbits < count) throw wsqError('TRUNCATED', this.pos, 'SOB.data', 'marker inside an escaped value');
    this.nbits -= count;
    return (this.bits >>> this.nbits) & ((1 << count) - 1);
  }

  /** Decode one symbol; -1 when the data ends (a marker; leftover bits are padding). */
  private symbol(h: HuffmanDecoder): number {
    if (this.nbits < 16) this.fill();
    if (this.nbits >= LOOKUP_BITS) {
      const entry = h.lookup[(this.bits >>> (this.nbits - LOOKUP_BITS)) & ((1 << LOOKUP_BITS) - 1)]!;
      if (entry !== 0) {
        this.nbits -= entry >>> 8;
        return entry & 0xff;
      }
    }
    // A code longer than the lookup, or too few bits left before a marker: one bit at a time.
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      if (this.nbits === 0) return -1;
      this.nbits--;
      code = (code << 1) | ((this.bits >>> this.nbits) & 1);
      if (code <= h.maxCode[len]!) return h.symbols[h.offset[len]! + code]!;
    }
    throw wsqError('BAD_VALUE', this.pos, 'SOB.data', 'invalid Huffman code');
  }

  /**
   * Decode coefficients from index `from` on until a marker other than RSTn; returns the new fill count.
   * Coefficients beyond `limit` are an error: the frame and quantisation tables fix how many there are.
   * Every coefficient coded as a value goes to `stored` with its index; the others are zero. The common path
   * (a short code, then its symbol) reads the bit buffer inline; the rare ones (long codes, escapes,
   * markers) go through the methods above.
   */
  decode(h: HuffmanDecoder, limit: number, from: number, stored: StoredCoefficients): number {
    let k = from;
    const b = this.bytes;
    const lookup = h.lookup;
    const lookupBits = LOOKUP_BITS;
    const lookupMask = (1 << lookupBits) - 1;
    const maxZeroRun = SYMBOL.MAX_ZERO_RUN;
    const zeroRun16 = SYMBOL.ZERO_RUN_16BIT;
    const directOffset = SYMBOL.DIRECT_OFFSET;
    for (;;) {
      let s: number;
      const nbits = this.nbits >= 16 ? this.nbits : (this.fill(), this.nbits);
      const entry = nbits >= lookupBits ? lookup[(this.bits >>> (nbits - lookupBits)) & lookupMask]! : 0;
      if (entry !== 0) {
        this.nbits = nbits - (entry >>> 8);
        s = entry & 0xff;
      } else {
        s = this.symbol(h);
      }
      if (s >= 1 && s <= maxZeroRun) {
        if (k + s > limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
        k += s;
        continue;
      }
      if (s > zeroRun16 && s < 0xff) {
        if (k >= limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
        stored.add(k++, s - directOffset);
        continue;
      }
      if (s < 0) {
        const marker = (b[this.pos]! << 8) | b[this.pos + 1]!;
        if (marker >= RST_FIRST && marker <= RST_LAST) {
          this.pos += 2;
          this.nbits = 0;
          this.atMarker = false;
          continue;
        }
        return k;
      }
      let run = -1;
      let value = 0;
      if (s === SYMBOL.POSITIVE_8BIT) value = this.extraBits(8);
      else if (s === SYMBOL.NEGATIVE_8BIT) value = -this.extraBits(8);
      else if (s === SYMBOL.POSITIVE_16BIT) value = this.extraBits(16);
      else if (s === SYMBOL.NEGATIVE_16BIT) value = -this.extraBits(16);
      else if (s === SYMBOL.ZERO_RUN_8BIT) run = this.extraBits(8);
      else if (s === SYMBOL.ZERO_RUN_16BIT) run = this.extraBits(16);
      else throw wsqError('BAD_VALUE', this.pos, 'SOB.data', `invalid coefficient symbol ${s}`);
      if (run >= 0) {
        if (k + run > limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
        k += run;
      } else {
        if (k >= limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
        stored.add(k++, value);
      }
    }
  }
}
