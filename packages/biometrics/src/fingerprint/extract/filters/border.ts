import type { MinutiaCandidate } from '../minutiae.js';
import { scratchFloat32, scratchInt32 } from '../scratch.js';

/**
 * Distance (pixels, chamfer 3-4 approximation of Euclidean) from every pixel to the nearest
 * background pixel or image edge. Ridges are cut at the foreground edge, so endings there are false.
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

export function removeNearBorder(minutiae: MinutiaCandidate[], distance: Float32Array, width: number, minDistance: number): MinutiaCandidate[] {
  return minutiae.filter((m) => distance[m.y * width + m.x]! >= minDistance);
}
