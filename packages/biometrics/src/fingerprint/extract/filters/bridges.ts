import type { SkeletonGraph } from '../skeleton-graph.js';
import { angleDistance } from '../ridge-direction.js';

/**
 * A short link between two junctions that runs across the ridge flow is a bridge (two neighbouring
 * ridges touching through smudge or wetness), not anatomy: it is removed, and the two false
 * bifurcations with it. `ridgeOrientationAt` gives the local ridge orientation (image coordinates).
 */
export function removeBridges(graph: SkeletonGraph, maxBridgeLength: number, minBridgeAngleRadians: number, ridgeOrientationAt: (x: number, y: number) => number): void {
  for (const ridge of graph.ridges()) {
    if (ridge.start === ridge.end || ridge.length >= maxBridgeLength) continue;
    if (ridge.start.ridges.length < 3 || ridge.end.ridges.length < 3) continue;
    const dx = ridge.end.x - ridge.start.x;
    const dy = ridge.end.y - ridge.start.y;
    if (dx === 0 && dy === 0) continue;
    const chord = Math.atan2(dy, dx);
    const orientation = ridgeOrientationAt((ridge.start.x + ridge.end.x) / 2, (ridge.start.y + ridge.end.y) / 2);
    // orientation is axial (mod π): compare with the chord both ways
    const deviation = Math.min(angleDistance(chord, orientation), angleDistance(chord, orientation + Math.PI));
    if (deviation >= minBridgeAngleRadians) graph.removeRidge(ridge);
  }
}
