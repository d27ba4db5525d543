import type { BlockGrid } from './grid.js';
import type { ExtractionParameters } from './parameters.js';

/**
 * Foreground mask at block resolution (1 = fingerprint). A block is foreground when its grey
 * contrast is high both absolutely and relative to the image's own ridge contrast (so faint, dry
 * prints still segment) and its gradients are coherent (so sensor noise and dust do not). The raw
 * decision is cleaned morphologically: majority smoothing, small components dropped, holes filled.
 * `coherenceAt(blocks)` gives the coherence of (at least) the blocks set in `blocks`, the only
 * ones where it is read: those contrasted enough.
 */
export function segmentForeground(contrast: Float32Array, coherenceAt: (blocks: Uint8Array) => Float32Array, grid: BlockGrid, p: ExtractionParameters): Uint8Array {
  const { columns, rows } = grid;
  const n = columns * rows;
  const smoothContrast = boxAverage(contrast, grid, p.segmentationSmoothingRadius);
  const at = Math.min(n - 1, Math.floor(p.contrastReferencePercentile * n));
  // the value a sorted copy holds at `at` (0 where it holds none)
  const reference = at >= 0 ? kthSmallest(smoothContrast, at) : 0;
  const threshold = Math.max(p.minForegroundContrast, p.relativeForegroundContrast * reference);
  let mask: Uint8Array = new Uint8Array(n);
  for (let b = 0; b < n; b++) mask[b] = smoothContrast[b]! >= threshold ? 1 : 0;
  const coherence = coherenceAt(mask);
  for (let b = 0; b < n; b++) if (mask[b] && !(coherence[b]! >= p.minForegroundCoherence)) mask[b] = 0;
  mask = majority(majority(mask, grid), grid);
  mask = keepLargeComponents(mask, grid, p.minComponentShare);
  fillHoles(mask, grid);
  for (let i = 0; i < p.maskErosionBlocks; i++) mask = erode(mask, grid);
  return mask;
}

/**
 * Second segmentation pass, once ridge periods are known: a foreground block must have ridges that
 * can be counted around it. A single straight edge (sensor frame), a smudge or smooth shading is
 * coherent and contrasted but has no period, and is dropped here. Cleaned up as in the first pass.
 */
export function refineByRidgePresence(mask: Uint8Array, measuredPeriod: Uint8Array, grid: BlockGrid, p: ExtractionParameters): Uint8Array {
  const presence = boxAverage(new Float32Array(measuredPeriod), grid, p.ridgePresenceRadius);
  let refined: Uint8Array = new Uint8Array(mask.length);
  for (let b = 0; b < mask.length; b++) refined[b] = mask[b] && presence[b]! >= p.minRidgePresenceShare ? 1 : 0;
  refined = keepLargeComponents(refined, grid, p.minComponentShare);
  fillHoles(refined, grid);
  for (let b = 0; b < mask.length; b++) refined[b] = refined[b]! & mask[b]!;
  return refined;
}

function boxAverage(field: Float32Array, grid: BlockGrid, radius: number): Float32Array {
  const { columns, rows } = grid;
  const out = new Float32Array(field.length);
  for (let r = 0; r < rows; r++) {
    const top = Math.max(0, r - radius);
    const bottom = Math.min(rows - 1, r + radius);
    for (let c = 0; c < columns; c++) {
      const left = Math.max(0, c - radius);
      // Four blocks whose boxes lie whole inside the row range are summed side by side (each sum
      // still waits on its own adds only, in the same order as alone).
      if (radius >= 0 && c >= radius && c + 3 + radius <= columns - 1) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let rr = top; rr <= bottom; rr++) {
          for (let i = rr * columns + left, end = i + 2 * radius; i <= end; i++) {
            s0 += field[i]!;
            s1 += field[i + 1]!;
            s2 += field[i + 2]!;
            s3 += field[i + 3]!;
          }
        }
        const k = (bottom - top + 1) * (2 * radius + 1);
        const at = r * columns + c;
        out[at] = s0 / k;
        out[at + 1] = s1 / k;
        out[at + 2] = s2 / k;
        out[at + 3] = s3 / k;
        c += 3;
        continue;
      }
      const right = Math.min(columns - 1, c + radius);
      let s = 0;
      for (let rr = top; rr <= bottom; rr++) {
        for (let i = rr * columns + left, end = rr * columns + right; i <= end; i++) s += field[i]!;
      }
      // the number of taps (none for an empty box: 0 / 0, as counting them one by one gave)
      out[r * columns + c] = s / (Math.max(0, bottom - top + 1) * Math.max(0, right - left + 1));
    }
  }
  return out;
}

