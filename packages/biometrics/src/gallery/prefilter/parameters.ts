/**
 * Every tunable of the 1:N pre-filter, in one place. Distances are pixels at 500 ppi (a ridge
 * period is about 9 px there); angles are radians.
 */
const DEG = Math.PI / 180;

export const prefilterParameters = {
  /** Code length in 32-bit words: a one-word header, then the features bit-packed (≤ 256 bytes). */
  codeWords: 64,
  /** Bits of one stored feature (a hashed triplet); the probe's table has 2^featureBits bits. */
  featureBits: 20,

  /** Width of the edge-length bins and of the angle bins a triplet is quantised in. */
  lengthStep: 10,
  angleBins: 16,

  /** Nearest neighbours of each minutia whose pairs make a stored code's triplets (nearer pairs first when the code is full). */
  storedNeighbours: 4,
  /** Nearest neighbours of each probe minutia whose pairs the probe files (more than stored: a neighbour may be missing). */
  probeNeighbours: 5,
  /**
   * A probe triplet covers every bin within these tolerances (skin distortion, extraction jitter).
   * Tight on purpose: measured on the dev sets, wider covers bring in more chance hits than mates.
   */
  lengthTolerance: 2,
  lengthToleranceShare: 0.05,
  angleTolerance: 5 * DEG,

  /**
   * An unrelated finger's feature meets the probe's table this many times more often than the
   * table's share of set bits says: triplets crowd into common shapes (parallel ridges). Measured
   * on FVC2002 DB1_B/DB2_B (4.1, 4.5); used for the chance level the score is measured against.
   */
  chanceHitFactor: 4.3,
} as const;

export type PrefilterParameters = typeof prefilterParameters;
