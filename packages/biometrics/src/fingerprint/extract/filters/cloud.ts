import type { MinutiaCandidate } from '../minutiae.js';

/**
 * Where many minutiae crowd together (more than `maxNeighbours` within `radius`), the skeleton is
 * tracing noise, scars or smudges: every minutia of the crowd is dropped.
 */
export function removeClouds(minutiae: MinutiaCandidate[], radius: number, maxNeighbours: number): MinutiaCandidate[] {
  const r2 = radius * radius;
  return minutiae.filter((m) => {
    let neighbours = 0;
    for (const o of minutiae) {
      if (o === m) continue;
      const dx = o.x - m.x;
      const dy = o.y - m.y;
      if (dx * dx + dy * dy <= r2) neighbours++;
    }
    return neighbours <= maxNeighbours;
  });
}
