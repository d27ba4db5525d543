import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isSha256Hex, sha256Hex, type ImageStore } from './image-store.js';
import { syncFolder } from '../files/durable-files.js';

/**
 * Images as files under `<root>/ab/<sha256>` (the first two hex digits spread them over 256
 * folders). A file is written to a temporary name, flushed to disk, then renamed into place, so a
 * name always holds complete bytes. Callers put images BEFORE committing the rows that name them:
 * a crash in between leaves an unreferenced file (harmless), never a row without its image.
 */
export class FileImageStore implements ImageStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new RangeError(`not a SHA-256 in lowercase hex: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return sha256;
    const folder = join(this.root, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const temporary = join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
    await syncFolder(folder);
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    try {
      const buffer = await readFile(this.pathOf(sha256));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
