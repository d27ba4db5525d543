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
    travelled += Math.hypot(p[k]! - p[k - 2]!, p[k + 1]! - p[k - 1]!);
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
