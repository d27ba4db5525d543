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
  for (let i = 0; i < data.length; i++) {
    candidates[candidateCount] = i;
    candidateCount += data[i]!;
  }
  const toRemove = new Int32Array(candidateCount + 1);
  let changed = true;
  while (changed) {
    changed = false;
    for (const table of [removableFirst, removableSecond]) {
      let removeCount = 0;
      for (let c = 0; c < candidateCount; c++) {
        const i = candidates[c]!;
        toRemove[removeCount] = i;
        removeCount += data[i]! & table[neighbourCode(data, i, width)]!;
      }
      for (let r = 0; r < removeCount; r++) data[toRemove[r]!] = 0;
      if (removeCount > 0) changed = true;
    }
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
