import type { BinaryImage } from './grid.js';
import { unzeroedScratchInt32, unzeroedScratchUint8 } from './scratch.js';

/*
 * Neighbour code of a pixel: bit k is set when neighbour k is set, clockwise from north:
 * 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW.
 */
const N = 1, NE = 2, E = 4, SE = 8, S = 16, SW = 32, W = 64, NW = 128;

function bitCount(code: number): number {
  let c = 0;
  for (let v = code; v; v >>= 1) c += v & 1;
  return c;
}

/** Number of 0→1 transitions around the ring (Zhang–Suen's A). */
function transitions(code: number): number {
  let t = 0;
  for (let k = 0; k < 8; k++) if (!((code >> k) & 1) && (code >> ((k + 1) & 7)) & 1) t++;
  return t;
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
const removableFirst = lookupTable((c) => {
  const b = bitCount(c);
  return b >= 2 && b <= 6 && transitions(c) === 1 && !(has(c, N) && has(c, E) && has(c, S)) && !(has(c, E) && has(c, S) && has(c, W));
});
const removableSecond = lookupTable((c) => {
  const b = bitCount(c);
  return b >= 2 && b <= 6 && transitions(c) === 1 && !(has(c, N) && has(c, E) && has(c, W)) && !(has(c, N) && has(c, S) && has(c, W));
});
/** Corner pixels of staircases: removable without breaking the line, leaving a clean 8-connected path. */
const redundantCorner = lookupTable((c) => {
  const corner = (has(c, N) && has(c, E)) || (has(c, E) && has(c, S)) || (has(c, S) && has(c, W)) || (has(c, W) && has(c, N));
  return corner && bitCount(c) >= 2 && connectivity8(c) === 1;
});

/*
 * Column code of a pixel: bit 0 the pixel above, bit 1 the pixel, bit 2 the pixel below. The codes of
 * a pixel's left column, own column and right column, side by side (9 bits), give its whole 3×3
 * neighbourhood in three reads instead of nine.
 */
function columnCode(data: Uint8Array, i: number, width: number): number {
  return data[i - width]! | (data[i]! << 1) | (data[i + width]! << 2);
}

/** A neighbour-code table turned into one indexed by the 9-bit block, true only for a set centre. */
function blockTable(table: Uint8Array): Uint8Array {
  const out = new Uint8Array(512);
  for (let block = 0; block < 512; block++) {
    const bit = (k: number) => (block >> k) & 1;
    const code = bit(3) | (bit(6) << 1) | (bit(7) << 2) | (bit(8) << 3) | (bit(5) << 4) | (bit(2) << 5) | (bit(1) << 6) | (bit(0) << 7);
    out[block] = bit(4) & table[code]!;
  }
  return out;
}
const removableFirstBlock = blockTable(removableFirst);
const removableSecondBlock = blockTable(removableSecond);
const redundantCornerBlock = blockTable(redundantCorner);

/**
 * One parallel Zhang–Suen step over the candidates: every one is tested first, then the removable
 * ones cleared (in the image and in the column codes) and listed in `removed`. Returns their number.
 */
function subIteration(data: Uint8Array, columns: Uint8Array, width: number, candidates: Int32Array, candidateCount: number, table: Uint8Array, removed: Int32Array): number {
  let removeCount = 0;
  for (let c = 0; c < candidateCount; c++) {
    const i = candidates[c]!;
    removed[removeCount] = i;
    removeCount += table[columns[i - 1]! | (columns[i]! << 3) | (columns[i + 1]! << 6)]!;
  }
  for (let r = 0; r < removeCount; r++) {
    const i = removed[r]!;
    data[i] = 0;
    columns[i - width]! &= ~4;
    columns[i]! &= ~2;
    columns[i + width]! &= ~1;
  }
  return removeCount;
}

/*
 * After the first iterations, which remove most pixels, a thick image is usually down to a few
 * pixels removed per iteration for many iterations. Testing every remaining pixel again would be
 * wasted: a pixel's test reads nothing but its 3×3 block, so a pixel that failed a step's test fails
 * it again until a neighbour is removed. From then on each step tests only the pixels queued for it:
 * those with a removed neighbour since the step last tested them. The removals are the same.
 */

/** Bits of `pending`: the pixel is in the first step's queue, in the second's. */
const QUEUED_FIRST = 1;
const QUEUED_SECOND = 2;

/** Pixels to test by one step, each listed once (the step's bit is set in `pending` while it is listed). */
class TestQueue {
  count = 0;
  constructor(
    readonly pixels: Int32Array,
    readonly bit: number,
  ) {}

  /** Queues the set neighbours of the `count` pixels of `removed`. */
  queueNeighbours(data: Uint8Array, pending: Uint8Array, width: number, removed: Int32Array, count: number): void {
    const { pixels, bit } = this;
    for (let r = 0; r < count; r++) {
      const i = removed[r]!;
      for (let row = i - width - 1; row <= i + width - 1; row += width) {
        for (let k = row; k <= row + 2; k++) {
          if (!data[k] || pending[k]! & bit) continue;
          pending[k]! |= bit;
          pixels[this.count++] = k;
        }
      }
    }
  }
}

/** Queues the set neighbours of the `count` pixels of `removed` for both steps (as each queue's queueNeighbours, in one look at them). */
function queueNeighboursForBoth(data: Uint8Array, pending: Uint8Array, width: number, removed: Int32Array, count: number, first: TestQueue, second: TestQueue): void {
  for (let r = 0; r < count; r++) {
    const i = removed[r]!;
    for (let row = i - width - 1; row <= i + width - 1; row += width) {
      for (let k = row; k <= row + 2; k++) {
        if (!data[k]) continue;
        const queued = pending[k]!;
        if (queued === (QUEUED_FIRST | QUEUED_SECOND)) continue;
        pending[k] = QUEUED_FIRST | QUEUED_SECOND;
        if (!(queued & QUEUED_FIRST)) first.pixels[first.count++] = k;
        if (!(queued & QUEUED_SECOND)) second.pixels[second.count++] = k;
      }
    }
  }
}

/** subIteration over a queue, which it empties. (A queued pixel removed since has a clear centre: the block tables never remove it.) */
function queuedSubIteration(data: Uint8Array, columns: Uint8Array, pending: Uint8Array, width: number, queue: TestQueue, table: Uint8Array, removed: Int32Array): number {
  const { pixels, bit } = queue;
  for (let c = 0; c < queue.count; c++) pending[pixels[c]!]! &= ~bit;
  const removeCount = subIteration(data, columns, width, pixels, queue.count, table, removed);
  queue.count = 0;
  return removeCount;
}

/** An iteration removing fewer than this share of the remaining pixels ends the whole-list tests. */
const QUEUEING_SHARE = 1 / 4;

/**
 * Zhang–Suen thinning to a one-pixel-wide skeleton, then removal of staircase corners so every
 * ridge pixel has exactly two skeleton neighbours (which the minutia detection relies on).
 * Works in place on a copy; the outermost pixel frame is cleared so no bounds checks are needed.
 * Pixels must be 0 or 1 (BinaryImage).
 */
export function thin(binary: BinaryImage): BinaryImage {
  const { width, height } = binary;
  // (every scratch buffer here is written before it is read, so a kept one need not be cleared first)
  const data = unzeroedScratchUint8('thinning.skeleton', binary.data.length);
  data.set(binary.data);
  for (let x = 0; x < width; x++) {
    data[x] = 0;
    data[(height - 1) * width + x] = 0;
  }
  for (let y = 0; y < height; y++) {
    data[y * width] = 0;
    data[y * width + width - 1] = 0;
  }
  // Set pixels in index order, kept in typed arrays and compacted in place after each whole-list
  // iteration, and the column codes where the tests read them: at the candidates and beside them.
  // Inside a row, branch-free: every index is written, and the count advances by the pixel's 0 or 1.
  const candidates = unzeroedScratchInt32('thinning.candidates', data.length + 1);
  const columns = unzeroedScratchUint8('thinning.columns', data.length);
  let candidateCount = 0;
  for (let y = 1; y < height - 1; y++) {
    // only from the row's first set pixel to its last, and one pixel beside each end for the codes
    // (the frame columns are clear: those stay inside the row)
    const base = y * width;
    let from = base;
    const end = base + width;
    while (from < end && !data[from]) from++;
    if (from === end) continue;
    let to = end - 1;
    while (!data[to]) to--;
    for (let i = from - 1; i <= to + 1; i++) {
      columns[i] = columnCode(data, i, width);
      candidates[candidateCount] = i;
      candidateCount += data[i]!;
    }
  }
  const removedFirst = unzeroedScratchInt32('thinning.removed-first', candidateCount + 1);
  const removedSecond = unzeroedScratchInt32('thinning.removed-second', candidateCount + 1);
  let remaining = candidateCount;
  let first: number;
  let second: number;
  do {
    first = subIteration(data, columns, width, candidates, remaining, removableFirstBlock, removedFirst);
    second = subIteration(data, columns, width, candidates, remaining, removableSecondBlock, removedSecond);
    let kept = 0;
    for (let c = 0; c < remaining; c++) {
      const i = candidates[c]!;
      candidates[kept] = i;
      kept += data[i]!;
    }
    remaining = kept;
  } while (first + second >= remaining * QUEUEING_SHARE && first + second > 0);
  if (first + second > 0) {
    // Since its last test, the first step's block may have changed around both steps' removals of
    // the last iteration; the second's only around its own (the first's came before its test).
    // (queued are only set pixels, which are among the remaining candidates)
    const pending = unzeroedScratchUint8('thinning.pending', data.length);
    for (let c = 0; c < remaining; c++) pending[candidates[c]!] = 0;
    const queueFirst = new TestQueue(unzeroedScratchInt32('thinning.queue-first', remaining + 1), QUEUED_FIRST);
    const queueSecond = new TestQueue(unzeroedScratchInt32('thinning.queue-second', remaining + 1), QUEUED_SECOND);
    queueFirst.queueNeighbours(data, pending, width, removedFirst, first);
    queueNeighboursForBoth(data, pending, width, removedSecond, second, queueFirst, queueSecond);
    do {
      first = queuedSubIteration(data, columns, pending, width, queueFirst, removableFirstBlock, removedFirst);
      queueNeighboursForBoth(data, pending, width, removedFirst, first, queueFirst, queueSecond);
      second = queuedSubIteration(data, columns, pending, width, queueSecond, removableSecondBlock, removedSecond);
      queueNeighboursForBoth(data, pending, width, removedSecond, second, queueFirst, queueSecond);
    } while (first + second > 0);
  }
  // the corner removal is sequential (each removal changes the next pixels' codes): in index order, as the candidates are
  for (let c = 0; c < remaining; c++) {
    const i = candidates[c]!;
    if (!redundantCornerBlock[columns[i - 1]! | (columns[i]! << 3) | (columns[i + 1]! << 6)]) continue;
    data[i] = 0;
    columns[i - width]! &= ~4;
    columns[i]! &= ~2;
    columns[i + width]! &= ~1;
  }
  return { width, height, data };
}