/**
 * The k-th smallest value of `field` (0-based): what sorting a copy and reading index k gives, by
 * selection instead of a full sort. Values that compare equal are interchangeable here (only
 * ±0 could differ in bits, and a threshold from either compares the same); NaN falls back to sorting.
 */
function kthSmallest(field: Float32Array, k: number): number {
  const values = field.slice();
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) return values.sort()[k]!;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Hoare partition around the median of three
    const middle = (lo + hi) >> 1;
    const a = values[lo]!;
    const b = values[middle]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** 3×3 majority vote (blocks outside the grid count as background). */
function majority(mask: Uint8Array, grid: BlockGrid): Uint8Array {
  const { columns, rows } = grid;
  const out = new Uint8Array(mask.length);
  // counts are small integers: summed as column triples, then three neighbouring triples
  const columnSums = new Int32Array(columns + 2);
  for (let r = 0; r < rows; r++) {
    const at = r * columns;
    for (let c = 0; c < columns; c++) {
      let s = mask[at + c]!;
      if (r > 0) s += mask[at - columns + c]!;
      if (r < rows - 1) s += mask[at + columns + c]!;
      columnSums[c + 1] = s;
    }
    for (let c = 0; c < columns; c++) out[at + c] = columnSums[c]! + columnSums[c + 1]! + columnSums[c + 2]! >= 5 ? 1 : 0;
  }
  return out;
}

function erode(mask: Uint8Array, grid: BlockGrid): Uint8Array {
  const { columns, rows } = grid;
  const out = new Uint8Array(mask.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      out[i] = mask[i]! && r > 0 && c > 0 && r < rows - 1 && c < columns - 1 && mask[i - 1]! && mask[i + 1]! && mask[i - columns]! && mask[i + columns]! ? 1 : 0;
    }
  }
  return out;
}

/** Labels 4-connected components of `value` in `mask`; returns labels (0 = other) and sizes. */
function components(mask: Uint8Array, grid: BlockGrid, value: number): { labels: Int32Array; sizes: number[]; touchesEdge: boolean[] } {
  const { columns, rows } = grid;
  const labels = new Int32Array(mask.length);
  const sizes = [0];
  const touchesEdge = [false];
  const stack = new Int32Array(mask.length);
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== value || labels[start] !== 0) continue;
    const label = sizes.length;
    let size = 0;
    let edge = false;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top]!;
      size++;
      const r = (i / columns) | 0;
      const c = i - r * columns;
      if (r === 0 || c === 0 || r === rows - 1 || c === columns - 1) edge = true;
      // left, right, up, down
      if (c > 0 && mask[i - 1] === value && labels[i - 1] === 0) {
        labels[i - 1] = label;
        stack[top++] = i - 1;
      }
      if (c < columns - 1 && mask[i + 1] === value && labels[i + 1] === 0) {
        labels[i + 1] = label;
        stack[top++] = i + 1;
      }
      if (r > 0 && mask[i - columns] === value && labels[i - columns] === 0) {
        labels[i - columns] = label;
        stack[top++] = i - columns;
      }
      if (r < rows - 1 && mask[i + columns] === value && labels[i + columns] === 0) {
        labels[i + columns] = label;
        stack[top++] = i + columns;
      }
    }
    sizes.push(size);
    touchesEdge.push(edge);
  }
  return { labels, sizes, touchesEdge };
}

function keepLargeComponents(mask: Uint8Array, grid: BlockGrid, minShare: number): Uint8Array {
  const { labels, sizes } = components(mask, grid, 1);
  const largest = Math.max(0, ...sizes);
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = labels[i]! > 0 && sizes[labels[i]!]! >= minShare * largest ? 1 : 0;
  return out;
}

/** Background regions enclosed by foreground (not touching the image edge) become foreground. */
function fillHoles(mask: Uint8Array, grid: BlockGrid): void {
  const { labels, touchesEdge } = components(mask, grid, 0);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0 && !touchesEdge[labels[i]!]) mask[i] = 1;
}
