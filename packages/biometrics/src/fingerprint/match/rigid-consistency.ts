import { angleDistance } from './angle.js';
import type { EdgeTable } from './edge-table.js';
import type { MatchBuffers } from './match-buffers.js';
import { matchParameters } from './parameters.js';

/**
 * A rigid motion taking probe points onto candidate points, in coordinates with Y pointing up (so
 * it turns ISO directions by +rotation): c = R(p − probeCentre) + candidateCentre.
 */
export interface RigidMotion {
  rotation: number;
  cos: number;
  sin: number;
  probeX: number;
  probeY: number;
  candidateX: number;
  candidateY: number;
}

export function emptyMotion(): RigidMotion {
  return { rotation: 0, cos: 1, sin: 0, probeX: 0, probeY: 0, candidateX: 0, candidateY: 0 };
}

/** Least-squares rotation and translation of the paired probe minutiae onto their partners. */
export function fitRigidMotion(probe: EdgeTable, candidate: EdgeTable, buffers: MatchBuffers, pairs: number, motion: RigidMotion): void {
  const { pairedProbe, pairedCandidate } = buffers;
  let px = 0, py = 0, cx = 0, cy = 0;
  for (let i = 0; i < pairs; i++) {
    const p = pairedProbe[i]!, c = pairedCandidate[i]!;
    px += probe.x[p]!; py -= probe.y[p]!; cx += candidate.x[c]!; cy -= candidate.y[c]!;
  }
  const k = Math.max(1, pairs);
  px /= k; py /= k; cx /= k; cy /= k;
  let dot = 0, cross = 0;
  for (let i = 0; i < pairs; i++) {
    const p = pairedProbe[i]!, c = pairedCandidate[i]!;
    const ax = probe.x[p]! - px, ay = -probe.y[p]! - py;
    const bx = candidate.x[c]! - cx, by = -candidate.y[c]! - cy;
    dot += ax * bx + ay * by;
    cross += ax * by - ay * bx;
  }
  motion.rotation = Math.atan2(cross, dot);
  motion.cos = Math.cos(motion.rotation);
  motion.sin = Math.sin(motion.rotation);
  motion.probeX = px;
  motion.probeY = py;
  motion.candidateX = cx;
  motion.candidateY = cy;
}

/**
 * Counts the pairs that agree with the pairing's overall rigid motion. Spidering follows local
 * agreement and can wander along a chain of coincidences in unrelated prints; real mates stay
 * close to one motion, within skin distortion.
 */
export function rigidlyConsistentPairs(probe: EdgeTable, candidate: EdgeTable, buffers: MatchBuffers, pairs: number, motion: RigidMotion, parameters = matchParameters): number {
  if (pairs < 2) return pairs;
  fitRigidMotion(probe, candidate, buffers, pairs, motion);
  const { pairedProbe, pairedCandidate } = buffers;
  const { cos, sin } = motion;
  const maxDistance2 = parameters.rigidDistanceTolerance * parameters.rigidDistanceTolerance;
  let consistent = 0;
  for (let i = 0; i < pairs; i++) {
    const p = pairedProbe[i]!, c = pairedCandidate[i]!;
    const ax = probe.x[p]! - motion.probeX, ay = -probe.y[p]! - motion.probeY;
    const dx = cos * ax - sin * ay + motion.candidateX - candidate.x[c]!;
    const dy = sin * ax + cos * ay + motion.candidateY + candidate.y[c]!;
    if (dx * dx + dy * dy > maxDistance2) continue;
    if (angleDistance(probe.direction[p]! + motion.rotation, candidate.direction[c]!) > parameters.rigidAngleTolerance) continue;
    consistent++;
  }
  return consistent;
}
