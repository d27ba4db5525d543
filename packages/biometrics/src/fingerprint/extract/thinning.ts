import type { BinaryImage } from './grid.js';
import { STEP_GROUP_WORDS, thinningKernels, type ThinningKernels } from './late-thinning-kernel.js';
import { unzeroedScratchInt32, unzeroedScratchUint8 } from './scratch.js';

/*
 * Neighbour code of a pixel: bit k is set when neighbour k is set, clockwise from north:
 * 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW.
 */
const N = 1, NE = 2, E = 4, SE = 8, S = 16, SW = 32, W = 64, NW = 128;

/** The neighbour code of pixel i (bit k set when neighbour k is set); pixels are 0 or 1, so no branch is needed. */
export function neighbourCode(data: Uint8Array, i: number, width: number): number {
  return (
    data[i - width]! |
    (data[i - width + 1]! << 1) |
    (data[i + 1]! << 2) |
    (data[i + width + 1]! << 3) |
    (data[i + width]! << 4) |
    (data[i + width - 1]! << 5) |
    (data[i - 1]! << 6) |
    (data[i - width - 1]! << 7)
  );
}

function bitCount(code: number): number {
  let c = 0;
  for (let v = code; v; v >>= 1) c += v & 1;
  return c;
}

/** Yokoi's 8-connectivity number: 1 means removing the pixel keeps its neighbours connected. */
function connectivity8(code: number): number {
  const bit = (mask: number) => ((code & mask) ? 0 : 1); // complemented
  const ring = [E, NE, N, NW, W, SW, S, SE];
  let count = 0;
  for (let k = 0; k < 8; k += 2) {
    const a = bit(ring[k]!);
    const b = bit(ring[(k + 1) & 7]!);
    const c = bit(ring[(k + 2) & 7]!);
    count += a - a * b * c;
  }
  return count;
}

function lookupTable(test: (code: number) => boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) table[code] = test(code) ? 1 : 0;
  return table;
}

const has = (code: number, mask: number) => (code & mask) !== 0;
/** Corner pixels of staircases: removable without breaking the line, leaving a clean 8-connected path. */
const redundantCorner = lookupTable((c) => {
  const corner = (has(c, N) && has(c, E)) || (has(c, E) && has(c, S)) || (has(c, S) && has(c, W)) || (has(c, W) && has(c, N));
  return corner && bitCount(c) >= 2 && connectivity8(c) === 1;
});

/*
 * The Zhang–Suen steps run on the image packed 32 pixels to a word: each row is a clear word, then
 * its pixel words (bit j of pixel word w, from 0, is the pixel at x = 32·w + j), then a clear word, so
 * the words beside any pixel word exist. Every step tests 32 pixels at once with bitwise logic.
 */

/** Pixel x + 1 of every bit of `word`: its row's words `word` and `next`, shifted one pixel. */
function east(word: number, next: number): number {
  return (word >>> 1) | (next << 31);
}

/** Pixel x − 1 of every bit of `word`. */
function west(word: number, previous: number): number {
  return (word << 1) | (previous >>> 31);
}

/**
 * Four pixels (bytes 0 or 1, read as a little-endian 32-bit number: pixel k at bit 8k) as four
 * adjacent bits. The product adds the number shifted by 0, 7, 14 and 21 bits, which puts pixel k at
 * bit 21 + k; no two of the shifted pixel bits land on the same bit, so nothing carries into them.
 */
function fourPixelBits(fourBytes: number): number {
  return (Math.imul(fourBytes, (1 << 21) | (1 << 14) | (1 << 7) | 1) >>> 21) & 15;
}

/** Which step of Zhang–Suen: they differ only in the sides a pixel must not lie on. */
const FIRST_STEP = 0;
const SECOND_STEP = 1;

/**
 * The pixels of word `k` that Zhang–Suen's step removes (bits set), from the packed image before the
 * step. A set pixel is removed when its ring of eight neighbours (clockwise from north) has exactly
 * one 0→1 transition, 2 to 6 set pixels, and for the first step not both E and S with N or W (¬(N∧E∧S)
 * ∧ ¬(E∧S∧W)), for the second not both N and W with E or S (¬(N∧E∧W) ∧ ¬(N∧S∧W)).
 * With exactly one transition the set neighbours are one unbroken arc of 1 to 7 pixels, so "at least
 * two set" is "some two ring neighbours both set" and "at most six set" is "some two both clear".
 */
