import type { Minutia } from '../fingerprint/minutia.js';
import { shapeRadius, shapeRowSpan } from './finger-shape.js';
import type { MasterFingerprint } from './master-fingerprint.js';
import { TEMPLATE } from './parameters.js';
import { crossingNumber, thinInPlace } from './thinning.js';

/**
 * The master's own minutiae, read from its clean ridge map: ridge endings are line ends of the
 * thinned ridges; bifurcations are line ends of the thinned valleys (a ridge fork is where a
 * valley ends), moved back to the fork. Directions follow ISO/IEC 19794-2 (see minutia.ts):
 * from the minutia into the ridge (ending) or valley (bifurcation) it ends.
 * Master canvas coordinates at 500 ppi (found on the ridge-map raster, then scaled). Minutiae near the finger border are left out.
 */
export function masterMinutiae(master: MasterFingerprint): Minutia[] {
  const found = [...lineEnds(master, 1, 'ending'), ...lineEnds(master, -1, 'bifurcation')];
  // Two minutiae very close together are a broken ridge or a spur left by the growth: drop both.
  const d2 = TEMPLATE.pairMinDistance * TEMPLATE.pairMinDistance;
  const keep = found.map(() => true);
  for (let i = 0; i < found.length; i++) {
    for (let j = i + 1; j < found.length; j++) {
      const dx = found[i]!.x - found[j]!.x;
      const dy = found[i]!.y - found[j]!.y;
      if (dx * dx + dy * dy < d2) keep[i] = keep[j] = false;
    }
  }
  return found.filter((_, i) => keep[i]);
}

function lineEnds(master: MasterFingerprint, polarity: 1 | -1, type: Minutia['type']): Minutia[] {
  const { ridgeWidth: width, ridgeHeight: height, ridges, shape, ridgeScale: scale } = master;
  const image = new Uint8Array(width * height);
  const inner = 1 - TEMPLATE.borderMargin / Math.max(shape.leftHalfWidth, shape.rightHalfWidth);
  // Only inside the finger (rows by their span): outside, the grown margin is not skin.
  for (let y = 1; y < height - 1; y++) {
    const span = shapeRowSpan(shape, y, scale, width, 1);
    if (!span) continue;
    for (let x = Math.max(1, span[0]), last = Math.min(width - 2, span[1]); x <= last; x++) {
      const p = y * width + x;
      if (ridges[p]! * polarity > 0) image[p] = 1;
    }
  }
  thinInPlace(image, width);
  const minutiae: Minutia[] = [];
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const p = y * width + x;
      if (!image[p] || crossingNumber(image, width, p) !== 1) continue;
      if (shapeRadius(shape, x / scale, y / scale) > inner) continue;
      const end = trace(image, width, p, Math.round(TEMPLATE.directionTrace * scale));
      if (end === undefined) continue;
      const dx = (end % width) - x;
      const dy = Math.floor(end / width) - y;
      const length = Math.hypot(dx, dy);
      if (length < (TEMPLATE.directionTrace * scale) / 2) continue;
      let mx = x / scale;
      let my = y / scale;
      if (type === 'bifurcation') {
        // The valley ends about half a ridge width before the fork.
        mx -= (2 * dx) / length;
        my -= (2 * dy) / length;
      }
      let direction = Math.atan2(-dy, dx);
      if (direction < 0) direction += 2 * Math.PI;
      minutiae.push({ x: mx, y: my, direction, type, reliability: 1 });
    }
  }
  return minutiae;
}

/** Walks `steps` pixels along a skeleton line from one of its ends; undefined if the line is shorter. */
function trace(image: Uint8Array, width: number, start: number, steps: number): number | undefined {
  const offsets = [-width, 1, width, -1, -width + 1, width + 1, width - 1, -width - 1];
  const visited = [start];
  let current = start;
  for (let i = 0; i < steps; i++) {
    let next = -1;
    for (const o of offsets) {
      const q = current + o;
      if (image[q] && !visited.includes(q) && !visited.some((v) => v !== current && adjacent(v, q, width))) {
        next = q;
        break;
      }
    }
    if (next < 0) return undefined;
    visited.push(next);
    current = next;
  }
  return current;
}

function adjacent(p: number, q: number, width: number): boolean {
  return Math.abs((q % width) - (p % width)) <= 1 && Math.abs(Math.floor(q / width) - Math.floor(p / width)) <= 1;
}
