import type { GalleryCandidate, GalleryFinger, GallerySearchOptions, GallerySearchResult, GalleryStats, PackedGalleryFinger } from '@kura/biometrics';
import { DomainError } from '../errors.js';
import type { EnrollmentRepository } from './enrollment.repository.js';
import { readSnapshot, snapshotAddedTotals, SnapshotRefused, SnapshotWriter, type SnapshotFrame } from './gallery-snapshot.js';
import { ENROLLMENT_PARAMETERS as P } from './parameters.js';

/** What the registry needs of the 1:N search structure (biometrics' FingerprintGallery). */
export interface GalleryEngine {
  addEncoded(batch: Uint8Array): Promise<unknown>;
  remove(subjectIds: readonly number[]): Promise<unknown>;
  /** Sizes the gallery for what is about to be loaded (a hint). */
  reserve(expected: { fingers: number; batchBytes: number }): Promise<void>;
  search(probe: readonly GalleryFinger[], options?: GallerySearchOptions): Promise<GallerySearchResult>;
  compareSubject(probe: readonly GalleryFinger[], subjectId: number): Promise<GalleryCandidate | undefined>;
  stats(): GalleryStats | Promise<GalleryStats>;
  close(): Promise<void>;
}

export interface GalleryCodec {
  openGallery(): Promise<GalleryEngine>;
  encodeBatch(fingers: readonly PackedGalleryFinger[]): Uint8Array;
  /** A finger's packed form made again from its template bytes (for packs of an older gallery version). */
  repack(template: Uint8Array): Uint8Array;
}

/** How the last open went, for logs, health and tests. */
export interface GalleryLoadReport {
  source: 'snapshot' | 'rebuilt' | 'memory';
  /** Why the snapshot was not used, when it was rebuilt. */
  rebuildReason?: string;
  snapshotFrames: number;
  caughtUpChanges: number;
  milliseconds: number;
}

/**
 * Keeps the in-memory gallery in step with the database: loads it from the snapshot (or rebuilds it
 * from the database's rows), then follows the database's gallery change log. The gallery only ever
 * receives what the database has committed; whatever a crash kept from it (a commit whose gallery
 * update or snapshot frame never happened) is found in the change log and applied on the next open
 * or the next catch-up.
 */
export class GallerySync {
  private gallery: GalleryEngine | undefined;
  private writer: SnapshotWriter | undefined;
  private lastSeq = 0;
  private loadingPromise: Promise<GalleryLoadReport> | undefined;
  private closed = false;

  constructor(
    private readonly repository: EnrollmentRepository,
    private readonly codec: GalleryCodec,
    /** Snapshot file; undefined keeps the gallery in memory only (throw-away databases). */
    private readonly snapshotPath: string | undefined,
    /**
     * 'background' (default with a snapshot): start loading now, so the first biometric call finds
     * it ready; 'on-demand' (default without one, and for one-shot commands): load on first use.
     */
    loadWhen: 'background' | 'on-demand' = snapshotPath ? 'background' : 'on-demand',
  ) {
    if (loadWhen === 'background') void this.loading;
  }

  private get loading(): Promise<GalleryLoadReport> {
    if (!this.loadingPromise) {
      const attempt: Promise<GalleryLoadReport> = this.closed
        ? Promise.reject(new Error('gallery closed'))
        : this.load().catch(async (error: unknown) => {
            // A failed load (database unreachable…) leaves nothing half-loaded, and the next call tries again.
            this.writer?.close();
            this.writer = undefined;
            await this.gallery?.close().catch(() => undefined);
            this.gallery = undefined;
            this.lastSeq = 0;
            if (this.loadingPromise === attempt) this.loadingPromise = undefined;
            throw error;
          });
      this.loadingPromise = attempt;
      // The failure is reported to every caller of ready(); do not let it crash the process meanwhile.
      attempt.catch(() => {});
    }
    return this.loadingPromise;
  }