function removedBits(packed: Int32Array, k: number, stride: number, step: number): number {
  const centre = packed[k]!;
  const above = packed[k - stride]!;
  const below = packed[k + stride]!;
  const n = above;
  const ne = east(above, packed[k - stride + 1]!);
  const e = east(centre, packed[k + 1]!);
  const se = east(below, packed[k + stride + 1]!);
  const s = below;
  const sw = west(below, packed[k + stride - 1]!);
  const w = west(centre, packed[k - 1]!);
  const nw = west(above, packed[k - stride - 1]!);
  // 0→1 transitions around the ring, and whether exactly one of them happens
  const t0 = ~n & ne;
  const t1 = ~ne & e;
  const t2 = ~e & se;
  const t3 = ~se & s;
  const t4 = ~s & sw;
  const t5 = ~sw & w;
  const t6 = ~w & nw;
  const t7 = ~nw & n;
  let once = t0;
  let twice = once & t1;
  once |= t1;
  twice |= once & t2;
  once |= t2;
  twice |= once & t3;
  once |= t3;
  twice |= once & t4;
  once |= t4;
  twice |= once & t5;
  once |= t5;
  twice |= once & t6;
  once |= t6;
  twice |= once & t7;
  once |= t7;
  const adjacentSet = (n & ne) | (ne & e) | (e & se) | (se & s) | (s & sw) | (sw & w) | (w & nw) | (nw & n);
  const adjacentClear = ~((n | ne) & (ne | e) & (e | se) & (se | s) & (s | sw) & (sw | w) & (w | nw) & (nw | n));
  const sides = step === FIRST_STEP ? ~(e & s & (n | w)) : ~(n & w & (e | s));
  return centre & once & ~twice & adjacentSet & adjacentClear & sides;
}

/** Bits of a word's entry in `pending`: the first step must test it again, the second must. */
const PENDING_FIRST = 1;
const PENDING_SECOND = 2;

/**
 * One parallel Zhang–Suen step: every pending word is tested on the image before the step, then the
 * removals applied. A word's test reads only its 3×3 words, so a word none of whose 3×3 words lost a
 * pixel since this step last tested it would remove nothing: only the others are pending. Returns
 * the number of words that lost pixels.
 */
function zhangSuenStep(packed: Int32Array, pending: Uint8Array, stride: number, rows: number, step: number, removedWords: Int32Array, removedBitsOf: Int32Array): number {
  const bit = step === FIRST_STEP ? PENDING_FIRST : PENDING_SECOND;
  let count = 0;
  // rows 1 … rows − 2 (the frame rows are clear), words 1 … stride − 2 (the others are padding)
  for (let row = 1; row < rows - 1; row++) {
    for (let k = row * stride + 1, end = k + stride - 2; k < end; k++) {
      if (!(pending[k]! & bit)) continue;
      pending[k]! &= ~bit;
      if (!packed[k]) continue;
      const removed = removedBits(packed, k, stride, step);
      removedWords[count] = k;
      removedBitsOf[count] = removed;
      count += removed !== 0 ? 1 : 0;
    }
  }
  for (let r = 0; r < count; r++) {
    const k = removedWords[r]!;
    const removed = removedBitsOf[r]!;
    packed[k]! &= ~removed;
    // Both steps test again the words whose pixels have a removed one among their 3×3: the word
    // and those above and below it, and the ones beside those only for a removed pixel at that end.
    const both = PENDING_FIRST | PENDING_SECOND;
    pending[k - stride] = pending[k] = pending[k + stride] = both;
    if (removed & 1) pending[k - stride - 1] = pending[k - 1] = pending[k + stride - 1] = both;
    if (removed >>> 31) pending[k - stride + 1] = pending[k + 1] = pending[k + stride + 1] = both;
  }
  return count;
}

/** Zhang–Suen's steps on the packed image until an iteration (both steps) removes nothing. */
function steps(packed: Int32Array, stride: number, height: number): void {
  const pending = unzeroedScratchUint8('thinning.pending', stride * height);
  pending.fill(PENDING_FIRST | PENDING_SECOND);
  const removedWords = unzeroedScratchInt32('thinning.removed-words', stride * height);
  const removedBitsOf = unzeroedScratchInt32('thinning.removed-bits', stride * height);
  for (;;) {
    const first = zhangSuenStep(packed, pending, stride, height, FIRST_STEP, removedWords, removedBitsOf);
    const second = zhangSuenStep(packed, pending, stride, height, SECOND_STEP, removedWords, removedBitsOf);
    if (first + second === 0) break;
  }
}

