import type { BinaryImage, FloatImage } from './grid.js';
import { THRESHOLD_GROUP_PIXELS, thresholdKernel, type ThresholdKernel } from './late-binarize-kernel.js';
import { unzeroedScratchInt32, unzeroedScratchUint8 } from './scratch.js';

/**
 * Ridge pixels = negative enhanced response (ridges are dark), inside the foreground. Then islands
 * of ridge and holes in ridges smaller than `minBlobArea` are flipped: dust specks and pores would
 * otherwise become fragments and loops in the skeleton.
 */
export function binarize(enhanced: FloatImage, mask: Uint8Array, minBlobArea: number): BinaryImage {
  const { width, height, data } = enhanced;
  // (every element of these buffers is written before it is read: kept ones need not be cleared first)
  const binary = unzeroedScratchUint8('binarize.binary', width * height);
  const rows = new RowCuts(unzeroedScratchInt32('binarize.cuts', width * height + 1), unzeroedScratchInt32('binarize.row-cuts', height + 1), unzeroedScratchUint8('binarize.changed-rows', height));
  const kernel = width * height > 0 ? thresholdKernel() : null;
  if (kernel) thresholdWithKernel(kernel, data, mask, width, height, binary, rows);
  else threshold(data, mask, width, height, binary, rows);
  flipSmallComponents(binary, width, height, 1, minBlobArea, rows, runScratch);
  flipSmallComponents(binary, width, height, 0, minBlobArea, rows, runScratch);
  return { width, height, data: binary };
}

/**
 * Ridge bytes (response < 0 inside the mask, 0 elsewhere) and each row's cuts, in JavaScript. The cuts
 * of a row are the x in 1 … width − 1 where the value differs from the pixel before.
 */
function threshold(data: Float32Array, mask: Uint8Array, width: number, height: number, binary: Uint8Array, rows: RowCuts): void {
  // The row's cuts are listed while the pixels are set (see RowCuts).
  // Branch-free (ridge and valley alternate every few pixels: a branch would often be mispredicted):
  // −m >>> 31 is 1 for a mask byte m of 1 to 255, 0 for 0; every x is written as a cut, and the count
  // advances where the value changes.
  let cutCount = 0;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    rows.first[y] = cutCount;
    rows.changed[y] = 0;
    // only from the row's first foreground pixel to its last: all 0 (and no cut) outside
    let from = 0;
    while (from < width && !mask[base + from]) from++;
    let to = width - 1;
    while (to >= from && !mask[base + to]) to--;
    binary.fill(0, base, base + from);
    binary.fill(0, base + to + 1, base + width);
    if (from > to) continue;
    // (left of `from` is background: 0)
    let previous = from > 0 ? 0 : (binary[base] = Number(data[base]! < 0));
    for (let x = Math.max(from, 1); x <= to; x++) {
      const v = (binary[base + x] = (-mask[base + x]! >>> 31) & Number(data[base + x]! < 0));
      rows.cuts[cutCount] = x;
      cutCount += v ^ previous;
      previous = v;
    }
    // the cut back to the background after the last foreground pixel
    rows.cuts[cutCount] = to + 1;
    cutCount += to + 1 < width ? previous : 0;
  }
  rows.first[height] = cutCount;
}

/** threshold by the WebAssembly kernel (see late-binarize-kernel.ts): the same bytes and cuts. */
function thresholdWithKernel(kernel: ThresholdKernel, data: Float32Array, mask: Uint8Array, width: number, height: number, binary: Uint8Array, rows: RowCuts): void {
  const n = width * height;
  const groups = Math.ceil(n / THRESHOLD_GROUP_PIXELS);
  const padded = groups * THRESHOLD_GROUP_PIXELS;
  // in the kernel's memory: the response (float32), the mask, the ridge bytes, the change bits
  const maskAt = 4 * padded;
  const binaryAt = 5 * padded;
  const changesAt = 6 * padded;
  kernel.reserve(changesAt + 4 * groups);
  const buffer = kernel.buffer();
  new Float32Array(buffer, 0, n).set(data);
  new Uint8Array(buffer, maskAt, n).set(mask);
  kernel.threshold(0, maskAt, binaryAt, changesAt, groups);
  binary.set(new Uint8Array(buffer, binaryAt, n));
  const changes = new Int32Array(buffer, changesAt, groups);
  const { cuts } = rows;
  let cutCount = 0;
  for (let y = 0; y < height; y++) {
    rows.first[y] = cutCount;
    rows.changed[y] = 0;
    // the row's pixels 1 … width − 1: change bits first … last (pixel indices)
    const base = y * width;
    const first = base + 1;
    const last = base + width - 1;
    if (first > last) continue;
    for (let word = first >> 5; word <= last >> 5; word++) {
      let bits = changes[word]!;
      if (word === first >> 5) bits &= -1 << (first & 31);
      if (word === last >> 5 && (last & 31) < 31) bits &= (1 << ((last & 31) + 1)) - 1;
      for (; bits !== 0; bits &= bits - 1) cuts[cutCount++] = (word << 5) + 31 - Math.clz32(bits & -bits) - base;
    }
  }
  rows.first[height] = cutCount;
}

