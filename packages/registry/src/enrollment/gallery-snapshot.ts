import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { GALLERY_BATCH_HEADER_BYTES, galleryBatchFingerCount } from '@kura/biometrics';

/**
 * The gallery's on-disk snapshot: what lets a restart skip re-reading every template row.
 *
 *   header: magic "KGS1", version u16, length of the database identity u16, the identity (UTF-8)
 *   frames: body length u32, CRC-32 of the body u32, body = [last gallery-change seq u64,
 *           kind u8 (1 = subjects added: an encodeGalleryBatch payload; 2 = subjects removed:
 *           count u32 then ids u64), payload]
 *
 * Append-only: a frame is written after the database committed the changes it holds, so the
 * snapshot never runs ahead of the database. A torn or corrupt tail (crash during an append) is
 * cut off when the file is next opened; the database's change log then supplies what is missing.
 * All integers big-endian.
 */
const MAGIC = Buffer.from('KGS1', 'ascii');
const VERSION = 1;
const FRAME_HEADER = 8;
const BODY_HEADER = 9;
/** A frame larger than this is taken for corruption rather than allocated. */
const MAX_FRAME_BYTES = 1 << 30;
/** A rebuild's temporary snapshot not written to for this long was abandoned (a rebuild appends every few seconds). */
const ABANDONED_AFTER_MS = 15 * 60 * 1000;

export type SnapshotFrame = { seq: number; kind: 'add'; batch: Uint8Array } | { seq: number; kind: 'remove'; subjectIds: number[] };

export type SnapshotProblem = 'missing' | 'foreign' | 'corrupt';

export class SnapshotRefused extends Error {
  override readonly name = 'SnapshotRefused';
  constructor(
    readonly problem: SnapshotProblem,
    message: string,
  ) {
    super(message);
  }
}

function header(databaseId: string): Buffer {
  const id = Buffer.from(databaseId, 'utf8');
  const out = Buffer.alloc(8 + id.length);
  MAGIC.copy(out, 0);
  out.writeUInt16BE(VERSION, 4);
  out.writeUInt16BE(id.length, 6);
  id.copy(out, 8);
  return out;
}

function encodeFrame(frame: SnapshotFrame): Buffer {
  const payload =
    frame.kind === 'add'
      ? Buffer.from(frame.batch.buffer, frame.batch.byteOffset, frame.batch.byteLength)
      : (() => {
          const b = Buffer.alloc(4 + 8 * frame.subjectIds.length);
          b.writeUInt32BE(frame.subjectIds.length, 0);
          frame.subjectIds.forEach((id, i) => b.writeBigUInt64BE(BigInt(id), 4 + 8 * i));
          return b;
        })();
  const body = Buffer.alloc(BODY_HEADER + payload.length);
  body.writeBigUInt64BE(BigInt(frame.seq), 0);
  body.writeUInt8(frame.kind === 'add' ? 1 : 2, 8);
  payload.copy(body, BODY_HEADER);
  const head = Buffer.alloc(FRAME_HEADER);
  head.writeUInt32BE(body.length, 0);
  head.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

function decodeBody(body: Buffer): SnapshotFrame | undefined {
  const seq = Number(body.readBigUInt64BE(0));
  const kind = body.readUInt8(8);
  const payload = body.subarray(BODY_HEADER);
  if (kind === 1) return { seq, kind: 'add', batch: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) };
  if (kind !== 2 || payload.length < 4) return undefined;
  const count = payload.readUInt32BE(0);
  if (payload.length !== 4 + 8 * count) return undefined;
  const subjectIds: number[] = [];
  for (let i = 0; i < count; i++) subjectIds.push(Number(payload.readBigUInt64BE(4 + 8 * i)));
  return { seq, kind: 'remove', subjectIds };
}

function readExactly(fd: number, length: number, position: number): Buffer | undefined {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) return undefined;
    done += n;
  }
  return buffer;
}

/**
 * Reads a snapshot frame by frame (never the whole file at once: at a million people it is
 * gigabytes). Throws SnapshotRefused when the file is missing, of another database, or its header
 * is damaged. Frames stop at the first torn or corrupt one, or one whose seq goes backwards;
 * `onEnd` receives the length of the valid prefix and the last seq.
 */
export function* readSnapshot(path: string, databaseId: string, onEnd: (end: { validBytes: number; lastSeq: number; fileBytes: number }) => void): Generator<SnapshotFrame> {
  const fd = openChecked(path, databaseId);
  try {
    const fileBytes = fstatSync(fd).size;
    let position = header(databaseId).length;
    let lastSeq = 0;
    for (;;) {
      const frameHead = position + FRAME_HEADER <= fileBytes ? readExactly(fd, FRAME_HEADER, position) : undefined;
      if (!frameHead) break;
      const length = frameHead.readUInt32BE(0);
      if (length < BODY_HEADER || length > MAX_FRAME_BYTES || position + FRAME_HEADER + length > fileBytes) break;
      const body = readExactly(fd, length, position + FRAME_HEADER);
      if (!body || crc32(body) !== frameHead.readUInt32BE(4)) break;
      const frame = decodeBody(body);
      if (!frame || frame.seq < lastSeq) break;
      yield frame;
      lastSeq = frame.seq;
      position += FRAME_HEADER + length;
    }
    onEnd({ validBytes: position, lastSeq, fileBytes });
  } finally {
    closeSync(fd);
  }
}

