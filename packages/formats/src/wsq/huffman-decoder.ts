import { MAX_CODE_LENGTH } from './constants.js';
import type { WsqHuffmanTable } from './types.js';

/** Codes up to this many bits are decoded with one table lookup; longer ones bit by bit. */
export const LOOKUP_BITS = 10;

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
