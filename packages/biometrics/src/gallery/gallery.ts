import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { MinutiaPair } from '../fingerprint/match/matcher.js';
import { BATCH_HEADER_BYTES, BATCH_RECORD_HEADER_BYTES, batchShell, forEachCheckedBatchFinger, encodeGalleryBatch, isSubjectId, scanGalleryBatch } from './batch-codec.js';
import { packedMinutiaIndices, packFinger } from './packed-finger.js';
import { galleryParameters as P } from './parameters.js';
import { PREFILTER_WORDS } from './prefilter/index.js';
import type { ShardRequest, ShardResponse, WireProbeFinger } from './shard-protocol.js';
import { shardOfSubject } from './subject-index.js';
import { TopSubjects, worse } from './top-subjects.js';
import { isFingerPosition, type GalleryCandidate, type GalleryFinger, type GallerySearchOptions, type GallerySearchResult, type GalleryStats, type PackedGalleryFinger } from './types.js';
import { workerEntry } from '../worker-entry.js';

/** A gallery request the caller got wrong (bad probe, bad options, bad ids); nothing was changed. */
export class GalleryInputError extends Error {
  override readonly name = 'GalleryInputError';
}

/** A full comparison of a probe with one subject, with the paired minutiae of each compared finger. */
export type SubjectComparison = GalleryCandidate & {
  /**
   * Per finger position: pairs of minutia indices, `probe` into the probe finger's template as
   * given, `candidate` into the gallery finger's template (`unpackFinger` of its packed form).
   */
  pairs: Record<number, MinutiaPair[]>;
};

/** The reply a worker sends to each kind of request. */
type ReplyTo<K extends ShardRequest['kind']> = Extract<ShardResponse, { kind: K extends 'ping' | 'add' | 'reserve' | 'remove' ? 'done' : K }>;

/**
 * The in-memory 1:N gallery: every enrolled finger in its packed form, split over worker
 * threads (one shard each; a subject's fingers all live in one shard, chosen by a hash of its
 * id). A search runs in two passes over all shards: the pre-filter scores every finger at the
 * probe's positions and keeps the best subjects of the whole gallery (as many as the re-scoring
 * budget allows, see parameters.ts); the full matcher then re-scores those subjects' fingers and
 * the fused scores are ranked. Choosing the subjects to re-score over the whole gallery (not per
 * shard) makes results independent of
 * the number of workers. Requests to a worker run in the order sent; searches may overlap.
 */
