/**
 * FNIR at a given FPIR, from the outcome of the benchmark's searches.
 *
 * Threshold for a target FPIR: the lowest fused score t such that the share of non-mated searches
 * whose best candidate reaches t is ≤ FPIR. With the non-mated best scores sorted from high to
 * low and k = ⌊FPIR × searches⌋ allowed false positives, that is "just above" the (k+1)-th best
 * (t itself is the next representable number after it). FNIR: the share of mated searches whose
 * true mate is not returned at or above t — i.e. missing, or scoring ≤ the (k+1)-th non-mated best.
 */
export interface SearchOutcomes {
  /** Per mated search: the fused score of the true mate among the returned candidates, undefined when not returned. */
  mateScores: readonly (number | undefined)[];
  /** Per non-mated search: the best candidate's fused score (0 when nothing was returned). */
  nonMatedBestScores: readonly number[];
}

export interface FpirOperatingPoint {
  fpir: number;
  /** The threshold's defining score: a score passes when strictly above it. */
  scoreToBeat: number;
  fnir: number;
  /** Non-mated searches that do pass (≤ fpir × searches). */
  falsePositives: number;
}

export function fnirAtFpir(outcomes: SearchOutcomes, fpir: number): FpirOperatingPoint {
  if (!(fpir >= 0 && fpir <= 1)) throw new RangeError(`fpir must be within [0, 1] (got ${fpir})`);
  const nonMated = [...outcomes.nonMatedBestScores].sort((a, b) => b - a);
  const allowed = Math.floor(fpir * nonMated.length + 1e-9);
  // No non-mated search to stay below (or all may pass): any returned mate counts.
  const scoreToBeat = allowed < nonMated.length ? nonMated[allowed]! : -Infinity;
  const passes = (score: number | undefined) => score !== undefined && score > scoreToBeat;
  const missed = outcomes.mateScores.filter((s) => !passes(s)).length;
  return {
    fpir,
    scoreToBeat,
    fnir: outcomes.mateScores.length === 0 ? 0 : missed / outcomes.mateScores.length,
    falsePositives: nonMated.filter(passes).length,
  };
}

/** The p-th percentile (0–100) of a sample by the nearest-rank method. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
