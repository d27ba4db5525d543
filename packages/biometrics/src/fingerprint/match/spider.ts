import { TWO_PI } from './angle.js';
import { edgeLengthTolerance } from './edge-hash.js';
import type { EdgeTable } from './edge-table.js';
import type { MatchBuffers } from './match-buffers.js';
import { matchParameters } from './parameters.js';

/** What a grown pairing looks like, for scoring. */
export interface PairingStats {
  pairs: number;
  /** Edges between paired minutiae that agree in both prints (beyond the one that added each pair). */
  supportingEdges: number;
  typeMatches: number;
  /** Pairs agreeing with the pairing's overall rigid motion. */
  rigidPairs: number;
  /** Minutiae of each print lying in the area both prints cover, once aligned. */
  /** Pairs after completing the pairing under its rigid motion. */
  completedPairs: number;
  /** Probe foreground blocks landing on candidate foreground, and those whose ridge flow agrees (0 when a template has no orientation field). */
  overlapBlocks: number;
  agreeingBlocks: number;
  probeInOverlap: number;
  candidateInOverlap: number;
}

/**
 * Grows a pairing from a root pair: repeatedly pairs the unpaired neighbours whose connecting edge
 * agrees best with an already paired minutia's edge (best-first, so distortion is followed locally
 * rather than fought with one global transform). Leaves the pairing in `buffers`.
 */
export function spiderFromRoot(
  probe: EdgeTable,
  candidate: EdgeTable,
  rootProbe: number,
  rootCandidate: number,
  buffers: MatchBuffers,
  stats: PairingStats,
  parameters = matchParameters,
): void {
  const { probePair, candidatePair, pairedProbe, pairedCandidate } = buffers;
  // Locals for what the loops read (heap pushes are typed-array stores: the compiler cannot keep the tables' fields).
  const probeStart = probe.start, probeNeighbour = probe.neighbour, probeLength = probe.length, probeReference = probe.referenceAngle, probeNeighbourAngle = probe.neighbourAngle;
  const candidateStart = candidate.start, candidateNeighbour = candidate.neighbour, candidateLength = candidate.length, candidateReference = candidate.referenceAngle, candidateNeighbourAngle = candidate.neighbourAngle;
  const angleTolerance = parameters.edgeAngleTolerance;
  let pairs = 0;
  let supportingEdges = 0;
  let typeMatches = 0;
  buffers.heapSize = 0;
  buffers.heapPush(0, rootProbe, rootCandidate);
  while (buffers.heapSize > 0) {
    const p = buffers.heapProbe[0]!;
    const c = buffers.heapCandidate[0]!;
    buffers.heapPop();
    if (probePair[p] !== -1 || candidatePair[c] !== -1) {
      if (probePair[p] === c) supportingEdges++;
      continue;
    }
    probePair[p] = c;
    candidatePair[c] = p;
    pairedProbe[pairs] = p;
    pairedCandidate[pairs] = c;
    pairs++;
    if (probe.type[p] === candidate.type[c]) typeMatches++;
    const eEnd = probeStart[p + 1]!;
    const fStart = candidateStart[c]!;
    const fEnd = candidateStart[c + 1]!;
    for (let e = probeStart[p]!; e < eEnd; e++) {
      const pn = probeNeighbour[e]!;
      const pnPair = probePair[pn]!;
      const pl = probeLength[e]!;
      const lengthTolerance = edgeLengthTolerance(pl, parameters);
      const reference = probeReference[e]!;
      const neighbourAngle = probeNeighbourAngle[e]!;
      for (let f = fStart; f < fEnd; f++) {
        const cn = candidateNeighbour[f]!;
        // Only unpaired neighbours, or the neighbour's own partner (a supporting edge).
        if (pnPair !== -1 && pnPair !== cn) continue;
        if (pnPair === -1 && candidatePair[cn] !== -1) continue;
        // How far probe edge e is from candidate edge f: each difference (length, reference angle,
        // neighbour angle) over its tolerance, summed; any one beyond its tolerance rules f out.
        const dl = Math.abs(pl - candidateLength[f]!);
        if (dl > lengthTolerance) continue;
        let da = Math.abs(reference - candidateReference[f]!);
        if (da > Math.PI) da = TWO_PI - da;
        if (da > angleTolerance) continue;
        let db = Math.abs(neighbourAngle - candidateNeighbourAngle[f]!);
        if (db > Math.PI) db = TWO_PI - db;
        if (db > angleTolerance) continue;
        if (pnPair === cn) supportingEdges++;
        else buffers.heapPush(dl / lengthTolerance + (da + db) / angleTolerance, pn, cn);
      }
    }
  }
  stats.pairs = pairs;
  stats.supportingEdges = supportingEdges;
  stats.typeMatches = typeMatches;
}

/** Clears the pairing left by `spiderFromRoot`. */
export function clearPairing(buffers: MatchBuffers, pairs: number): void {
  for (let i = 0; i < pairs; i++) {
    buffers.probePair[buffers.pairedProbe[i]!] = -1;
    buffers.candidatePair[buffers.pairedCandidate[i]!] = -1;
  }
}
