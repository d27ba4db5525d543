/**
 * Every tunable of biometric enrollment, in one place. Thresholds of the quality gate are in the
 * units the extractor reports: quality 0–100, minutiae counted at 500 ppi.
 */
export const ENROLLMENT_PARAMETERS = {
  /** Below this many minutiae a finger cannot be matched reliably at all: refused. */
  refuseBelowMinutiae: 6,
  /** Below this many minutiae (or below `retakeBelowQuality`) the capture should be taken again. */
  retakeBelowMinutiae: 12,
  retakeBelowQuality: 20,
  /** Smallest and largest side of a finger image once brought to 500 ppi, in pixels (0.3 in and 3 in). */
  minImageSide: 150,
  maxImageSide: 1500,
  /** Resolution assumed when neither the request nor the file states one (the FBI's capture rate). */
  defaultPpi: 500,
  /** Bit rate of the WSQ copies kept of images received in another format (the FBI's rate for 500 ppi). */
  wsqBitRate: 0.75,
  /** Target false-positive identification rate of the search made at each enrollment (KURA_DEDUP_FPIR). */
  dedupFpir: 0.001,
  /** Candidates kept in a dedup case. */
  dedupMaxCandidates: 10,
  /** Rows read per batch when the gallery is rebuilt from the database. */
  rebuildBatchFingers: 2000,
  /** Gallery changes applied per step when catching up with the database (one snapshot frame per run of additions). */
  catchUpChunk: 500,
  /**
   * Snapshot frames handed to the gallery before the oldest is waited for, when loading: this
   * thread reads and splits the next frames while the workers copy the previous ones in.
   */
  snapshotFramesInFlight: 3,
} as const;
