import type { SkeletonGraph, SkeletonNode } from '../skeleton-graph.js';
import { angleDistance, ridgeLeavingAngle } from '../ridge-direction.js';

/**
 * Two ridge endings facing each other across a short gap are one ridge broken by a crease, a scar
 * or dryness: they are joined by a straight ridge (and the knot filter then merges it through).
 * Pairs are taken shortest gap first so each ending is used once.
 */
export function bridgeGaps(graph: SkeletonGraph, maxGapLength: number, maxGapAngleRadians: number, followLength: number): void {
  const endings = [...graph.nodes].filter((node) => node.ridges.length === 1 && node.ridges[0]!.end !== node);
  const outward = new Map<SkeletonNode, number>();
  for (const node of endings) outward.set(node, ridgeLeavingAngle(node.ridges[0]!, followLength) + Math.PI);
  const candidates: { a: SkeletonNode; b: SkeletonNode; distance: number }[] = [];
  // pairs this far apart (squared) are surely beyond maxGapLength: skipped before the costlier hypot
  const farSquared = maxGapLength > 0 ? (maxGapLength + 1) ** 2 : 0;
  for (let i = 0; i < endings.length; i++) {
    const a = endings[i]!;
    for (let j = i + 1; j < endings.length; j++) {
      const b = endings[j]!;
      if ((b.x - a.x) ** 2 + (b.y - a.y) ** 2 >= farSquared) continue;
      const distance = Math.hypot(b.x - a.x, b.y - a.y);
      if (distance >= maxGapLength || distance === 0) continue;
      if (a.ridges[0]!.end === b) continue; // the two ends of one fragment
      const ab = Math.atan2(b.y - a.y, b.x - a.x);
      if (angleDistance(outward.get(a)!, ab) > maxGapAngleRadians) continue;
      if (angleDistance(outward.get(b)!, ab + Math.PI) > maxGapAngleRadians) continue;
      candidates.push({ a, b, distance });
    }
  }
  candidates.sort((p, q) => p.distance - q.distance);
  const used = new Set<SkeletonNode>();
  for (const { a, b } of candidates) {
    if (used.has(a) || used.has(b)) continue;
    used.add(a);
    used.add(b);
    graph.addRidge(a, b, straightLine(a, b));
  }
}

function straightLine(a: SkeletonNode, b: SkeletonNode): Int32Array {
  const steps = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y));
  const points = new Int32Array(2 * (steps + 1));
  for (let s = 0; s <= steps; s++) {
    points[2 * s] = Math.round(a.x + ((b.x - a.x) * s) / steps);
    points[2 * s + 1] = Math.round(a.y + ((b.y - a.y) * s) / steps);
  }
  return points;
}
