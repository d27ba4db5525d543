/**
 * Subject id (u32) → slot number, as an open-addressing hash table in two typed arrays: no
 * per-subject JS objects, so a million subjects cost a few megabytes and load fast. Linear
 * probing; deletion shifts the following run back (no tombstones).
 */
export class SubjectIndex {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1024) {
    const size = 1 << Math.max(4, Math.ceil(Math.log2(capacity * 2)));
    this.keys = new Uint32Array(size);
    this.values = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.used;
  }

  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength;
  }

  /** The slot of `subjectId`, or −1. */
  get(subjectId: number): number {
    for (let i = mixSubjectId(subjectId) & this.mask; ; i = (i + 1) & this.mask) {
      const v = this.values[i]!;
      if (v < 0) return -1;
      if (this.keys[i] === subjectId) return v;
    }
  }

  set(subjectId: number, slot: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    for (let i = mixSubjectId(subjectId) & this.mask; ; i = (i + 1) & this.mask) {
      if (this.values[i]! < 0) {
        this.keys[i] = subjectId;
        this.values[i] = slot;
        this.used++;
        return;
      }
      if (this.keys[i] === subjectId) {
        this.values[i] = slot;
        return;
      }
    }
  }

  delete(subjectId: number): void {
    const mask = this.mask;
    let i = mixSubjectId(subjectId) & mask;
    for (; ; i = (i + 1) & mask) {
      if (this.values[i]! < 0) return;
      if (this.keys[i] === subjectId) break;
    }
    this.used--;
    // Backward shift: move later entries of the run into the hole when their home allows it.
    let hole = i;
    for (let j = (i + 1) & mask; this.values[j]! >= 0; j = (j + 1) & mask) {
      const home = mixSubjectId(this.keys[j]!) & mask;
      const fromHoleToJ = (j - hole) & mask;
      const fromHomeToJ = (j - home) & mask;
      if (fromHomeToJ >= fromHoleToJ) {
        this.keys[hole] = this.keys[j]!;
        this.values[hole] = this.values[j]!;
        hole = j;
      }
    }
    this.values[hole] = -1;
  }

  /** Makes room for `more` subjects at once (one rehash instead of several while loading). */
  reserve(more: number): void {
    while ((this.used + more) * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.mask = this.keys.length - 1;
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (values[i]! >= 0) this.set(keys[i]!, values[i]!);
  }
}

/** A well-mixed 32-bit hash of a subject id (murmur3's finaliser): also spreads subjects over shards. */
export function mixSubjectId(subjectId: number): number {
  let h = subjectId >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard (worker) that holds a subject's fingers. */
export function shardOfSubject(subjectId: number, shards: number): number {
  return mixSubjectId(subjectId) % shards;
}
