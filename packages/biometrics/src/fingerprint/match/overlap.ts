import type { EdgeTable } from './edge-table.js';
import { nearHull } from './convex-hull.js';
import type { RigidMotion } from './rigid-consistency.js';
import { matchParameters } from './parameters.js';
import type { OrientationField } from '../orientation-field.js';

/**
 * How many minutiae of each print fall where the other print has area (its minutiae hull, grown by
 * a margin), once the two are aligned. Two impressions of a finger often overlap only in part:
 * minutiae outside the common area could not have been paired and should not count against a match.
 */
export function overlapCounts(
  probe: EdgeTable,
  candidate: EdgeTable,
  motion: RigidMotion,
  out: { probeInOverlap: number; candidateInOverlap: number },
  probeField: OrientationField | undefined,
  candidateField: OrientationField | undefined,
  parameters = matchParameters,
): void {
  const margin = parameters.overlapMargin;
  // The other print's foreground blocks when known, else the hull of its minutiae (tested inline,
  // not through a closure per call: the gallery runs this for every comparison).
  const { cos, sin, probeX, probeY, candidateX, candidateY } = motion;
  let probeIn = 0;
  for (let p = 0; p < probe.count; p++) {
    const ax = probe.x[p]! - probeX, ay = -probe.y[p]! - probeY;
    const x = cos * ax - sin * ay + candidateX;
    const y = -(sin * ax + cos * ay + candidateY);
    if (candidateField ? onForeground(candidateField, x, y) : nearHull(candidate.hull, x, y, margin)) probeIn++;
  }
  let candidateIn = 0;
  for (let c = 0; c < candidate.count; c++) {
    // Inverse motion: p = Rᵀ(c − candidateCentre) + probeCentre.
    const bx = candidate.x[c]! - candidateX, by = -candidate.y[c]! - candidateY;
    const x = cos * bx + sin * by + probeX;
    const y = -(-sin * bx + cos * by + probeY);
    if (probeField ? onForeground(probeField, x, y) : nearHull(probe.hull, x, y, margin)) candidateIn++;
  }
  out.probeInOverlap = probeIn;
  out.candidateInOverlap = candidateIn;
}

function onForeground(field: OrientationField, x: number, y: number): boolean {
  const c = Math.floor(x / field.blockSize);
  const r = Math.floor(y / field.blockSize);
  return c >= 0 && r >= 0 && c < field.columns && r < field.rows && field.levels[r * field.columns + c] !== 0;
}
