import type { FingerprintTemplate } from '../fingerprint/template.js';

/**
 * The contract of the 1:N search structure (the "gallery"): what the registry and the benchmarks
 * use. The gallery holds, in memory and split across worker threads, the searchable form of every
 * enrolled finger; it knows subjects only by a numeric id (the registry's enrollment id) and finger
 * positions by their ANSI/NIST code (1 = right thumb … 10 = left little finger).
 */

/** ANSI/NIST-ITL finger position code, 1–10. */
export type FingerPosition = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export function isFingerPosition(value: unknown): value is FingerPosition {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/** One finger of a probe (search) or of a subject being enrolled. */
export interface GalleryFinger {
  position: FingerPosition;
  template: FingerprintTemplate;
}

/**
 * One finger in the gallery's compact resident form (`packFinger`), as stored in the snapshot:
 * deterministic bytes, ≤ 1 KB, enough for the pre-filter and for full re-scoring.
 */
export interface PackedGalleryFinger {
  subjectId: number;
  position: FingerPosition;
  packed: Uint8Array;
}

export interface GallerySearchOptions {
  /** Most candidates returned (ranked by fused score, best first). Default 10. */
  maxResults?: number;
  /** Only candidates whose fused score reaches this are returned. Default 0 (all up to maxResults). */
  minScore?: number;
  /** Subjects not to return (e.g. the enrollment being searched, already in the gallery). */
  excludeSubjectIds?: readonly number[];
}

/** Score of one compared finger position of a candidate. */
export interface FingerScore {
  position: FingerPosition;
  /** Full matcher score (see fingerprint/calibration for its FMR). */
  score: number;
}

export interface GalleryCandidate {
  subjectId: number;
  /** Person-level score fused over the compared finger positions (see gallery/fusion.ts). */
  score: number;
  fingers: FingerScore[];
}

export interface GallerySearchResult {
  candidates: GalleryCandidate[];
  /** Fingers the pre-filter looked at, and how many went to the full matcher (for tuning/benchmarks). */
  prefilterComparisons: number;
  fullComparisons: number;
  milliseconds: number;
}

export interface GalleryStats {
  subjects: number;
  fingers: number;
  /** Bytes held by the resident search structure (all workers), and per finger. */
  residentBytes: number;
  bytesPerFinger: number;
}
