import type { MinutiaPair } from '../fingerprint/match/matcher.js';
import type { FingerPosition, GalleryCandidate } from './types.js';

/** Messages between the gallery and its shard workers (structured-clone friendly). */

/** A probe finger on the wire: its packed form (see packed-finger.ts). */
export interface WireProbeFinger {
  position: FingerPosition;
  packed: Uint8Array;
}

export type ShardRequest =
  | { id: number; kind: 'ping' }
  /** A gallery batch (encodeGalleryBatch layout) holding only this shard's fingers, already checked. */
  | { id: number; kind: 'add'; batch: Uint8Array }
  /** Room for this many more rows and arena bytes, made at once (before a large load). */
  | { id: number; kind: 'reserve'; rows: number; arenaBytes: number }
  | { id: number; kind: 'remove'; subjectIds: Uint32Array }
  | { id: number; kind: 'prefilter'; probe: WireProbeFinger[]; k: number; exclude: Uint32Array }
  | { id: number; kind: 'rescore'; probe: WireProbeFinger[]; subjectIds: Uint32Array; minScore: number }
  | { id: number; kind: 'compare'; probe: WireProbeFinger[]; subjectId: number }
  | { id: number; kind: 'stats' };

export type ShardResponse =
  | { id: number; kind: 'done' }
  | { id: number; kind: 'prefilter'; subjectIds: Uint32Array; scores: Float64Array; comparisons: number }
  | { id: number; kind: 'rescore'; candidates: GalleryCandidate[]; comparisons: number }
  | { id: number; kind: 'compare'; result: { candidate: GalleryCandidate; pairs: Record<number, MinutiaPair[]> } | null }
  | { id: number; kind: 'stats'; subjects: number; fingers: number; residentBytes: number }
  | { id: number; kind: 'error'; message: string };
