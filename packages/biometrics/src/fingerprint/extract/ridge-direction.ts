import type { SkeletonRidge } from './skeleton-graph.js';

/**
 * Direction (image coordinates, radians, atan2(dy, dx)) in which a ridge leaves its start node,
 * measured to the point `followLength` pixels along it (or its far end if shorter).
 */
export function ridgeLeavingAngle(ridge: SkeletonRidge, followLength: number): number {
  const p = ridge.points;
  const x0 = p[0]!;
  const y0 = p[1]!;
  let travelled = 0;
  let k = 2;
  for (; k < p.length; k += 2) {
    travelled += stepLength(p[k]! - p[k - 2]!, p[k + 1]! - p[k - 1]!);
    if (travelled >= followLength) break;
  }
  k = Math.min(k, p.length - 2);
  return Math.atan2(p[k + 1]! - y0, p[k]! - x0);
}

/** Smallest absolute difference between two angles (radians), in [0, π]. */
export function angleDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Math.hypot of the nine steps to a pixel's 8 neighbours (or itself), computed once. */
const NEIGHBOUR_STEP_LENGTHS = Float64Array.from([-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => Math.hypot(dx, dy))));

/** Math.hypot(dx, dy), from a table for the steps between neighbouring pixels (all a skeleton path takes). */
export function stepLength(dx: number, dy: number): number {
  if (dx >= -1 && dx <= 1 && dy >= -1 && dy <= 1) return NEIGHBOUR_STEP_LENGTHS[(dx + 1) * 3 + dy + 1]!;
  return Math.hypot(dx, dy);
}
