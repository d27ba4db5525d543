import { createHash } from 'node:crypto';

/**
 * Where fingerprint images live: content-addressed by the SHA-256 of their bytes, so storing the
 * same file twice is one file, and a hash in SQL names exactly one image forever. Only the hash and
 * metadata go to the database; an object store can implement this interface later.
 */
export interface ImageStore {
  /** Stores the bytes durably (idempotent) and returns their SHA-256 in lowercase hex. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes, or undefined when this store does not hold them. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  has(sha256: string): Promise<boolean>;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const isSha256Hex = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

/** For throw-away in-memory databases (memory://): the images vanish with the process, as the data does. */
export class MemoryImageStore implements ImageStore {
  private readonly images = new Map<string, Uint8Array>();

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    if (!this.images.has(sha256)) this.images.set(sha256, Uint8Array.from(bytes));
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    const bytes = this.images.get(sha256);
    return bytes && Uint8Array.from(bytes);
  }

  async has(sha256: string): Promise<boolean> {
    return this.images.has(sha256);
  }

  /** Number of images held (tests count them). */
  get size(): number {
    return this.images.size;
  }
}
