/**
 * Every tunable of the 1:N pre-filter, in one place. Distances are pixels at 500 ppi (a ridge
 * period is about 9 px there); angles are radians. Figures quoted are FVC2002 DB1_B + DB2_B,
 * mate ranked among the 152 impostors of both sets (bench/prefilter/run.ts).
 */
const DEG = Math.PI / 180;

export const prefilterParameters = {
  /** Code length in 32-bit words: a header word, 4 words of per-rotation-bin counts, then the shape hashes bit-packed (≤ 256 bytes). */
  codeWords: 64,
  /**
   * Bits of a triplet's shape hash (104 fit in a code); the probe's table has 2^hashBits entries of
   * 16-bit rotation masks (512 KB). 17 bits: −0.4 point at 1 % and no faster; 16 bits: −4 points.
   */
  hashBits: 18,
  /**
   * Bins of the central minutia's absolute direction, kept with each feature as the group it is
   * filed in (a power of two, ≤ 16). The mates' features agree on one rotation between the prints,
   * chance meetings spread over all: counting only the best rotation lifted the hit rate at 1 %
   * penetration from 85 % to 90 % (8 bins: 1 point less; 12: about the same).
   */
  rotationBins: 16,
  /** Adjacent rotation bins counted together (2 bins = 45°: the turn plus direction jitter; 3 bins measured worse). */
  rotationWindow: 2,

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
   * table's share of set (feature, rotation) bits says: triplets crowd into common shapes
   * (parallel ridges), and the best of 16 rotations is kept. Sets the chance level of the score.
   */
  chanceHitFactor: 4,
} as const;

export type PrefilterParameters = typeof prefilterParameters;
