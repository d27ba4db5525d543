import type { MinutiaCandidate } from '../minutiae.js';
import { scratchFloat32, scratchInt32 } from '../scratch.js';

/**
 * Distance (pixels, chamfer 3-4 approximation of Euclidean) from every pixel to the nearest
 * background pixel or image edge. Ridges are cut at the foreground edge, so endings there are false.
 * The extractor uses distanceToBackgroundAt (below); this full transform is its reference in the tests.
 */
export function distanceToBackground(mask: Uint8Array, width: number, height: number): Float32Array {
  const big = 1e9;
  // Integer distances (exactly the values the float form held) in a frame of background pixels,
  // which stands for "outside the image is background" without a bounds test per neighbour.
  const stride = width + 2;
  const d = scratchInt32('border.distance-steps', stride * (height + 2));
  for (let y = 0; y < height; y++) for (let x = 0, i = (y + 1) * stride + 1, m = y * width; x < width; x++) d[i + x] = mask[m + x] ? big : 0;
  // forward pass: left, up, up-left, up-right
  for (let y = 1; y <= height; y++) {
    for (let i = y * stride + 1, end = i + width; i < end; i++) {
      const v = d[i]!;
      if (!v) continue;
      d[i] = Math.min(v, Math.min(d[i - 1]!, d[i - stride]!) + 3, Math.min(d[i - stride - 1]!, d[i - stride + 1]!) + 4);
    }
  }
  // backward pass: right, down, down-right, down-left
  for (let y = height; y >= 1; y--) {
    for (let i = y * stride + width, end = y * stride; i > end; i--) {
      const v = d[i]!;
      if (!v) continue;
      d[i] = Math.min(v, Math.min(d[i + 1]!, d[i + stride]!) + 3, Math.min(d[i + stride + 1]!, d[i + stride - 1]!) + 4);
    }
  }
  const out = scratchFloat32('border.distance', width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = (y + 1) * stride + 1, o = y * width; x < width; x++) {
      // background stays 0 (as 0 / 3 would be)
      const v = d[i + x]!;
      if (v) out[o + x] = v / 3;
    }
  }
  return out;
}

/** The part of the image the border distance is measured in (the foreground window, image coordinates). */
export interface DistanceWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * distanceToBackground read only where it is needed: at `points` (window coordinates), for a
 * foreground that is a block mask (pixel (X, Y) of the image is foreground when block
 * (⌊X / blockSize⌋, ⌊Y / blockSize⌋) is set). Returns a window-sized array holding, at each point,
 * exactly what distanceToBackground holds there, or — where that exceeds `largestThreshold` — a value
 * that compares the same against any threshold up to it (other pixels are left 0).
 *
 * Why it is the same number: the two-pass chamfer 3-4 transform gives every pixel the least
 * 3·max(|dx|, |dy|) + min(|dx|, |dy|) over the background pixels and the frame just outside the
 * window. That cost grows with |dx| and with |dy|, so over a background block it is least at the
 * block's pixel nearest in x and in y, and a pixel of Chebyshev distance r costs at least 3r: only
 * the blocks within a third of the cap need to be looked at.
 */
export function distanceToBackgroundAt(
  points: ReadonlyArray<{ x: number; y: number }>,
  blockMask: Uint8Array,
  blockSize: number,
  blockColumns: number,
  window: DistanceWindow,
  largestThreshold: number,
): Float32Array {
  const { left, top, width, height } = window;
  const out = scratchFloat32('border.distance-at', width * height);
  // cap (in thirds of a pixel): the least whole number of steps whose stored value reaches the threshold
  // (no cap for a threshold that is not positive: then every value counts)
  let cap = largestThreshold > 0 ? Math.ceil(3 * largestThreshold) : Infinity;
  while (Math.fround(cap / 3) < largestThreshold) cap++;
  const reach = Math.floor(cap / 3); // Chebyshev radius holding every background pixel cheaper than the cap
  const blockRows = blockMask.length / blockColumns;
  for (const { x, y } of points) {
    // the frame outside the window is background
    let best = Math.min(cap, 3 * Math.min(x + 1, y + 1, width - x, height - y));
    const imageX = x + left;
    const imageY = y + top;
    const firstColumn = Math.max(0, Math.floor((Math.max(left, imageX - reach)) / blockSize));
    const lastColumn = Math.min(blockColumns - 1, Math.floor(Math.min(left + width - 1, imageX + reach) / blockSize));
    const firstRow = Math.max(0, Math.floor(Math.max(top, imageY - reach) / blockSize));
    const lastRow = Math.min(blockRows - 1, Math.floor(Math.min(top + height - 1, imageY + reach) / blockSize));
    for (let r = firstRow; r <= lastRow; r++) {
      // the block's rows inside the window, and the gap to the nearest of them
      const y0 = Math.max(top, r * blockSize);
      const y1 = Math.min(top + height - 1, (r + 1) * blockSize - 1);
      const dy = imageY < y0 ? y0 - imageY : imageY > y1 ? imageY - y1 : 0;
      if (3 * dy >= best) continue;
      for (let c = firstColumn; c <= lastColumn; c++) {
        if (blockMask[r * blockColumns + c]) continue;
        const x0 = Math.max(left, c * blockSize);
        const x1 = Math.min(left + width - 1, (c + 1) * blockSize - 1);
        const dx = imageX < x0 ? x0 - imageX : imageX > x1 ? imageX - x1 : 0;
        const cost = dx > dy ? 3 * dx + dy : 3 * dy + dx;
        if (cost < best) best = cost;
      }
    }
    // background stays 0, as in distanceToBackground
    if (best) out[y * width + x] = best / 3;
  }
  return out;
}

export function removeNearBorder(minutiae: MinutiaCandidate[], distance: Float32Array, width: number, minDistance: number): MinutiaCandidate[] {
  return minutiae.filter((m) => distance[m.y * width + m.x]! >= minDistance);
}