  /** Resolves when the gallery is loaded and caught up (rejects if loading failed). */
  async ready(): Promise<GalleryEngine> {
    try {
      await this.loading;
    } catch (error) {
      throw new DomainError('GALLERY_UNAVAILABLE', 503, `the fingerprint gallery could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!this.gallery || this.closed) throw new DomainError('GALLERY_UNAVAILABLE', 503, 'the fingerprint gallery is closed');
    return this.gallery;
  }

  loadReport(): Promise<GalleryLoadReport> {
    return this.loading;
  }

  /** Last gallery change applied. */
  get appliedSeq(): number {
    return this.lastSeq;
  }

  /** Applies every change the database committed since the last one applied. Callers serialise calls. */
  async catchUp(): Promise<number> {
    const gallery = await this.ready();
    return this.applyChangesAfter(gallery);
  }

  /**
   * Adds a subject the caller has just committed (change `seq`): the gallery first, then the
   * snapshot frame. Anything committed before it and not yet applied is applied first.
   */
  async addCommitted(seq: number, fingers: readonly PackedGalleryFinger[]): Promise<void> {
    const gallery = await this.ready();
    if (seq !== this.lastSeq + 1) await this.applyChangesAfter(gallery, seq - 1);
    if (seq <= this.lastSeq) return;
    const batch = this.codec.encodeBatch(fingers);
    await gallery.addEncoded(batch);
    this.lastSeq = seq;
    this.appendToSnapshot({ seq, kind: 'add', batch });
  }

  async stats(): Promise<GalleryStats> {
    return (await this.ready()).stats();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loadingPromise?.catch(() => undefined);
    this.writer?.close();
    this.writer = undefined;
    await this.gallery?.close();
    this.gallery = undefined;
  }

  // ——— internals ———

  /** A registry closed while its gallery loads stops the load (one-shot commands do not wait for it). */
  private throwIfClosed(): void {
    if (this.closed) throw new Error('gallery closed while loading');
  }

  /**
   * Stored packed fingers as one gallery batch. Packs the gallery no longer accepts (made by an
   * older version of its format) are made again from the stored templates.
   */
  private async encodeRows(rows: ReadonlyArray<{ enrollmentId: number; position: number; packed: Uint8Array }>): Promise<Uint8Array> {
    const fingers = (packed: (r: (typeof rows)[number]) => Uint8Array) =>
      rows.map((r) => ({ subjectId: r.enrollmentId, position: r.position as PackedGalleryFinger['position'], packed: packed(r) }));
    try {
      return this.codec.encodeBatch(fingers((r) => r.packed));
    } catch {
      const templates = await this.repository.templatesOf(rows.map((r) => r.enrollmentId));
      return this.codec.encodeBatch(fingers((r) => this.codec.repack(templates.get(`${r.enrollmentId}:${r.position}`)!)));
    }
  }

  /**
   * A frame that cannot be written (disk full…) ends the snapshot's updates for this run: a later
   * frame after a missing one would hide the gap. The snapshot stays a valid prefix, and the next
   * start catches up from the change log.
   */
  private appendToSnapshot(frame: SnapshotFrame): void {
    if (!this.writer) return;
    try {
      this.writer.append([frame]);
    } catch (error) {
      this.writer.close();
      this.writer = undefined;
      this.snapshotError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Why the snapshot stopped following the database in this run, if it did. */
  snapshotError: string | undefined;

  private async load(): Promise<GalleryLoadReport> {
    const started = performance.now();
    const databaseId = await this.repository.databaseId();
    const databaseSeq = await this.repository.lastGallerySeq();
    let report: Omit<GalleryLoadReport, 'milliseconds' | 'caughtUpChanges'>;
    if (!this.snapshotPath) {
      this.gallery = await this.codec.openGallery();
      await this.rebuild(this.gallery, databaseSeq, undefined);
      report = { source: 'memory', snapshotFrames: 0 };
    } else {
      const fromSnapshot = await this.loadSnapshot(this.snapshotPath, databaseId, databaseSeq);
      if (fromSnapshot.ok) {
        report = { source: 'snapshot', snapshotFrames: fromSnapshot.frames };
      } else {
        this.throwIfClosed();
        this.gallery = await this.codec.openGallery();
        const writer = SnapshotWriter.create(this.snapshotPath, databaseId);
        try {
          await this.rebuild(this.gallery, databaseSeq, writer);
          writer.publish();
        } catch (error) {
          writer.close();
          throw error;
        }
        this.writer = writer;
        report = { source: 'rebuilt', rebuildReason: fromSnapshot.reason, snapshotFrames: 0 };
      }
    }
    if (this.closed) return { ...report, caughtUpChanges: 0, milliseconds: performance.now() - started };
    const caughtUpChanges = await this.applyChangesAfter(this.gallery!);
    return { ...report, caughtUpChanges, milliseconds: performance.now() - started };
  }

  /** Loads the snapshot into a fresh gallery; on any refusal the gallery is discarded and the reason returned. */
  private async loadSnapshot(path: string, databaseId: string, databaseSeq: number): Promise<{ ok: true; frames: number } | { ok: false; reason: string }> {
    // Sizing reads only headers, and refuses a missing, foreign or damaged snapshot before any worker starts.
    let expected: { fingers: number; batchBytes: number };
    try {
      expected = snapshotAddedTotals(path, databaseId);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const gallery = await this.codec.openGallery();
    let frames = 0;
    let end: { validBytes: number; lastSeq: number; fileBytes: number } | undefined;
    const inFlight: Promise<void>[] = [];
    try {
      await gallery.reserve(expected);
      // Frames are read, checked and split on this thread while the workers copy the previous ones
      // in: a few frames in flight (each worker applies its requests in the order sent).
      for (const frame of readSnapshot(path, databaseId, (e) => (end = e))) {
        this.throwIfClosed();
        const applied = applyFrame(gallery, frame);
        applied.catch(() => undefined); // awaited below; this only keeps a failure from being "unhandled" meanwhile
        inFlight.push(applied);
        if (inFlight.length >= P.snapshotFramesInFlight) await inFlight.shift();
        frames++;
      }
      await Promise.all(inFlight.splice(0));
      if (!end) throw new SnapshotRefused('corrupt', 'snapshot not read to its end');
      if (end.lastSeq > databaseSeq) throw new SnapshotRefused('corrupt', `snapshot is ahead of the database (change ${end.lastSeq} > ${databaseSeq}): restored database?`);
    } catch (error) {
      await Promise.allSettled(inFlight);
      await gallery.close();
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    this.gallery = gallery;
    this.lastSeq = end.lastSeq;
    this.writer = SnapshotWriter.resume(path, end.validBytes);
    return { ok: true, frames };
  }

  /** Fills an empty gallery from the database rows, in batches (and writes them as snapshot frames). */
  private async rebuild(gallery: GalleryEngine, upToSeq: number, writer: SnapshotWriter | undefined): Promise<void> {
    for await (const rows of this.repository.streamGalleryFingers(upToSeq, P.rebuildBatchFingers)) {
      this.throwIfClosed();
      const batch = await this.encodeRows(rows);
      await gallery.addEncoded(batch);
      writer?.append([{ seq: upToSeq, kind: 'add', batch }]);
    }
    this.lastSeq = upToSeq;
  }

  /**
   * Applies the change log after the last applied change (up to `upTo`), in chunks: a run of
   * additions becomes one batch and one snapshot frame (restarts after a long catch-up stay fast).
   */
  private async applyChangesAfter(gallery: GalleryEngine, upTo = Number.MAX_SAFE_INTEGER): Promise<number> {
    let applied = 0;
    for (;;) {
      const changes = (await this.repository.galleryChangesAfter(this.lastSeq, P.catchUpChunk)).filter((c) => c.seq <= upTo);
      if (changes.length === 0) return applied;
      for (let i = 0; i < changes.length; ) {
        let j = i;
        while (j < changes.length && changes[j]!.op === changes[i]!.op) j++;
        const run = changes.slice(i, j);
        const seq = run.at(-1)!.seq;
        const frame: SnapshotFrame =
          run[0]!.op === 'add'
            ? { seq, kind: 'add', batch: await this.encodeRows(await this.repository.packedFingersOf(run.map((c) => c.enrollmentId))) }
            : { seq, kind: 'remove', subjectIds: run.map((c) => c.enrollmentId) };
        await applyFrame(gallery, frame);
        this.lastSeq = seq;
        this.appendToSnapshot(frame);
        applied += run.length;
        i = j;
      }
    }
  }
}

async function applyFrame(gallery: GalleryEngine, frame: SnapshotFrame): Promise<void> {
  if (frame.kind === 'add') await gallery.addEncoded(frame.batch);
  else await gallery.remove(frame.subjectIds);
}