/**
 * What the snapshot's add frames hold in all — fingers and batch bytes — read from the frame and
 * batch headers only (a few thousand small reads at ten million fingers), so the gallery can be sized
 * before loading. A hint, not a check: it stops quietly at the first frame that looks wrong, and the
 * frames it counts may later be removed.
 */
export function snapshotAddedTotals(path: string, databaseId: string): { fingers: number; batchBytes: number } {
  const fd = openChecked(path, databaseId);
  try {
    const fileBytes = fstatSync(fd).size;
    let position = header(databaseId).length;
    let fingers = 0;
    let batchBytes = 0;
    while (position + FRAME_HEADER + BODY_HEADER + GALLERY_BATCH_HEADER_BYTES <= fileBytes) {
      const head = readExactly(fd, FRAME_HEADER + BODY_HEADER + GALLERY_BATCH_HEADER_BYTES, position);
      if (!head) break;
      const length = head.readUInt32BE(0);
      if (length < BODY_HEADER || length > MAX_FRAME_BYTES || position + FRAME_HEADER + length > fileBytes) break;
      if (head.readUInt8(FRAME_HEADER + 8) === 1) {
        const count = galleryBatchFingerCount(head.subarray(FRAME_HEADER + BODY_HEADER));
        if (count === undefined) break;
        fingers += count;
        batchBytes += length - BODY_HEADER;
      }
      position += FRAME_HEADER + length;
    }
    return { fingers, batchBytes };
  } finally {
    closeSync(fd);
  }
}

function openChecked(path: string, databaseId: string): number {
  if (!existsSync(path)) throw new SnapshotRefused('missing', `no gallery snapshot at ${path}`);
  const fd = openSync(path, 'r');
  try {
    const expected = header(databaseId);
    const head = readExactly(fd, 8, 0);
    if (!head || !head.subarray(0, 4).equals(MAGIC) || head.readUInt16BE(4) !== VERSION) throw new SnapshotRefused('corrupt', `${path} is not a gallery snapshot of version ${VERSION}`);
    const id = readExactly(fd, head.readUInt16BE(6), 8);
    if (!id || !Buffer.concat([head, id]).equals(expected)) throw new SnapshotRefused('foreign', `${path} is the snapshot of another database`);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Appends frames to a snapshot, each flushed to disk before `append` returns. Keeps its file open:
 * if another process replaces the file (rebuild), this writer's frames go to the old, unlinked file
 * and never mix into the new one.
 */
export class SnapshotWriter {
  private pending: { temporary: string; path: string } | undefined;

  private constructor(
    private fd: number | undefined,
    private size: number,
  ) {}

  /**
   * A new, empty snapshot, written aside until `publish` renames it over `path`: a rebuild cut
   * short by a crash never leaves a half-written snapshot in place.
   */
  static create(path: string, databaseId: string): SnapshotWriter {
    mkdirSync(dirname(path), { recursive: true });
    removeAbandonedRebuilds(dirname(path));
    const temporary = join(dirname(path), `.snapshot.${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(temporary, 'w+');
    const head = header(databaseId);
    writeSync(fd, head);
    const writer = new SnapshotWriter(fd, head.length);
    writer.pending = { temporary, path };
    return writer;
  }

  /** Makes a created snapshot the current one (flushed, then renamed into place). */
  publish(): void {
    if (!this.pending || this.fd === undefined) return;
    fsyncSync(this.fd);
    renameSync(this.pending.temporary, this.pending.path);
    this.pending = undefined;
  }

  /** Continues an existing snapshot after its valid prefix (a torn tail is cut off). */
  static resume(path: string, validBytes: number): SnapshotWriter {
    const fd = openSync(path, 'r+');
    if (fstatSync(fd).size !== validBytes) {
      ftruncateSync(fd, validBytes);
      fsyncSync(fd);
    }
    return new SnapshotWriter(fd, validBytes);
  }

  append(frames: readonly SnapshotFrame[]): void {
    if (this.fd === undefined) throw new Error('gallery snapshot closed');
    if (frames.length === 0) return;
    const bytes = Buffer.concat(frames.map(encodeFrame));
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    // Frames of an unpublished rebuild are flushed once, at publish.
    if (!this.pending) fsyncSync(this.fd);
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    if (this.pending) {
      // Never published (rebuild abandoned): the partial file is of no use.
      try {
        unlinkSync(this.pending.temporary);
      } catch {
        // already gone
      }
      this.pending = undefined;
    }
  }
}

/**
 * Deletes the half-written snapshots of rebuilds cut short (a crash or kill during a rebuild leaves
 * one: gigabytes at a million people). One written to within ABANDONED_AFTER_MS may be another
 * process's rebuild in progress and is left alone.
 */
function removeAbandonedRebuilds(folder: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    if (!/^\.snapshot\.[0-9a-f]{12}\.tmp$/.test(name)) continue;
    const file = join(folder, name);
    try {
      if (now - statSync(file).mtimeMs > ABANDONED_AFTER_MS) unlinkSync(file);
    } catch {
      // gone meanwhile
    }
  }
}