export class FingerprintGallery {
  private readonly pending = new Map<number, { resolve: (r: ShardResponse) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (response: ShardResponse) => {
        const waiting = this.pending.get(response.id);
        this.pending.delete(response.id);
        if (!waiting) return;
        if (response.kind === 'error') waiting.reject(new Error(`gallery worker: ${response.message}`));
        else waiting.resolve(response);
      });
      // A dead worker has lost its shard: the gallery cannot answer truthfully any more.
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const [, waiting] of this.pending) waiting.reject(error);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`gallery worker exited with code ${code}`)));
    }
  }

  /** Starts the workers (default: one per core) and waits until each is ready. */
  static async open(options: { workers?: number } = {}): Promise<FingerprintGallery> {
    const count = options.workers ?? Math.max(1, availableParallelism());
    if (!(Number.isInteger(count) && count >= 1 && count <= 256)) throw new GalleryInputError(`workers must be an integer 1–256, got ${count}`);
    const { url, execArgv } = workerEntry(import.meta.url, 'shard-worker');
    const gallery = new FingerprintGallery(Array.from({ length: count }, () => new Worker(url, { execArgv })));
    try {
      await Promise.all(gallery.workers.map((_, i) => gallery.ask(i, { id: 0, kind: 'ping' })));
    } catch (error) {
      await gallery.close();
      throw error;
    }
    return gallery;
  }

  get workerCount(): number {
    return this.workers.length;
  }

  /** Adds fingers; a (subjectId, position) already present is replaced. */
  async add(fingers: readonly PackedGalleryFinger[]): Promise<void> {
    let batch: Uint8Array;
    try {
      batch = encodeGalleryBatch(fingers);
    } catch (error) {
      throw new GalleryInputError(error instanceof Error ? error.message : String(error));
    }
    await this.addEncoded(batch);
  }

  /**
   * Same as `add`, from encodeGalleryBatch bytes: the batch is checked whole (a FormatError and
   * nothing added when corrupt), then its records are copied, as bytes, into one batch per shard.
   */
  async addEncoded(batch: Uint8Array): Promise<void> {
    const shards = this.workers.length;
    if (shards === 1) {
      scanGalleryBatch(batch);
      // A copy of its own to hand over (a view would clone the whole buffer behind it).
      const own = batch.slice();
      await this.ask(0, { id: 0, kind: 'add', batch: own }, [own.buffer]);
      return;
    }
    const count = scanGalleryBatch(batch);
    const shardOf = new Uint16Array(count);
    const starts = new Uint32Array(count);
    const fingers = new Uint32Array(shards);
    const bytes = new Float64Array(shards);
    let i = 0;
    forEachCheckedBatchFinger(batch, (subjectId, _position, start, length) => {
      const s = shardOfSubject(subjectId, shards);
      shardOf[i] = s;
      starts[i] = start - BATCH_RECORD_HEADER_BYTES;
      fingers[s]!++;
      bytes[s]! += BATCH_RECORD_HEADER_BYTES + length;
      i++;
    });
    const parts = Array.from({ length: shards }, (_, s) => batchShell(fingers[s]!, bytes[s]!));
    const fill = new Float64Array(shards).fill(BATCH_HEADER_BYTES);
    for (let k = 0; k < count; k++) {
      const start = starts[k]!;
      const length = BATCH_RECORD_HEADER_BYTES + (batch[start + 5]! | (batch[start + 6]! << 8));
      const s = shardOf[k]!;
      parts[s]!.set(batch.subarray(start, start + length), fill[s]!);
      fill[s]! += length;
    }
    await Promise.all(parts.map((part, s) => (fingers[s]! > 0 ? this.ask(s, { id: 0, kind: 'add', batch: part }, [part.buffer as ArrayBuffer]) : undefined)));
  }

  /**
   * Sizes every shard for `fingers` more fingers arriving in batches of `batchBytes` bytes in all
   * (encodeGalleryBatch layout), before loading them: the arrays are then filled, not regrown and
   * copied again and again (at 10 million fingers each regrowth copies gigabytes). Only a hint:
   * loading more than announced still works.
   */
  async reserve(expected: { fingers: number; batchBytes: number }): Promise<void> {
    const { fingers, batchBytes } = expected;
    if (!(Number.isSafeInteger(fingers) && fingers >= 0 && Number.isSafeInteger(batchBytes) && batchBytes >= 0)) {
      throw new GalleryInputError(`reserve needs non-negative integer fingers and batchBytes, got ${fingers} and ${batchBytes}`);
    }
    if (fingers === 0) return;
    const shards = this.workers.length;
    // The arena holds each finger's packed bytes but its pre-filter code (kept in its own array).
    const arenaBytes = Math.max(0, batchBytes - fingers * (BATCH_RECORD_HEADER_BYTES + PREFILTER_WORDS * 4));
    const rows = Math.ceil((fingers / shards) * P.reserveSlack);
    const arena = Math.ceil((arenaBytes / shards) * P.reserveSlack);
    await Promise.all(this.workers.map((_, s) => this.ask(s, { id: 0, kind: 'reserve', rows, arenaBytes: arena })));
  }

  /** Removes every finger of these subjects (unknown ids are ignored). */
  async remove(subjectIds: readonly number[]): Promise<void> {
    const bad = subjectIds.find((id) => !isSubjectId(id));
    if (bad !== undefined) throw new GalleryInputError(`subject ids must be integers in [0, 2^32), got ${bad}`);
    const perShard = this.groupByShard(subjectIds);
    await Promise.all(perShard.map((ids, s) => (ids.length > 0 ? this.ask(s, { id: 0, kind: 'remove', subjectIds: Uint32Array.from(ids) }) : undefined)));
  }

  async search(probe: readonly GalleryFinger[], options: GallerySearchOptions = {}): Promise<GallerySearchResult> {
    const started = performance.now();
    const maxResults = options.maxResults ?? P.defaultMaxResults;
    const minScore = options.minScore ?? 0;
    const exclude = options.excludeSubjectIds ?? [];
    if (!(Number.isInteger(maxResults) && maxResults >= 1)) throw new GalleryInputError(`maxResults must be a positive integer, got ${maxResults}`);
    if (!Number.isFinite(minScore)) throw new GalleryInputError(`minScore must be a finite number, got ${minScore}`);
    if (!exclude.every(isSubjectId)) throw new GalleryInputError('excludeSubjectIds must be subject ids (integers in [0, 2^32))');
    const wire = wireProbe(probe);
    const budget = Math.floor(P.rescoreFingerBudget / wire.length);
    const k = Math.max(maxResults, Math.min(P.maxRescoredSubjects, Math.max(P.minRescoredSubjects, budget)));

    // Pass 1: the best k subjects of the whole gallery by fused pre-filter score.
    const firstPass = await Promise.all(this.workers.map((_, s) => this.ask(s, { id: 0, kind: 'prefilter', probe: wire, k, exclude: Uint32Array.from(exclude) })));
    const top = new TopSubjects(k);
    let prefilterComparisons = 0;
    for (const reply of firstPass) {
      prefilterComparisons += reply.comparisons;
      reply.subjectIds.forEach((id, i) => top.offer(reply.scores[i]!, id));
    }

    // Pass 2: those subjects re-scored by the full matcher, in their shards.
    const perShard = this.groupByShard(top.sorted().subjectIds);
    const secondPass = await Promise.all(
      perShard.map((ids, s) => (ids.length > 0 ? this.ask(s, { id: 0, kind: 'rescore', probe: wire, subjectIds: Uint32Array.from(ids), minScore }) : undefined)),
    );
    let fullComparisons = 0;
    const candidates: GalleryCandidate[] = [];
    for (const reply of secondPass) {
      if (!reply) continue;
      fullComparisons += reply.comparisons;
      candidates.push(...reply.candidates);
    }
    candidates.sort((a, b) => (worse(a.score, a.subjectId, b.score, b.subjectId) ? 1 : -1));
    return { candidates: candidates.slice(0, maxResults), prefilterComparisons, fullComparisons, milliseconds: performance.now() - started };
  }

  /** Full comparison of the probe with one subject, with paired minutiae (verification and adjudication evidence). */
  async compareSubject(probe: readonly GalleryFinger[], subjectId: number): Promise<SubjectComparison | undefined> {
    if (!isSubjectId(subjectId)) throw new GalleryInputError(`subject id must be an integer in [0, 2^32), got ${subjectId}`);
    const wire = wireProbe(probe);
    const reply = await this.ask(shardOfSubject(subjectId, this.workers.length), { id: 0, kind: 'compare', probe: wire, subjectId });
    if (!reply.result) return undefined;
    // Pairs found on the packed probe: turn its minutia indices back into the probe's own.
    const pairs: Record<number, MinutiaPair[]> = {};
    for (const [position, list] of Object.entries(reply.result.pairs)) {
      const kept = packedMinutiaIndices(probe.find((f) => f.position === Number(position))!.template);
      pairs[Number(position)] = list.map((pair) => ({ probe: kept[pair.probe]!, candidate: pair.candidate }));
    }
    return { ...reply.result.candidate, pairs };
  }

  async stats(): Promise<GalleryStats> {
    const replies = await Promise.all(this.workers.map((_, s) => this.ask(s, { id: 0, kind: 'stats' })));
    const subjects = replies.reduce((sum, r) => sum + r.subjects, 0);
    const fingers = replies.reduce((sum, r) => sum + r.fingers, 0);
    const residentBytes = replies.reduce((sum, r) => sum + r.residentBytes, 0);
    return { subjects, fingers, residentBytes, bytesPerFinger: fingers > 0 ? residentBytes / fingers : 0 };
  }

  async close(): Promise<void> {
    this.failure ??= new Error('gallery closed');
    for (const [, waiting] of this.pending) waiting.reject(this.failure);
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private groupByShard(subjectIds: Iterable<number>): number[][] {
    const perShard: number[][] = this.workers.map(() => []);
    for (const id of subjectIds) perShard[shardOfSubject(id, this.workers.length)]!.push(id);
    return perShard;
  }

  private ask<K extends ShardRequest['kind']>(shard: number, request: Extract<ShardRequest, { kind: K }>, transfer: ArrayBuffer[] = []): Promise<ReplyTo<K>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: ShardResponse) => void, reject });
      this.workers[shard]!.postMessage({ ...request, id }, transfer);
    });
  }
}

/** Checks a probe and packs its fingers as the gallery's own (same minutiae cap, no orientation field). */
function wireProbe(probe: readonly GalleryFinger[]): WireProbeFinger[] {
  if (!Array.isArray(probe) || probe.length === 0) throw new GalleryInputError('a probe needs at least one finger');
  const seen = new Set<number>();
  return probe.map((finger, i) => {
    if (!isFingerPosition(finger?.position)) throw new GalleryInputError(`probe[${i}].position must be a finger code 1–10, got ${String(finger?.position)}`);
    if (seen.has(finger.position)) throw new GalleryInputError(`probe[${i}]: finger position ${finger.position} appears twice`);
    seen.add(finger.position);
    if (!finger.template || !Array.isArray(finger.template.minutiae)) throw new GalleryInputError(`probe[${i}].template is not a fingerprint template`);
    return { position: finger.position, packed: packFinger(finger.template) };
  });
}
