import type { ByteWriter } from './byte-writer.js';
import { SYMBOL } from './constants.js';
import { ENCODER } from './encoder-parameters.js';
import type { CanonicalCodes } from './huffman-table.js';
import { wsqError } from './wsq-error.js';

/** Receives each symbol of a block, with the extra bits that follow it (count 0 = none). */
type SymbolSink = (symbol: number, extra: number, extraBits: number) => void;

function emitRun(run: number, sink: SymbolSink): void {
  if (run <= SYMBOL.MAX_ZERO_RUN) sink(run, 0, 0);
  else if (run <= 0xff) sink(SYMBOL.ZERO_RUN_8BIT, run, 8);
  else sink(SYMBOL.ZERO_RUN_16BIT, run, 16);
}

function emitValue(v: number, sink: SymbolSink): void {
  if (v >= SYMBOL.MIN_DIRECT && v <= SYMBOL.MAX_DIRECT) sink(v + SYMBOL.DIRECT_OFFSET, 0, 0);
  else if (v > 0) {
    if (v <= 0xff) sink(SYMBOL.POSITIVE_8BIT, v, 8);
    else sink(SYMBOL.POSITIVE_16BIT, v, 16);
  } else if (v >= -0xff) sink(SYMBOL.NEGATIVE_8BIT, -v, 8);
  else sink(SYMBOL.NEGATIVE_16BIT, -v, 16);
}

/**
 * Turn coefficients into the WSQ alphabet (spec: Huffman coding categories): runs of zeros
 * (1..100 directly, longer with 8- or 16-bit escapes, at most 65,535 per symbol), values -73..74
 * directly, others with escapes. Runs never cross a block boundary.
 */
export function symbolize(coefficients: Int32Array, from: number, to: number, sink: SymbolSink): void {
  let run = 0;
  for (let i = from; i < to; i++) {
    const v = coefficients[i]!;
    if (v === 0) {
      if (run === ENCODER.maxZeroRun) {
        emitRun(run, sink);
        run = 0;
      }
      run++;
      continue;
    }
    if (run > 0) {
      emitRun(run, sink);
      run = 0;
    }
    emitValue(v, sink);
  }
  if (run > 0) emitRun(run, sink);
}

/** Add a block's symbol counts to `counts` (256 entries). */
export function countSymbols(coefficients: Int32Array, from: number, to: number, counts: Float64Array): void {
  symbolize(coefficients, from, to, (s) => {
    counts[s] = counts[s]! + 1;
  });
}

/** Huffman-code a block: bits MSB first, 0xFF bytes stuffed with 0x00, the last byte padded with ones. */
export function encodeBlock(coefficients: Int32Array, from: number, to: number, codes: CanonicalCodes, out: ByteWriter): void {
  let acc = 0; // pending bits, right-aligned
  let count = 0;
  const put = (value: number, bits: number): void => {
    acc = (acc << bits) | value;
    count += bits;
    while (count >= 8) {
      count -= 8;
      const byte = (acc >>> count) & 0xff;
      out.u8(byte);
      if (byte === 0xff) out.u8(0);
    }
    acc &= (1 << count) - 1;
  };
  symbolize(coefficients, from, to, (s, extra, extraBits) => {
    const length = codes.length[s]!;
    if (length === 0) throw wsqError('BAD_VALUE', from, 'SOB.data', `symbol ${s} has no Huffman code`);
    put(codes.code[s]!, length);
    if (extraBits > 0) put(extra, extraBits);
  });
  if (count > 0) put((1 << (8 - count)) - 1, 8 - count);
}
