import { existsSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * The benchmark's cache container: a header naming what the file holds, then chunks, each with a
 * CRC-32, then an end record. It is built under `<name>.partial`, appended chunk by chunk and
 * synced at checkpoints (so an interrupted build resumes after its last whole chunk), and renamed
 * to its final name only once complete: a file under the final name is complete, and any damage
 * found while reading it (bad CRC, truncation, wrong header) is reported as CacheCorruptError.
 *
 *   magic "KURAIDB1", header length u32, header JSON (UTF-8), header CRC u32,
 *   chunk: type u8 (1 = data, 255 = end), 3 zero bytes, first u32, count u32, payload length u32,
 *          CRC u32 (of the 16 bytes before it and the payload), payload.
 * The end record's `count` is the number of data chunks before it.
 */
const MAGIC = Buffer.from('KURAIDB1', 'latin1');
const RECORD_HEADER = 20;
const DATA = 1;
const END = 255;

export type CacheHeader = Record<string, string | number>;

export interface CacheChunk {
  /** First item (e.g. person index) the chunk covers, and how many. */
  first: number;
  count: number;
  payload: Uint8Array;
}

export class CacheCorruptError extends Error {
  override readonly name = 'CacheCorruptError';
}

function headerBytes(header: CacheHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.alloc(MAGIC.length + 4 + json.length + 4);
  MAGIC.copy(out, 0);
  out.writeUInt32BE(json.length, 8);
  json.copy(out, 12);
  out.writeUInt32BE(crc32(out.subarray(0, 12 + json.length)), 12 + json.length);
  return out;
}

function recordHeader(type: number, first: number, count: number, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(RECORD_HEADER);
  out.writeUInt8(type, 0);
  out.writeUInt32BE(first, 4);
  out.writeUInt32BE(count, 8);
  out.writeUInt32BE(payload.length, 12);
  out.writeUInt32BE(crc32(payload, crc32(out.subarray(0, 16))), 16);
  return out;
}

/** What reading found: the chunks are handed to `onChunk` as they are read. */
export interface CacheScan {
  complete: boolean;
  chunks: number;
  /** Bytes from the start of the file up to the end of the last whole chunk. */
  validBytes: number;
}

/**
 * Reads a cache file chunk by chunk (memory stays flat whatever its size). With `tolerateTail`
 * (a `.partial` file being resumed), an incomplete or damaged tail ends the scan instead of
 * throwing; otherwise anything short of a complete, intact file throws CacheCorruptError.
 */
export async function scanCache(
  path: string,
  expected: CacheHeader,
  onChunk: (chunk: CacheChunk) => void | Promise<void>,
  tolerateTail = false,
): Promise<CacheScan> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const want = headerBytes(expected);
    const head = await readExactly(file, 0, Math.min(want.length, size));
    if (!want.equals(head)) throw new CacheCorruptError(`${path}: not a cache of ${JSON.stringify(expected)}`);
    let at = want.length;
    let chunks = 0;
    while (at < size) {
      if (at + RECORD_HEADER > size) return tail(`truncated chunk header at byte ${at}`);
      const record = await readExactly(file, at, RECORD_HEADER);
      const type = record.readUInt8(0);
      const first = record.readUInt32BE(4);
      const count = record.readUInt32BE(8);
      const length = record.readUInt32BE(12);
      if ((type !== DATA && type !== END) || at + RECORD_HEADER + length > size) return tail(`bad chunk at byte ${at}`);
      const payload = await readExactly(file, at + RECORD_HEADER, length);
      if (crc32(payload, crc32(record.subarray(0, 16))) !== record.readUInt32BE(16)) return tail(`checksum mismatch in chunk at byte ${at}`);
      if (type === END) {
        if (count !== chunks || at + RECORD_HEADER + length !== size) return tail(`end record does not close the file`);
        return { complete: true, chunks, validBytes: size };
      }
      await onChunk({ first, count, payload });
      chunks++;
      at += RECORD_HEADER + length;
    }
    return tail('no end record');

    function tail(problem: string): CacheScan {
      if (tolerateTail) return { complete: false, chunks, validBytes: at };
      throw new CacheCorruptError(`${path}: ${problem}`);
    }
  } finally {
    await file.close();
  }
}

async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/**
 * Appends chunks to `<path>.partial` and renames it to `path` on finish. `resumeAt` (from a
 * tolerant scan of an existing partial file) cuts a damaged tail off and continues after it.
 */
export class CacheWriter {
  private chunks = 0;
  private sinceSync = 0;

  private constructor(
    private readonly path: string,
    private readonly file: FileHandle,
    private position: number,
    chunks: number,
    private readonly chunksPerCheckpoint: number,
  ) {
    this.chunks = chunks;
  }

  static partialPath(path: string): string {
    return `${path}.partial`;
  }

  static async create(path: string, header: CacheHeader, chunksPerCheckpoint: number, resume?: CacheScan): Promise<CacheWriter> {
    const partial = CacheWriter.partialPath(path);
    if (resume && existsSync(partial)) {
      const file = await open(partial, 'r+');
      await file.truncate(resume.validBytes);
      return new CacheWriter(path, file, resume.validBytes, resume.chunks, chunksPerCheckpoint);
    }
    const file = await open(partial, 'w');
    const head = headerBytes(header);
    await file.write(head, 0, head.length, 0);
    return new CacheWriter(path, file, head.length, 0, chunksPerCheckpoint);
  }

  async append(first: number, count: number, payload: Uint8Array): Promise<void> {
    await this.write(recordHeader(DATA, first, count, payload), payload);
    this.chunks++;
    // A checkpoint: chunks before it survive a crash (the partial file resumes after them).
    if (++this.sinceSync >= this.chunksPerCheckpoint) {
      await this.file.sync();
      this.sinceSync = 0;
    }
  }

  async finish(): Promise<void> {
    const empty = new Uint8Array(0);
    await this.write(recordHeader(END, 0, this.chunks, empty), empty);
    await this.file.sync();
    await this.file.close();
    await rename(CacheWriter.partialPath(this.path), this.path);
  }

  /** Stops without finishing: the partial file stays for a later resume. */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }

  private async write(header: Buffer, payload: Uint8Array): Promise<void> {
    await this.file.write(header, 0, header.length, this.position);
    this.position += header.length;
    if (payload.length > 0) await this.file.write(payload, 0, payload.length, this.position);
    this.position += payload.length;
  }
}

/** Removes a damaged cache (final or partial) so it is rebuilt. */
export async function discardCache(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(CacheWriter.partialPath(path), { force: true });
}

/**
 * Claims the right to build `path` (a `<path>.lock` file holding this process id), so two runs
 * never append to the same partial file. A lock left by a process that no longer exists is taken
 * over. Returns the release function.
 */
export async function lockCacheBuild(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (owner > 0 && owner !== process.pid && processExists(owner)) throw new CacheBusyError(`${path} is being built by process ${owner}; wait for it or remove ${lock}`);
      await rm(lock, { force: true });
    }
  }
  throw new CacheBusyError(`cannot lock ${lock}`);
}

export class CacheBusyError extends Error {
  override readonly name = 'CacheBusyError';
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
