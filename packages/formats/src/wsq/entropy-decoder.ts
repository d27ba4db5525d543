import { RST_FIRST, RST_LAST, SYMBOL } from './constants.js';
import {
  ENTRY_ADVANCE_MASK,
  ENTRY_ADVANCE_SHIFT,
  ENTRY_IS_VALUE_SHIFT,
  ENTRY_LENGTH_MASK,
  ENTRY_VALUE_BIAS,
  ENTRY_VALUE_SHIFT,
  LOOKUP_BITS,
  type HuffmanDecoder,
} from './huffman-decoder.js';
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

  /** Double the capacity, keeping the pairs stored so far. */
  grow(): void {
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
  /**
   * Pending bits: the low `nbits` bits of this int32 (kept signed, |0 rather than >>>0, so it stays
   * a small integer for the engine; every read shifts with >>> and masks, which ignores the sign).
   */
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
      this.bits = (this.bits << 8) | v;
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
   * Every coefficient coded as a value goes to `stored` with its index; the others are zero.
   * The common path (a short code, then its symbol) works on local copies of the bit buffer and of
   * `stored`, and tops the buffer up inline exactly as fill() does (same trigger, same stopping
   * point, same errors); the rare ones (long codes, escapes, markers, growing `stored`) write the
   * copies back, go through the methods above and reload them.
   */
  decode(h: HuffmanDecoder, limit: number, from: number, stored: StoredCoefficients): number {
    const b = this.bytes;
    const length = b.length;
    const lookup = h.lookup;
    const coefficients = h.coefficients;
    const lookupBits = LOOKUP_BITS;
    const lookupMask = (1 << lookupBits) - 1;
    const maxZeroRun = SYMBOL.MAX_ZERO_RUN;
    const zeroRun16 = SYMBOL.ZERO_RUN_16BIT;
    const directOffset = SYMBOL.DIRECT_OFFSET;
    let k = from;
    let bits = this.bits;
    let nbits = this.nbits;
    let pos = this.pos;
    let indices = stored.indices;
    let values = stored.values;
    let count = stored.count;
    for (;;) {
      if (nbits < 16 && !this.atMarker) {
        // fill(), inline: up to four bytes, undoing 0xFF00 stuffing, stopping before a marker.
        while (nbits <= 24) {
          if (pos >= length) throw wsqError('TRUNCATED', pos, 'SOB.data', 'input ends inside entropy-coded data');
          const v = b[pos]!;
          if (v === 0xff) {
            if (pos + 1 >= length) throw wsqError('TRUNCATED', pos, 'SOB.data', 'input ends inside entropy-coded data');
            if (b[pos + 1] !== 0x00) {
              this.atMarker = true;
              break;
            }
            pos += 2;
          } else {
            pos += 1;
          }
          bits = (bits << 8) | v;
          nbits += 8;
        }
      }
      const entry = nbits >= lookupBits ? coefficients[(bits >>> (nbits - lookupBits)) & lookupMask]! : 0;
      if (entry !== 0) {
        // A zero run or a value, without branching on which: a value is written at `count` and kept
        // (count + 1), a run's write is left beyond `count` to be overwritten. A value covers one
        // coefficient, so the bound check is the same as for a run of one.
        nbits -= entry & ENTRY_LENGTH_MASK;
        const advance = (entry >>> ENTRY_ADVANCE_SHIFT) & ENTRY_ADVANCE_MASK;
        if (k + advance > limit) throw wsqError('BAD_COUNT', pos, 'SOB.data', 'more coefficients than the subbands hold');
        if (count === indices.length) {
          stored.count = count;
          stored.grow();
          indices = stored.indices;
          values = stored.values;
        }
        indices[count] = k;
        values[count] = (entry >>> ENTRY_VALUE_SHIFT) - ENTRY_VALUE_BIAS;
        count += (entry >>> ENTRY_IS_VALUE_SHIFT) & 1;
        k += advance;
        continue;
      }
      let s: number;
      const short = nbits >= lookupBits ? lookup[(bits >>> (nbits - lookupBits)) & lookupMask]! : 0;
      if (short !== 0) {
        nbits -= short >>> 8;
        s = short & 0xff;
      } else {
        this.bits = bits;
        this.nbits = nbits;
        this.pos = pos;
        s = this.symbol(h);
        bits = this.bits;
        nbits = this.nbits;
        pos = this.pos;
      }
      if (s >= 1 && s <= maxZeroRun) {
        if (k + s > limit) throw wsqError('BAD_COUNT', pos, 'SOB.data', 'more coefficients than the subbands hold');
        k += s;
        continue;
      }
      if (s > zeroRun16 && s < 0xff) {
        if (k >= limit) throw wsqError('BAD_COUNT', pos, 'SOB.data', 'more coefficients than the subbands hold');
        if (count === indices.length) {
          stored.count = count;
          stored.grow();
          indices = stored.indices;
          values = stored.values;
        }
        indices[count] = k++;
        values[count++] = s - directOffset;
        continue;
      }
      stored.count = count;
      this.bits = bits;
      this.nbits = nbits;
      this.pos = pos;
      if (s < 0) {
        const marker = (b[pos]! << 8) | b[pos + 1]!;
        if (marker >= RST_FIRST && marker <= RST_LAST) {
          pos += 2;
          nbits = 0;
          this.atMarker = false;
          continue;
        }
        return k;
      }
      k = this.escape(s, k, limit, stored);
      bits = this.bits;
      nbits = this.nbits;
      pos = this.pos;
      count = stored.count;
      indices = stored.indices;
      values = stored.values;
    }
  }

  /** An escaped symbol (a value or a zero run in the following bits) at coefficient k; returns the next k. */
  private escape(s: number, k: number, limit: number, stored: StoredCoefficients): number {
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
      return k + run;
    }
    if (k >= limit) throw wsqError('BAD_COUNT', this.pos, 'SOB.data', 'more coefficients than the subbands hold');
    stored.add(k, value);
    return k + 1;
  }
}
