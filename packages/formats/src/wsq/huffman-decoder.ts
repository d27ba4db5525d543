import { MAX_CODE_LENGTH, SYMBOL } from './constants.js';
import type { WsqHuffmanTable } from './types.js';

/** Codes up to this many bits are decoded with one table lookup; longer ones bit by bit. */
export const LOOKUP_BITS = 10;

/*
 * A `coefficients` entry says in one word what a short code does, so the decoder's common path needs
 * no branch on the kind of symbol: bits 0-4 the code length, 5-11 how many coefficients it covers
 * (a zero run's length, or 1 for a value), bit 12 whether it codes a value, bits 13-20 that value
 * plus 128. 0 means "take the slow path": a longer code, or a symbol with extra bits (escapes) or
 * none of these meanings (the slow path reports it).
 */
export const ENTRY_LENGTH_MASK = 0x1f;
export const ENTRY_ADVANCE_SHIFT = 5;
export const ENTRY_ADVANCE_MASK = 0x7f;
export const ENTRY_IS_VALUE_SHIFT = 12;
export const ENTRY_VALUE_SHIFT = 13;
export const ENTRY_VALUE_BIAS = 128;

/** The `coefficients` entry for a short code of `length` bits standing for `symbol`. */
function coefficientEntry(length: number, symbol: number): number {
  if (symbol >= 1 && symbol <= SYMBOL.MAX_ZERO_RUN) return length | (symbol << ENTRY_ADVANCE_SHIFT);
  if (symbol > SYMBOL.ZERO_RUN_16BIT && symbol < 0xff) {
    return length | (1 << ENTRY_ADVANCE_SHIFT) | (1 << ENTRY_IS_VALUE_SHIFT) | ((symbol - SYMBOL.DIRECT_OFFSET + ENTRY_VALUE_BIAS) << ENTRY_VALUE_SHIFT);
  }
  return 0;
}

/** Canonical-code decoding tables (JPEG-style limits plus a lookup table for short codes). */
export class HuffmanDecoder {
  /** Largest code of each length, or -1 when there is none. Index = length (1..16). */
  readonly maxCode = new Int32Array(MAX_CODE_LENGTH + 1).fill(-1);
  /** Index in `symbols` of the first code of each length, minus that code. */
  readonly offset = new Int32Array(MAX_CODE_LENGTH + 1);
  readonly symbols: Uint8Array;
  /**
   * Indexed by the next LOOKUP_BITS bits: (code length << 8) | symbol for codes that short,
   * 0 when the code is longer (or the bits start no code).
   */
  readonly lookup = new Uint16Array(1 << LOOKUP_BITS);
  /** Indexed like `lookup`: what the code does to the coefficients (see coefficientEntry), or 0. */
  readonly coefficients = new Int32Array(1 << LOOKUP_BITS);

  constructor(table: WsqHuffmanTable) {
    this.symbols = table.symbols;
    let code = 0;
    let k = 0;
    for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
      const n = table.counts[len - 1]!;
      if (n > 0) {
        this.offset[len] = k - code;
        if (len <= LOOKUP_BITS) {
          for (let i = 0; i < n; i++) {
            const first = (code + i) << (LOOKUP_BITS - len);
            this.lookup.fill((len << 8) | table.symbols[k + i]!, first, first + (1 << (LOOKUP_BITS - len)));
            this.coefficients.fill(coefficientEntry(len, table.symbols[k + i]!), first, first + (1 << (LOOKUP_BITS - len)));
          }
        }
        code += n;
        k += n;
        this.maxCode[len] = code - 1;
      }
      code <<= 1;
    }
  }
}
