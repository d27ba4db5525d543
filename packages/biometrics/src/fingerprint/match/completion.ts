import { angleDistance } from './angle.js';
import type { EdgeTable } from './edge-table.js';
import type { MatchBuffers } from './match-buffers.js';
import { matchParameters } from './parameters.js';
import type { RigidMotion } from './rigid-consistency.js';

/**
 * Completes a pairing under its rigid motion: each still unpaired probe minutia is paired with the
 * nearest unpaired candidate minutia that lands close enough with a similar direction. Spidering
 * only walks between near neighbours, so a missing or spurious minutia can cut it off from a part
 * of the print that nevertheless lines up. The allowed distance grows away from the pairing's centre,
 * where skin distortion accumulates. Returns the new number of pairs.
 */
export function completePairing(probe: EdgeTable, candidate: EdgeTable, buffers: MatchBuffers, pairs: number, motion: RigidMotion, parameters = matchParameters): number {
  const { probePair, candidatePair, pairedProbe, pairedCandidate } = buffers;
  const { cos, sin } = motion;
  // Locals for what the loops read (the pairing's typed-array stores keep the compiler from assuming them unchanged).
  const { probeX, probeY, candidateX, candidateY, rotation } = motion;
  const probeXs = probe.x, probeYs = probe.y, probeDirection = probe.direction;
  const candidateXs = candidate.x, candidateYs = candidate.y, candidateDirection = candidate.direction;
  const nc = candidate.count;
  const { completionDistance, completionDistanceShare, completionAngle } = parameters;
  for (let p = 0; p < probe.count; p++) {
    if (probePair[p] !== -1) continue;
    const ax = probeXs[p]! - probeX;
    const ay = -probeYs[p]! - probeY;
    const x = cos * ax - sin * ay + candidateX;
    const y = -(sin * ax + cos * ay + candidateY);
    const reach = completionDistance + completionDistanceShare * Math.hypot(ax, ay);
    const direction = probeDirection[p]! + rotation;
    let best = -1;
    let bestDistance2 = reach * reach;
    for (let c = 0; c < nc; c++) {
      if (candidatePair[c] !== -1) continue;
      const dx = candidateXs[c]! - x;
      const dy = candidateYs[c]! - y;
      const d2 = dx * dx + dy * dy;
      if (d2 > bestDistance2) continue;
      if (angleDistance(direction, candidateDirection[c]!) > completionAngle) continue;
      best = c;
      bestDistance2 = d2;
    }
    if (best < 0) continue;
    probePair[p] = best;
    candidatePair[best] = p;
    pairedProbe[pairs] = p;
    pairedCandidate[pairs] = best;
    pairs++;
  }
  return pairs;
}
