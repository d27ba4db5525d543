import { edgeMismatch } from './edge-match.js';
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
    const eEnd = probe.start[p + 1]!;
    const fStart = candidate.start[c]!;
    const fEnd = candidate.start[c + 1]!;
    for (let e = probe.start[p]!; e < eEnd; e++) {
      const pn = probe.neighbour[e]!;
      const pnPair = probePair[pn]!;
      for (let f = fStart; f < fEnd; f++) {
        const cn = candidate.neighbour[f]!;
        // Only unpaired neighbours, or the neighbour's own partner (a supporting edge).
        if (pnPair !== -1 && pnPair !== cn) continue;
        if (pnPair === -1 && candidatePair[cn] !== -1) continue;
        const mismatch = edgeMismatch(probe, e, candidate, f, parameters);
        if (mismatch < 0) continue;
        if (pnPair === cn) supportingEdges++;
        else buffers.heapPush(mismatch, pn, cn);
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
