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
  for (let p = 0; p < probe.count; p++) {
    if (probePair[p] !== -1) continue;
    const ax = probe.x[p]! - motion.probeX;
    const ay = -probe.y[p]! - motion.probeY;
    const x = cos * ax - sin * ay + motion.candidateX;
    const y = -(sin * ax + cos * ay + motion.candidateY);
    const reach = parameters.completionDistance + parameters.completionDistanceShare * Math.hypot(ax, ay);
    const direction = probe.direction[p]! + motion.rotation;
    let best = -1;
    let bestDistance2 = reach * reach;
    for (let c = 0; c < candidate.count; c++) {
      if (candidatePair[c] !== -1) continue;
      const dx = candidate.x[c]! - x;
      const dy = candidate.y[c]! - y;
      const d2 = dx * dx + dy * dy;
      if (d2 > bestDistance2) continue;
      if (angleDistance(direction, candidate.direction[c]!) > parameters.completionAngle) continue;
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