/** steps by the WebAssembly kernels (see late-thinning-kernel.ts): the same removals. Needs 3 rows at least. */
function stepsWithKernels(kernels: ThinningKernels, packed: Int32Array, stride: number, height: number): void {
  // the words of rows 1 … height − 2, tested four at a time
  const firstWord = stride;
  const groups = Math.ceil(((height - 2) * stride) / STEP_GROUP_WORDS);
  // In the kernels' memory: clear words, the packed image, clear words, the removals. (The first
  // tested word's upper left neighbour is the word before the image; the last group's words may
  // reach into the last row, whose words below lie past the image.)
  const imageWords = stride * height;
  const imageAt = 4 * STEP_GROUP_WORDS;
  const clearAfter = stride + 2 * STEP_GROUP_WORDS;
  const removalAt = imageAt + 4 * (imageWords + clearAfter);
  kernels.reserve(removalAt + 4 * STEP_GROUP_WORDS * groups);
  const memory = new Int32Array(kernels.buffer(), 0, removalAt >> 2);
  memory.fill(0, 0, imageAt >> 2);
  memory.set(packed, imageAt >> 2);
  memory.fill(0, (imageAt >> 2) + imageWords);
  const firstAt = imageAt + 4 * firstWord;
  for (;;) {
    const first = kernels.firstStep(firstAt, removalAt, groups, 4 * stride);
    const second = kernels.secondStep(firstAt, removalAt, groups, 4 * stride);
    if (first + second === 0) break;
  }
  packed.set(memory.subarray(imageAt >> 2, (imageAt >> 2) + imageWords));
}

/**
 * Zhang–Suen thinning to a one-pixel-wide skeleton, then removal of staircase corners so every
 * ridge pixel has exactly two skeleton neighbours (which the minutia detection relies on).
 * The outermost pixel frame is cleared (so no bounds checks are needed). Pixels must be 0 or 1 (BinaryImage).
 */
export function thin(binary: BinaryImage): BinaryImage {
  const { width, height } = binary;
  const source = binary.data;
  // one clear word before each row's pixel words and one after
  const stride = ((width + 31) >> 5) + 2;
  // (every scratch buffer here is written before it is read, so a kept one need not be cleared first)
  const packed = unzeroedScratchInt32('thinning.packed', stride * height);
  packed.fill(0);
  // the frame stays clear: pixels 1 … width − 2 of rows 1 … height − 2
  // four pixels per read where they fit in the word and the row
  const bytes = new DataView(source.buffer, source.byteOffset, source.byteLength);
  for (let y = 1; y < height - 1; y++) {
    const base = y * width;
    for (let w = 1, x0 = 0; x0 < width; w++, x0 += 32) {
      const count = Math.min(32, width - 1 - x0);
      let bits = 0;
      let j = 0;
      for (; j + 4 <= count; j += 4) bits |= fourPixelBits(bytes.getUint32(base + x0 + j, true)) << j;
      for (; j < count; j++) bits |= source[base + x0 + j]! << j;
      // (x = 0 is on the frame)
      packed[y * stride + w] = x0 === 0 ? bits & ~1 : bits;
    }
  }
  const kernels = height >= 3 ? thinningKernels() : null;
  if (kernels) stepsWithKernels(kernels, packed, stride, height);
  else steps(packed, stride, height);
  const data = unzeroedScratchUint8('thinning.skeleton', width * height);
  data.fill(0);
  for (let y = 1; y < height - 1; y++) {
    for (let w = 1; w < stride - 1; w++) {
      const base = y * width + ((w - 1) << 5);
      for (let bits = packed[y * stride + w]!; bits !== 0; bits &= bits - 1) data[base + 31 - Math.clz32(bits & -bits)] = 1;
    }
  }
  // The corner removal is sequential (each removal changes the next pixels' codes): in index order,
  // reading the neighbours from the bytes it updates. Only pixels with two set neighbours at a right
  // angle (N and E, E and S, S and W, or W and N) can be removed; the removals only clear pixels, so
  // those found in the packed skeleton before any removal include every pixel that has them at its turn.
  for (let y = 1; y < height - 1; y++) {
    for (let w = 1; w < stride - 1; w++) {
      const base = y * width + ((w - 1) << 5);
      const k = y * stride + w;
      const centre = packed[k]!;
      if (!centre) continue;
      const northOf = packed[k - stride]!;
      const southOf = packed[k + stride]!;
      const eastOf = east(centre, packed[k + 1]!);
      const westOf = west(centre, packed[k - 1]!);
      for (let bits = centre & (northOf | southOf) & (eastOf | westOf); bits !== 0; bits &= bits - 1) {
        const i = base + 31 - Math.clz32(bits & -bits);
        if (redundantCorner[neighbourCode(data, i, width)]) data[i] = 0;
      }
    }
  }
  return { width, height, data };
}
