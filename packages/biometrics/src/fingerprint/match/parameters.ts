/**
 * Every tunable of the matcher, in one place, with its physical meaning.
 * Distances are pixels at 500 ppi (a ridge period is about 9 px there); angles are radians.
 */
const DEG = Math.PI / 180;

export const matchParameters = {
  /** Neighbours kept per minutia in its edge table (its local descriptor). */
  edgeTableNeighbours: 6,
  /** Neighbours farther than this are not part of the local descriptor (≈ 20 ridge periods). */
  maxEdgeLength: 180,
  /** Neighbours closer than this are ignored: they are mostly extraction noise (≈ 1 ridge period). */
  minEdgeLength: 6,

  /** Allowed difference of two edge lengths: a fixed part plus a share for skin distortion. */
  edgeLengthTolerance: 9,
  edgeLengthToleranceShare: 0.07,
  /** Allowed difference of the two relative angles of an edge. */
  edgeAngleTolerance: 15 * DEG,

  /** Nearest edges of each minutia that vote for root pairs (the rest are used only by spidering). */
  rootNeighbours: 6,
  /** Width of the edge hash's bins as a share of the tolerances (speed only: results do not change). */
  hashBinShare: 1,
  /** Root pairs are voted with tighter edge tolerances than spidering uses (this share of them): fewer, surer votes. */
  rootToleranceScale: 1,
  /** Root pairs (most locally similar minutia pairs) from which a pairing is grown. */
  maxRootPairs: 12,
  /** A root pair needs at least this many matching neighbour edges. */
  minRootVotes: 3,

  /** How far a pair may stray from the pairing's overall rigid motion (skin distortion). */
  rigidDistanceTolerance: 24,
  rigidAngleTolerance: 30 * DEG,

  /** Completing a pairing under its rigid motion: reach at the centre, growth per pixel away from it, direction tolerance. */
  completionDistance: 12,
  completionDistanceShare: 0.05,
  completionAngle: 25 * DEG,

  /** Two block orientations agree within this angle. */
  orientationAgreementTolerance: 20 * DEG,
  /** Flow agreement assumed when two aligned prints with orientation fields share no block. */
  flowAgreementWithoutOverlap: 0.5,

  /** Minutiae this close outside the other print's minutiae hull still count as in the overlap. */
  overlapMargin: 15,

  /** Score weights: per rigidly consistent pair, per supporting edge, and (ranking roots only) for the paired share. */
  scoreRigidPair: 1,
  scoreSupportingEdge: 0.5,
  scorePairedShare: 30,
  /** How sharply an incompletely paired overlap is discounted. */
  coverageExponent: 1,
  /** Fewest minutiae an overlap is assumed to hold, so a tiny overlap cannot give a full share. */
  minOverlapMinutiae: 8,
} as const;

export type MatchParameters = typeof matchParameters;
