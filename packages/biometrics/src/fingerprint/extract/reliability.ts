import type { MinutiaCandidate } from './minutiae.js';

/**
 * A minutia's reliability in [0, 1]: the local orientation coherence (clear ridge flow around it)
 * times a factor growing with its distance from the foreground edge (square root, saturating at
 * `fullBorderDistance`), since minutiae near the edge are more often artefacts of cut ridges.
 */
export function assignReliability(minutiae: MinutiaCandidate[], coherenceAt: (x: number, y: number) => number, borderDistance: Float32Array, width: number, fullBorderDistance: number): void {
  for (const m of minutiae) {
    const border = Math.min(1, borderDistance[m.y * width + m.x]! / fullBorderDistance);
    m.reliability = Math.min(1, Math.max(0, coherenceAt(m.x, m.y))) * Math.sqrt(border);
  }
}
