import type { MinutiaCandidate } from '../minutiae.js';

/** Keeps the `max` most reliable minutiae; ties keep a fixed order (by position) for determinism. */
export function keepMostReliable(minutiae: MinutiaCandidate[], max: number): MinutiaCandidate[] {
  const sorted = [...minutiae].sort((a, b) => b.reliability - a.reliability || a.y - b.y || a.x - b.x);
  return sorted.slice(0, max).sort((a, b) => a.y - b.y || a.x - b.x);
}
