import { MAX_CODE_LENGTH } from './constants.js';
import type { WsqHuffmanTable } from './types.js';

/** Per-length limits of the canonical code, for decoding one bit at a time (JPEG-style). */
export class HuffmanDecoder {
  /** Largest code of each length, or -1 when there is none. Index = length (1..16). */
  readonly maxCode = new Int32Array(MAX_CODE_LENGTH + 1).fill(-1);
  /** Index in `symbols` of the first code of each length, minus that code. */
  readonly offset = new Int32Array(MAX_CODE_LENGTH + 1);
  readonly symbols: Uint8Array;

  constructor(table: WsqHuffmanTable) {
    this.symbols = table.symbols;
    let code = 0;
    let k = 0;
    for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
      const n = table.counts[len - 1]!;
      if (n > 0) {
        this.offset[len] = k - code;
        code += n;
        k += n;
        this.maxCode[len] = code - 1;
      }
      code <<= 1;
    }
  }
}
