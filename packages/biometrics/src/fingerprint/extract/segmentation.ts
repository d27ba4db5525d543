import type { BlockGrid } from './grid.js';
import type { ExtractionParameters } from './parameters.js';

/**
 * Foreground mask at block resolution (1 = fingerprint). A block is foreground when its grey
 * contrast is high both absolutely and relative to the image's own ridge contrast (so faint, dry
 * prints still segment) and its gradients are coherent (so sensor noise and dust do not). The raw
 * decision is cleaned morphologically: majority smoothing, small components dropped, holes filled.
 */
export function segmentForeground(contrast: Float32Array, coherence: Float32Array, grid: BlockGrid, p: ExtractionParameters): Uint8Array {
  const { columns, rows } = grid;
  const n = columns * rows;
  const smoothContrast = boxAverage(contrast, grid, p.segmentationSmoothingRadius);
  const sorted = Float32Array.from(smoothContrast).sort();
  const reference = sorted[Math.min(n - 1, Math.floor(p.contrastReferencePercentile * n))] ?? 0;
  const threshold = Math.max(p.minForegroundContrast, p.relativeForegroundContrast * reference);
  let mask: Uint8Array = new Uint8Array(n);
  for (let b = 0; b < n; b++) mask[b] = smoothContrast[b]! >= threshold && coherence[b]! >= p.minForegroundCoherence ? 1 : 0;
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
  const presence = boxAverage(Float32Array.from(measuredPeriod), grid, p.ridgePresenceRadius);
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
    for (let c = 0; c < columns; c++) {
      let s = 0;
      let k = 0;
      for (let rr = Math.max(0, r - radius); rr <= Math.min(rows - 1, r + radius); rr++) {
        for (let cc = Math.max(0, c - radius); cc <= Math.min(columns - 1, c + radius); cc++) {
          s += field[rr * columns + cc]!;
          k++;
        }
      }
      out[r * columns + c] = s / k;
    }
  }
  return out;
}

/** 3×3 majority vote (blocks outside the grid count as background). */
function majority(mask: Uint8Array, grid: BlockGrid): Uint8Array {
  const { columns, rows } = grid;
  const out = new Uint8Array(mask.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let s = 0;
      for (let rr = r - 1; rr <= r + 1; rr++) {
        for (let cc = c - 1; cc <= c + 1; cc++) {
          if (rr >= 0 && cc >= 0 && rr < rows && cc < columns) s += mask[rr * columns + cc]!;
        }
      }
      out[r * columns + c] = s >= 5 ? 1 : 0;
    }
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
      const r = Math.floor(i / columns);
      const c = i - r * columns;
      if (r === 0 || c === 0 || r === rows - 1 || c === columns - 1) edge = true;
      // left, right, up, down
      for (let k = 0; k < 4; k++) {
        const j = k === 0 ? (c > 0 ? i - 1 : -1) : k === 1 ? (c < columns - 1 ? i + 1 : -1) : k === 2 ? (r > 0 ? i - columns : -1) : r < rows - 1 ? i + columns : -1;
        if (j >= 0 && mask[j] === value && labels[j] === 0) {
          labels[j] = label;
          stack[top++] = j;
        }
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
