import { createHash } from 'node:crypto';
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import type { ManifestFile } from './export-manifest.js';

/** Text gathered before one write: few system calls, little memory. */
const FLUSH_AT = 1 << 16;

/** A file written as a stream of text, hashed and measured on the way (for the manifest). */
export class HashedTextFile {
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;
  private size = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  static async create(absolutePath: string, path: string): Promise<HashedTextFile> {
    return new HashedTextFile(await open(absolutePath, 'wx'), path);
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.hash.update(bytes);
    this.size += bytes.length;
    await this.handle.write(bytes);
  }

  /** Flushes to disk and closes; the manifest entry of the file. */
  async close(): Promise<ManifestFile> {
    try {
      await this.flush();
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
    return { path: this.path, sha256: this.hash.digest('hex'), size: this.size };
  }

  /** Closes without caring for the content (the export failed; the folder is left as .partial). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {});
  }
}

/** Writes one whole file (new: never overwrites) and returns its manifest entry. */
export async function writeHashedFile(absolutePath: string, path: string, bytes: Uint8Array, durable = false): Promise<ManifestFile> {
  if (durable) {
    const handle = await open(absolutePath, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } else {
    await writeFile(absolutePath, bytes, { flag: 'wx' });
  }
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}
