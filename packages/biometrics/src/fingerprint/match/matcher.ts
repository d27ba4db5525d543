import type { OrientationField } from '../orientation-field.js';
import type { FingerprintTemplate } from '../template.js';
import { completePairing } from './completion.js';
import { buildEdgeHash, type EdgeHash } from './edge-hash.js';
import type { EdgeTable } from './edge-table.js';
import { MatchBuffers } from './match-buffers.js';
import { orientationAgreement } from './orientation-agreement.js';
import { overlapCounts } from './overlap.js';
import { emptyMotion, fitRigidMotion, rigidlyConsistentPairs, type RigidMotion } from './rigid-consistency.js';
import { findRootPairs } from './root-pairs.js';
import { finalScore, rootScore } from './scoring.js';
import { clearPairing, spiderFromRoot, type PairingStats } from './spider.js';

/** A pair of corresponding minutiae: index in the probe, index in the candidate. */
export interface MinutiaPair {
  probe: number;
  candidate: number;
}

export interface MatchResult {
  score: number;
  pairs: MinutiaPair[];
}

function clearStats(stats: PairingStats): void {
  stats.pairs = 0;
  stats.supportingEdges = 0;
  stats.typeMatches = 0;
  stats.rigidPairs = 0;
  stats.completedPairs = 0;
  stats.overlapBlocks = 0;
  stats.agreeingBlocks = 0;
  stats.probeInOverlap = 0;
  stats.candidateInOverlap = 0;
}

/** Object.assign(to, from) for the stats' fields, without its generic property walk (once per comparison). */
function copyStats(from: PairingStats, to: PairingStats): void {
  to.pairs = from.pairs;
  to.supportingEdges = from.supportingEdges;
  to.typeMatches = from.typeMatches;
  to.rigidPairs = from.rigidPairs;
  to.completedPairs = from.completedPairs;
  to.overlapBlocks = from.overlapBlocks;
  to.agreeingBlocks = from.agreeingBlocks;
  to.probeInOverlap = from.probeInOverlap;
  to.candidateInOverlap = from.candidateInOverlap;
}

const emptyStats = (): PairingStats => ({
  pairs: 0,
  supportingEdges: 0,
  typeMatches: 0,
  rigidPairs: 0,
  completedPairs: 0,
  overlapBlocks: 0,
  agreeingBlocks: 0,
  probeInOverlap: 0,
  candidateInOverlap: 0,
});

/**
 * Compares one probe with many candidates. Built once (it files the probe's edges for fast
 * lookup); `match` then allocates nothing. Not shareable between threads (it owns its buffers).
 *
 * Steps: root pairs from local descriptor similarity (root-pairs) → a pairing grown from each root
 * (spider) → the root whose pairing best agrees with one rigid motion (rigid-consistency) → that
 * pairing completed under its motion (completion) → a score normalised by the overlap (scoring).
 */
export class FingerprintMatcher {
  private readonly hash: EdgeHash;
  private readonly buffers: MatchBuffers;
  private readonly stats = emptyStats();
  private readonly motion: RigidMotion = emptyMotion();
  /** Candidate partner of each probe minutia in the best pairing (−1 = none), to skip redundant roots. */
  private readonly bestPartner: Int32Array;
  /** Statistics of the best pairing of the last comparison (for evidence and tuning). */
  readonly lastStats = emptyStats();

  constructor(readonly probe: FingerprintTemplate) {
    this.hash = buildEdgeHash(probe.edges);
    this.buffers = new MatchBuffers(probe.edges);
    this.bestPartner = new Int32Array(probe.edges.count);
  }

  /** Similarity score (0 = nothing in common; higher = more similar; see calibration for FMR). */
  match(candidate: FingerprintTemplate): number {
    return this.run(candidate.edges, candidate.orientation);
  }

  /** Score plus the paired minutiae (allocates the result). */
  matchWithPairs(candidate: FingerprintTemplate): MatchResult {
    return this.matchEdgesWithPairs(candidate.edges, candidate.orientation);
  }

  /**
   * `match` of a candidate given by its edge table (and orientation field, when known) alone: for
   * callers that build candidates' edge tables without the templates (the gallery's shards).
   */
  matchEdges(candidate: EdgeTable, candidateField?: OrientationField): number {
    return this.run(candidate, candidateField);
  }

  /** `matchWithPairs` of a candidate given by its edge table (and orientation field). */
  matchEdgesWithPairs(candidate: EdgeTable, candidateField?: OrientationField): MatchResult {
    const score = this.run(candidate, candidateField);
    const pairs: MinutiaPair[] = [];
    for (let i = 0; i < this.buffers.bestCount; i++) pairs.push({ probe: this.buffers.bestProbe[i]!, candidate: this.buffers.bestCandidate[i]! });
    return { score, pairs };
  }

  private run(other: EdgeTable, candidateField: OrientationField | undefined): number {
    const probe = this.probe.edges;
    const buffers = this.buffers;
    const stats = this.stats;
    buffers.bestCount = 0;
    clearStats(this.lastStats);
    if (probe.count < 2 || other.count < 2) return 0;
    buffers.fit(probe.count, other.count);
    const roots = findRootPairs(probe, this.hash, other, buffers);
    const bestPartner = this.bestPartner;
    bestPartner.fill(-1);
    let bestRoot = -1;
    let bestRootScore = 0;
    for (let r = 0; r < roots; r++) {
      const rootProbe = buffers.rootProbe[r]!;
      const rootCandidate = buffers.rootCandidate[r]!;
      // A root already inside the best pairing would mostly regrow it.
      if (bestPartner[rootProbe] === rootCandidate) continue;
      spiderFromRoot(probe, other, rootProbe, rootCandidate, buffers, stats);
      const pairs = stats.pairs;
      stats.rigidPairs = rigidlyConsistentPairs(probe, other, buffers, pairs, this.motion);
      const score = rootScore(stats, probe.count, other.count);
      if (score > bestRootScore) {
        bestRootScore = score;
        bestRoot = r;
        bestPartner.fill(-1);
        for (let i = 0; i < pairs; i++) bestPartner[buffers.pairedProbe[i]!] = buffers.pairedCandidate[i]!;
      }
      clearPairing(buffers, pairs);
    }
    if (bestRoot < 0) return 0;

    // Regrow the best pairing (deterministic), complete it under its motion and score it.
    spiderFromRoot(probe, other, buffers.rootProbe[bestRoot]!, buffers.rootCandidate[bestRoot]!, buffers, stats);
    stats.rigidPairs = rigidlyConsistentPairs(probe, other, buffers, stats.pairs, this.motion);
    const pairs = completePairing(probe, other, buffers, stats.pairs, this.motion);
    fitRigidMotion(probe, other, buffers, pairs, this.motion);
    stats.completedPairs = pairs;
    overlapCounts(probe, other, this.motion, stats, this.probe.orientation, candidateField);
    stats.overlapBlocks = 0;
    stats.agreeingBlocks = 0;
    if (this.probe.orientation && candidateField) orientationAgreement(this.probe.orientation, candidateField, this.motion, stats);
    const score = finalScore(stats, this.probe.orientation !== undefined && candidateField !== undefined);
    for (let i = 0; i < pairs; i++) {
      buffers.bestProbe[i] = buffers.pairedProbe[i]!;
      buffers.bestCandidate[i] = buffers.pairedCandidate[i]!;
    }
    buffers.bestCount = pairs;
    copyStats(stats, this.lastStats);
    clearPairing(buffers, pairs);
    return score;
  }
}
