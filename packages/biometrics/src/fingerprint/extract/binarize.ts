import type { BinaryImage, FloatImage } from './grid.js';
import { scratchUint8 } from './scratch.js';

/**
 * Ridge pixels = negative enhanced response (ridges are dark), inside the foreground. Then islands
 * of ridge and holes in ridges smaller than `minBlobArea` are flipped: dust specks and pores would
 * otherwise become fragments and loops in the skeleton.
 */
export function binarize(enhanced: FloatImage, mask: Uint8Array, minBlobArea: number): BinaryImage {
  const { width, height, data } = enhanced;
  const binary = scratchUint8('binarize.binary', width * height);
  // branch-free (ridge and valley alternate every few pixels: a branch would often be mispredicted)
  for (let i = 0; i < binary.length; i++) binary[i] = (mask[i] ? 1 : 0) & Number(data[i]! < 0);
  const runs = new RunScratch();
  flipSmallComponents(binary, width, height, 1, minBlobArea, runs);
  flipSmallComponents(binary, width, height, 0, minBlobArea, runs);
  return { width, height, data: binary };
}

/** Buffers for the run labelling, reused between the two passes and grown as needed. */
class RunScratch {
  row = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  parent = new Int32Array(1024);
  area = new Int32Array(1024);
  edge = new Uint8Array(1024);

  /** Makes room for run number `count` (keeping the runs so far). */
  reserve(count: number): void {
    if (count < this.row.length) return;
    const size = 2 * this.row.length;
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
}

/**
 * 4-connected components of `value` smaller than `minArea` (and not touching the edge) are flipped.
 * Components are labelled by runs (horizontal stretches of `value`) joined with union–find where
 * runs of neighbouring rows share a column: the same components as a pixel flood fill, at a
 * fraction of the work. Flipping one component never joins or splits another of the same value.
 */
function flipSmallComponents(binary: Uint8Array, width: number, height: number, value: number, minArea: number, runs: RunScratch): void {
  let count = 0;
  let previousFirst = 0;
  let previousEnd = 0;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    const first = count;
    for (let x = 0; x < width; ) {
      if (binary[base + x] !== value) {
        x++;
        continue;
      }
      const from = x;
      while (x < width && binary[base + x] === value) x++;
      runs.reserve(count);
      runs.row[count] = y;
      runs.start[count] = from;
      runs.end[count] = x; // exclusive
      runs.parent[count] = count;
      count++;
    }
    const { start, end, parent } = runs;
    // join with the runs of the row above that share a column
    let above = previousFirst;
    for (let r = first; r < count; r++) {
      while (above < previousEnd && end[above]! <= start[r]!) above++;
      for (let k = above; k < previousEnd && start[k]! < end[r]!; k++) union(parent, r, k);
    }
    previousFirst = first;
    previousEnd = count;
  }
  const { row: runRow, start, end, parent, area, edge } = runs;
  area.fill(0, 0, count);
  edge.fill(0, 0, count);
  for (let r = 0; r < count; r++) {
    const root = find(parent, r);
    area[root]! += end[r]! - start[r]!;
    if (start[r] === 0 || end[r] === width || runRow[r] === 0 || runRow[r] === height - 1) edge[root] = 1;
  }
  for (let r = 0; r < count; r++) {
    const root = find(parent, r);
    if (area[root]! < minArea && !edge[root]) binary.fill(1 - value, runRow[r]! * width + start[r]!, runRow[r]! * width + end[r]!);
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

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}
