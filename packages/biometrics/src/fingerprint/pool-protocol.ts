import type { FingerprintImage } from './image.js';

/** Messages between the pool and its workers (structured-clone friendly). */
export type PoolRequest =
  | { id: number; kind: 'extract'; images: FingerprintImage[] }
  | { id: number; kind: 'compare'; templates: Uint8Array[]; probes: Int32Array; candidates: Int32Array };

export type ExtractOutcome = { ok: true; template: Uint8Array; usable: boolean; quality: number; problems: string[] } | { ok: false; error: string };

export type PoolResponse =
  | { id: number; kind: 'extract'; outcomes: ExtractOutcome[] }
  | { id: number; kind: 'compare'; scores: Float64Array }
  | { id: number; kind: 'error'; message: string };

/** Linux thread name of a pool worker (at most 15 bytes), so per-thread CPU can be told apart (top -H, bench/migration/run.ts). */
export const POOL_THREAD_NAME = 'kura-fp-pool';