/**
 * Where the pixel value changes along each row: row y splits into segments at the x listed in
 * cuts[first[y] … first[y + 1]), so segment k is [cut k − 1, cut k) with cut −1 = 0 and a last cut
 * = width, and its value is the row's first pixel's, flipped k times. A row whose pixels were
 * flipped since is marked in `changed` (its cuts are then out of date).
 */
class RowCuts {
  constructor(
    readonly cuts: Int32Array,
    readonly first: Int32Array,
    readonly changed: Uint8Array,
  ) {}
}

/** Buffers for the run labelling, reused between the passes and extractions (each thread has its own) and grown as needed. */
class RunScratch {
  /** The cuts of a changed row, found again (see RowCuts). */
  rowCuts = new Int32Array(1024);
  row = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  parent = new Int32Array(1024);
  area = new Int32Array(1024);
  edge = new Uint8Array(1024);

  /** Makes room for run number `count` (keeping the runs so far). */
  reserve(count: number): void {
    if (count < this.row.length) return;
    let size = 2 * this.row.length;
    while (size <= count) size *= 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.row = grow(this.row, (n) => new Int32Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.end = grow(this.end, (n) => new Int32Array(n));
    this.parent = grow(this.parent, (n) => new Int32Array(n));
    this.area = new Int32Array(size);
    this.edge = new Uint8Array(size);
  }

  reserveRowCuts(width: number): void {
    if (this.rowCuts.length <= width) this.rowCuts = new Int32Array(width + 1);
  }
}
const runScratch = new RunScratch();

/**
 * 4-connected components of `value` smaller than `minArea` (and not touching the edge) are flipped.
 * Components are labelled by runs (horizontal stretches of `value`) joined with union–find where
 * runs of neighbouring rows share a column: the same components as a pixel flood fill, at a
 * fraction of the work. Flipping one component never joins or splits another of the same value.
 */
function flipSmallComponents(binary: Uint8Array, width: number, height: number, value: number, minArea: number, rows: RowCuts, runs: RunScratch): void {
  let count = 0;
  let previousFirst = 0;
  let previousEnd = 0;
  runs.reserveRowCuts(width);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    const first = count;
    let cuts = rows.cuts;
    let from = rows.first[y]!;
    let cutCount = rows.first[y + 1]! - from;
    if (rows.changed[y]) {
      // found again as in binarize
      cuts = runs.rowCuts;
      from = 0;
      cutCount = 0;
      let previous = binary[base]!;
      for (let x = 1; x < width; x++) {
        const v = binary[base + x]!;
        cuts[cutCount] = x;
        cutCount += v ^ previous;
        previous = v;
      }
    }
    // a row holds at most ⌈width / 2⌉ runs of one value
    runs.reserve(count + (width >> 1) + 1);
    const { row, start, end, parent } = runs;
    for (let k = binary[base] === value ? 0 : 1; k <= cutCount; k += 2) {
      row[count] = y;
      start[count] = k === 0 ? 0 : cuts[from + k - 1]!;
      end[count] = k === cutCount ? width : cuts[from + k]!; // exclusive
      parent[count] = count;
      count++;
    }
    // join with the runs of the row above that share a column
    let above = previousFirst;
    for (let r = first; r < count; r++) {
      while (above < previousEnd && end[above]! <= start[r]!) above++;
      let root = r; // r's root so far: only r's own unions below change it
      for (let k = above; k < previousEnd && start[k]! < end[r]!; k++) root = union(parent, root, find(parent, k));
    }
    previousFirst = first;
    previousEnd = count;
  }
  const { row: runRow, start, end, parent, area, edge } = runs;
  area.fill(0, 0, count);
  edge.fill(0, 0, count);
  // A root is the least run of its component and a parent is never after its child (see union):
  // in run order, each run's parent already points at its root.
  for (let r = 0; r < count; r++) {
    const root = parent[parent[r]!]!;
    parent[r] = root;
    area[root]! += end[r]! - start[r]!;
    if (start[r] === 0 || end[r] === width || runRow[r] === 0 || runRow[r] === height - 1) edge[root] = 1;
  }
  for (let r = 0; r < count; r++) {
    const root = parent[r]!;
    if (area[root]! < minArea && !edge[root]) {
      binary.fill(1 - value, runRow[r]! * width + start[r]!, runRow[r]! * width + end[r]!);
      rows.changed[runRow[r]!] = 1;
    }
  }
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root]!;
  // path compression keeps later lookups short
  let j = i;
  while (parent[j] !== root) {
    const next = parent[j]!;
    parent[j] = root;
    j = next;
  }
  return root;
}

/**
 * Joins two components given by their roots; returns the joined one's root: the lesser of the two
 * (so a root is its component's least run, and every parent index is at most its child's).
 */
function union(parent: Int32Array, rootA: number, rootB: number): number {
  if (rootA < rootB) {
    parent[rootB] = rootA;
    return rootA;
  }
  parent[rootA] = rootB;
  return rootB;
}
