import type { Minutia, MinutiaType } from '../minutia.js';
import { angleDistance, ridgeLeavingAngle } from './ridge-direction.js';
import type { SkeletonGraph } from './skeleton-graph.js';

/** A minutia while the extractor still works in image coordinates (y down). */
export interface MinutiaCandidate {
  x: number;
  y: number;
  /** Direction in image coordinates: atan2(dy, dx) with y down. */
  imageAngle: number;
  type: MinutiaType;
  reliability: number;
}

/**
 * Minutiae from the cleaned skeleton graph: a node with one ridge is a ridge ending, pointing into
 * its ridge; a node with three is a bifurcation, pointing along the valley it closes — between its
 * two forks, away from the stem. The forks are the pair of ridges leaving closest in angle.
 * Nodes with four or more ridges (crossings, knots of noise) are not reported.
 */
export function detectMinutiae(graph: SkeletonGraph, followLength: number): MinutiaCandidate[] {
  const out: MinutiaCandidate[] = [];
  for (const node of graph.nodes) {
    if (node.ridges.length === 1) {
      out.push({ x: node.x, y: node.y, imageAngle: ridgeLeavingAngle(node.ridges[0]!, followLength), type: 'ending', reliability: 1 });
    } else if (node.ridges.length === 3) {
      const angles = node.ridges.map((r) => ridgeLeavingAngle(r, followLength));
      let stem = 0;
      let closest = Infinity;
      for (let k = 0; k < 3; k++) {
        const a = angles[(k + 1) % 3]!;
        const b = angles[(k + 2) % 3]!;
        const d = angleDistance(a, b);
        if (d < closest) {
          closest = d;
          stem = k;
        }
      }
      const forkA = angles[(stem + 1) % 3]!;
      const forkB = angles[(stem + 2) % 3]!;
      // average the fork bisector and the reversed stem (unit vectors)
      const vx = Math.cos(forkA) + Math.cos(forkB) - 2 * Math.cos(angles[stem]!);
      const vy = Math.sin(forkA) + Math.sin(forkB) - 2 * Math.sin(angles[stem]!);
      out.push({ x: node.x, y: node.y, imageAngle: Math.atan2(vy, vx), type: 'bifurcation', reliability: 1 });
    }
  }
  return out;
}

/** Converts to the shared contract: ISO direction, counter-clockwise with y up, in [0, 2π). */
export function toMinutia(candidate: MinutiaCandidate): Minutia {
  let direction = -candidate.imageAngle;
  direction %= 2 * Math.PI;
  if (direction < 0) direction += 2 * Math.PI;
  if (direction >= 2 * Math.PI) direction = 0;
  return { x: candidate.x, y: candidate.y, direction, type: candidate.type, reliability: Math.min(1, Math.max(0, candidate.reliability)) };
}
