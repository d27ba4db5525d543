import type { MinutiaCandidate } from '../minutiae.js';

/**
 * Distance (pixels, chamfer 3-4 approximation of Euclidean) from every pixel to the nearest
 * background pixel or image edge. Ridges are cut at the foreground edge, so endings there are false.
 */
export function distanceToBackground(mask: Uint8Array, width: number, height: number): Float32Array {
  const big = 1e9;
  const d = new Float32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? big : 0;
  // forward pass: left, up, up-left, up-right (outside the image counts as background: 0)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!d[i]) continue;
      let v = d[i]!;
      v = Math.min(v, (x > 0 ? d[i - 1]! : 0) + 3);
      v = Math.min(v, (y > 0 ? d[i - width]! : 0) + 3);
      v = Math.min(v, (x > 0 && y > 0 ? d[i - width - 1]! : 0) + 4);
      v = Math.min(v, (x < width - 1 && y > 0 ? d[i - width + 1]! : 0) + 4);
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      if (!d[i]) continue;
      let v = d[i]!;
      v = Math.min(v, (x < width - 1 ? d[i + 1]! : 0) + 3);
      v = Math.min(v, (y < height - 1 ? d[i + width]! : 0) + 3);
      v = Math.min(v, (x < width - 1 && y < height - 1 ? d[i + width + 1]! : 0) + 4);
      v = Math.min(v, (x > 0 && y < height - 1 ? d[i + width - 1]! : 0) + 4);
      d[i] = v;
    }
  }
  for (let i = 0; i < d.length; i++) d[i] = d[i]! / 3;
  return d;
}

export function removeNearBorder(minutiae: MinutiaCandidate[], distance: Float32Array, width: number, minDistance: number): MinutiaCandidate[] {
  return minutiae.filter((m) => distance[m.y * width + m.x]! >= minDistance);
}
