import { MAX_CODE_LENGTH } from './constants.js';
import type { WsqHuffmanTable } from './types.js';

/** Symbols 0..255, plus one reserved slot so that no code is all ones (JPEG annex K.2). */
export const HUFFMAN_ALPHABET = 256;

/**
 * Code length of each symbol from its frequency (JPEG annex K, figure K.1): repeatedly merge the two
 * least frequent entries, ties going to the larger symbol value, as NIST's reference encoder does.
 * `freq` has HUFFMAN_ALPHABET + 1 entries; the last one is the reserved code and must be 1.
 */
function codeSizes(freq: Float64Array): Int32Array {
  const n = freq.length;
  const size = new Int32Array(n);
  const next = new Int32Array(n).fill(-1);
  for (;;) {
    let v1 = -1;
    let v2 = -1;
    for (let i = 0; i < n; i++) {
      const f = freq[i]!;
      if (f === 0) continue;
      if (v1 < 0 || f <= freq[v1]!) {
        v2 = v1;
        v1 = i;
      } else if (v2 < 0 || f <= freq[v2]!) {
        v2 = i;
      }
    }
    if (v2 < 0) return size;
    freq[v1] = freq[v1]! + freq[v2]!;
    freq[v2] = 0;
    for (;;) {
      size[v1] = size[v1]! + 1;
      if (next[v1] === -1) break;
      v1 = next[v1]!;
    }
    next[v1] = v2;
    for (;;) {
      size[v2] = size[v2]! + 1;
      if (next[v2] === -1) break;
      v2 = next[v2]!;
    }
  }
}

/** Limit code lengths to 16 bits (figure K.3) and drop the reserved code from the longest length. */
function limitLengths(bits: Int32Array): void {
  for (let i = bits.length - 1; i > MAX_CODE_LENGTH; i--) {
    while (bits[i]! > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] = bits[i]! - 2;
      bits[i - 1] = bits[i - 1]! + 1;
      bits[j + 1] = bits[j + 1]! + 2;
      bits[j] = bits[j]! - 1;
    }
  }
  let i = MAX_CODE_LENGTH;
  while (i > 0 && bits[i] === 0) i--;
  if (i > 0) bits[i] = bits[i]! - 1;
}

/**
 * An optimal length-limited Huffman table for the given symbol counts (index = symbol 0..255).
 * Symbols are listed by increasing code length, then value (figure K.4). A table always holds at
 * least one symbol, so that even an empty block yields a table decoders accept.
 */
export function buildHuffmanTable(id: number, counts: ArrayLike<number>): WsqHuffmanTable {
  const freq = new Float64Array(HUFFMAN_ALPHABET + 1);
  let used = 0;
  for (let s = 0; s < HUFFMAN_ALPHABET; s++) {
    freq[s] = counts[s] ?? 0;
    if (freq[s]! > 0) used++;
  }
  if (used === 0) freq[1] = 1; // an unused code for a run of one zero
  freq[HUFFMAN_ALPHABET] = 1;
  const size = codeSizes(freq);
  // Lengths of up to 2*16 can occur before limiting (the procedure's own bound is 32).
  const bits = new Int32Array(Math.max(2 * MAX_CODE_LENGTH + 1, ...size) + 1);
  for (let s = 0; s <= HUFFMAN_ALPHABET; s++) if (size[s]! > 0) bits[size[s]!] = bits[size[s]!]! + 1;
  limitLengths(bits);
  const lengthCounts = new Uint8Array(MAX_CODE_LENGTH);
  let total = 0;
  for (let len = 1; len <= MAX_CODE_LENGTH; len++) {
    lengthCounts[len - 1] = bits[len]!;
    total += bits[len]!;
  }
  // Symbols by their unlimited length then value; limiting keeps that order (shortest first).
  const order: number[] = [];
  for (let len = 1; len < bits.length && order.length < total; len++) {
    for (let s = 0; s < HUFFMAN_ALPHABET && order.length < total; s++) if (size[s] === len) order.push(s);
  }
  return { id, counts: lengthCounts, symbols: Uint8Array.from(order) };
}
