/**
 * Every tunable of `kura bench identify` in one place. Changing anything that alters the
 * generated templates must change GALLERY_GENERATOR, so old caches are not reused by mistake.
 */
export const IDENTIFY_BENCH = {
  /** People generated per worker job and per cache chunk: small enough that memory stays flat. */
  peoplePerChunk: 100,
  /** Chunks in flight at once per worker (keeps every core busy while the main thread writes). */
  chunksInFlightPerWorker: 2,
  /** Probes generated per worker job. */
  probesPerChunk: 25,
  /** Candidates asked of each search: the mate counts as found when among them at or above the threshold. */
  maxResults: 10,
  /** Impression index (0-based) enrolled in the gallery ("impression 1") and searched ("impression 2"). */
  enrolledImpression: 0,
  searchedImpression: 1,
  /** Finger positions of a 2-finger search: both index fingers (ANSI/NIST 2 = right index, 7 = left index). */
  twoFingerPositions: [2, 7] as const,
  /** Subject ids of synthetic people are person index + 1; extra subjects (e.g. FVC fingers) start here. */
  extraSubjectIdBase: 1_000_000_000,
  defaultSeed: 1,
  defaultSearches: 100,
  /** Time limit of the restart child (a fresh process loading the cache). */
  restartTimeoutMs: 30 * 60_000,
} as const;

/**
 * Version of this benchmark's population (seeds, impressions, packing): part of the cache file
 * name, followed by a digest of sample templates (see generatorVersion) that tracks the synthesiser.
 */
export const GALLERY_GENERATOR = 'identify-v1';

/** Version of the cache container format. */
export const CACHE_FORMAT = 1;

/** False-positive identification rates reported, as fractions (1 % and 0.1 %). */
export const REPORTED_FPIR = { fnirAtFpir01: 0.01, fnirAtFpir001: 0.001 } as const;
