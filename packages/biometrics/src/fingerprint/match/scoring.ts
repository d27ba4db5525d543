import type { PairingStats } from './spider.js';
import { matchParameters } from './parameters.js';

/**
 * Ranks the pairings grown from different roots: pairs that agree with one rigid motion, edges
 * that confirm the pairing, and the share of both prints' minutiae that found a partner.
 */
export function rootScore(stats: PairingStats, probeCount: number, candidateCount: number, parameters = matchParameters): number {
  if (stats.pairs < 2) return 0;
  const rigid = stats.rigidPairs;
  const share = (rigid / Math.max(1, probeCount) + rigid / Math.max(1, candidateCount)) / 2;
  return parameters.scoreRigidPair * rigid + parameters.scoreSupportingEdge * stats.supportingEdges + parameters.scorePairedShare * share;
}

/**
 * The similarity of two prints from their best pairing: the evidence (pairs that agree with one
 * rigid motion, plus edges that confirm them) weighted by how completely the common area is paired
 * (pairs after completion over the minutiae lying in the overlap), and by how well the ridge flow
 * agrees over the common area. A partial overlap is not held against a match, while a pairing
 * that leaves most of a shared area unexplained, or whose ridges cross, is discounted.
 */
export function finalScore(stats: PairingStats, hasFlow: boolean, parameters = matchParameters): number {
  if (stats.pairs < 2) return 0;
  const overlap = Math.max(parameters.minOverlapMinutiae, (stats.probeInOverlap + stats.candidateInOverlap) / 2);
  const coverage = Math.min(1, stats.completedPairs / overlap);
  const evidence = (parameters.scoreRigidPair * stats.rigidPairs + parameters.scoreSupportingEdge * stats.supportingEdges) * coverage ** parameters.coverageExponent;
  return evidence * flowAgreement(stats, hasFlow, parameters);
}

/**
 * Share of the common area where both prints' ridges flow the same way (1 when either template has
 * no orientation field, as for imported minutiae; neutral when aligned prints share no block).
 */
function flowAgreement(stats: PairingStats, hasFlow: boolean, parameters: typeof matchParameters): number {
  if (!hasFlow) return 1;
  if (stats.overlapBlocks === 0) return parameters.flowAgreementWithoutOverlap;
  return stats.agreeingBlocks / stats.overlapBlocks;
}
