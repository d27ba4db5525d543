import type { BinaryImage } from './grid.js';
import { scratchInt32, scratchUint8 } from './scratch.js';

/*
 * Neighbour code of a pixel: bit k is set when neighbour k is set, clockwise from north:
 * 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW.
 */
const N = 1, NE = 2, E = 4, SE = 8, S = 16, SW = 32, W = 64, NW = 128;

function neighbourCode(data: Uint8Array, i: number, width: number): number {
  // pixels are 0 or 1: shifting them in avoids a hard-to-predict branch per neighbour
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

/**
 * One parallel Zhang–Suen step: every candidate is tested first, then the removable ones cleared
 * (in the image and in the column codes). Returns their number.
 */
function subIteration(data: Uint8Array, columns: Uint8Array, width: number, candidates: Int32Array, candidateCount: number, table: Uint8Array, toRemove: Int32Array): number {
  let removeCount = 0;
  for (let c = 0; c < candidateCount; c++) {
    const i = candidates[c]!;
    toRemove[removeCount] = i;
    removeCount += table[columns[i - 1]! | (columns[i]! << 3) | (columns[i + 1]! << 6)]!;
  }
  for (let r = 0; r < removeCount; r++) {
    const i = toRemove[r]!;
    data[i] = 0;
    columns[i - width]! &= ~4;
    columns[i]! &= ~2;
    columns[i + width]! &= ~1;
  }
  return removeCount;
}

/**
 * Zhang–Suen thinning to a one-pixel-wide skeleton, then removal of staircase corners so every
 * ridge pixel has exactly two skeleton neighbours (which the minutia detection relies on).
 * Works in place on a copy; the outermost pixel frame is cleared so no bounds checks are needed.
 * Pixels must be 0 or 1 (BinaryImage).
 */
export function thin(binary: BinaryImage): BinaryImage {
  const { width, height } = binary;
  const data = scratchUint8('thinning.skeleton', binary.data.length);
  data.set(binary.data);
  for (let x = 0; x < width; x++) {
    data[x] = 0;
    data[(height - 1) * width + x] = 0;
  }
  for (let y = 0; y < height; y++) {
    data[y * width] = 0;
    data[y * width + width - 1] = 0;
  }
  // Set pixels in index order, kept in typed arrays and compacted in place after each iteration.
  // (branch-free: every index is written, and the count advances by the pixel's 0 or 1)
  const candidates = scratchInt32('thinning.candidates', data.length + 1);
  let candidateCount = 0;
  // Most of the image is background: four pixels are read at once and a run of four 0s skipped.
  // (a scratch buffer starts its ArrayBuffer, so the word view is aligned)
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let i = w << 2, end = i + 4; i < end; i++) {
      candidates[candidateCount] = i;
      candidateCount += data[i]!;
    }
  }
  for (let i = words.length << 2; i < data.length; i++) {
    candidates[candidateCount] = i;
    candidateCount += data[i]!;
  }
  const toRemove = new Int32Array(candidateCount + 1);
  // column codes where the tests read them: at the candidates and beside them (candidates are inside the cleared frame)
  const columns = scratchUint8('thinning.columns', data.length);
  for (let c = 0; c < candidateCount; c++) {
    const i = candidates[c]!;
    columns[i - 1] = columnCode(data, i - 1, width);
    columns[i] = columnCode(data, i, width);
    columns[i + 1] = columnCode(data, i + 1, width);
  }
  let changed = true;
  while (changed) {
    changed = false;
    if (subIteration(data, columns, width, candidates, candidateCount, removableFirstBlock, toRemove) > 0) changed = true;
    if (subIteration(data, columns, width, candidates, candidateCount, removableSecondBlock, toRemove) > 0) changed = true;
    let kept = 0;
    for (let c = 0; c < candidateCount; c++) {
      const i = candidates[c]!;
      candidates[kept] = i;
      kept += data[i]!;
    }
    candidateCount = kept;
  }
  for (let c = 0; c < candidateCount; c++) {
    const i = candidates[c]!;
    if (data[i] && redundantCorner[neighbourCode(data, i, width)]) data[i] = 0;
  }
  return { width, height, data };
}
