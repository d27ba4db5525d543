/**
 * Every tunable of the 1:N gallery, in one place (the pre-filter's own code length and
 * tolerances live in prefilter/parameters.ts).
 */
export const galleryParameters = {
  /**
   * Most minutiae a packed finger keeps (the most reliable ones, in their original order). The
   * extractor keeps at most 120; with the 256-byte pre-filter code this keeps a packed finger,
   * and its resident form, under 1 KB.
   */
  packedMinutiae: 120,
  /** Reliability is stored in this many steps (6 bits): the matcher does not use it, evidence shows it. */
  reliabilitySteps: 63,

  /**
   * Full comparisons a search may spend on re-scoring (about 300 µs each with unpacking): the
   * subjects whose fused pre-filter score ranks best over the whole gallery are re-scored, as
   * many as this budget allows for the probe's finger count (600 → 300 subjects for 1–2 fingers,
   * 60 for 10), within the bounds below. A many-finger pre-filter ranks mates higher, so it
   * needs fewer subjects re-scored.
   */
  rescoreFingerBudget: 600,
  minRescoredSubjects: 40,
  maxRescoredSubjects: 300,
  /**
   * Bytes of recently re-scored fingers' neighbour lists and hulls each shard keeps (about
   * 0.5–1 KB a finger; see edge-cache.ts), so a small gallery, whose every search re-scores the
   * same fingers, searches each one's nearest neighbours once.
   * Not counted in `residentBytes` (a bounded cache, not the searchable structure).
   */
  edgeCacheBytes: 8 * 1024 * 1024,
  /** Default `maxResults` of a search. */
  defaultMaxResults: 10,

  /** Evidence of one finger, −log10(FMR), is clamped to [0, this]: the calibration states no FMR below 1e-7. */
  maxFingerEvidence: 7,

  /** Rows a new shard makes room for; arrays then grow by `growthFactor` (or to what a batch needs). */
  initialRows: 1024,
  growthFactor: 1.5,
  /**
   * `reserve` gives each shard its even share of the expected fingers times this: subjects are
   * hashed to shards, so shares differ by a fraction of a percent at gallery sizes worth reserving
   * for, and a shard that still runs short grows by `growthFactor` once.
   */
  reserveSlack: 1.02,
  /** A shard compacts its arrays once removed or replaced fingers hold this share of its rows. */
  compactDeadShare: 0.25,
  /** Compaction is not worth it below this many dead rows. */
  compactMinDeadRows: 4096,
} as const;

export type GalleryParameters = typeof galleryParameters;
