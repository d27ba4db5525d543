import type { Hull } from '../fingerprint/match/convex-hull.js';
import type { EdgeTable, ReusableEdgeTable } from '../fingerprint/match/edge-table.js';

/** Bytes a cached row costs beyond its entry in the slab (its Map entry), roughly. */
const ENTRY_OVERHEAD_BYTES = 64;
/** First size of the slab; it doubles as entries arrive, up to the budget. */
const INITIAL_SLAB_BYTES = 64 * 1024;
/** Neighbour indices and per-minutia edge counts are kept in single bytes. */
const MAX_CACHED_MINUTIAE = 256;

/**
 * What re-scoring found costly in recently re-scored fingers, by shard row, kept up to a byte
 * budget: each finger's neighbour lists (the k-nearest search is most of an edge table's build)
 * and its hull. The edge lengths and angles are not kept: recomputing them from the lists and the
 * packed minutiae is cheap, and without them an entry is about a tenth of the whole table, so the
 * budget holds ten times as many fingers. In a small gallery, whose every search re-scores the
 * same fingers, each is then searched once.
 *
 * Entries live in one byte slab (no object per entry), each at a 4-byte aligned offset:
 *   u16 hull vertices m, u16 minutiae n, then the hull as f32 × m each for x, y, normalX, normalY,
 *   offset, then n edge counts (u8), then the neighbour of every edge (u8), in table order.
 *
 * When the budget is reached the cache keeps what it has and adds nothing more: in a gallery much
 * larger than the budget the fingers re-scored change from search to search, and replacing entries
 * would cost a copy per candidate for few hits. The caller keeps rows meaning the same finger (a
 * row is never reused for another finger until the shard compacts, which clears the cache).
 */
export class EdgeTableCache {
  private readonly offsets = new Map<number, number>();
  /** Hulls restored, one per vertex count (a hull's arrays are exactly its vertices), reused: restoring allocates nothing. */
  private readonly hulls: Hull[] = [];
  private slab = new Uint8Array(0);
  private slabFloats = new Float32Array(0);
  /** Bytes of the slab in use. */
  private end = 0;
  /** Slab bytes in use plus the entries' overhead, against the budget. */
  private used = 0;

  constructor(private readonly budgetBytes: number) {}

  /**
   * The edge table of `row` built in `into` from its cached neighbour lists and hull, or undefined
   * when the row is not cached. `into` must already hold the row's `count` minutiae (x, y,
   * direction, type; see readPackedMinutiae). Valid until `into` builds again (and the hull until
   * the next restore).
   */
  restore(row: number, into: ReusableEdgeTable, count: number): EdgeTable | undefined {
    const at = this.offsets.get(row);
    if (at === undefined) return undefined;
    const slab = this.slab;
    const m = slab[at]! | (slab[at + 1]! << 8);
    const n = slab[at + 2]! | (slab[at + 3]! << 8);
    if (n !== count) throw new Error(`edge cache: row ${row} was cached with ${n} minutiae, now has ${count}`);
    // The hull copied into the reused hull of its size (it is only read: overlapCounts).
    const floats = this.slabFloats;
    const f = (at + 4) >> 2;
    const hull = (this.hulls[m] ??= hullOfSize(m));
    const { x, y, normalX, normalY, offset } = hull;
    for (let v = 0; v < m; v++) {
      x[v] = floats[f + v]!;
      y[v] = floats[f + m + v]!;
      normalX[v] = floats[f + 2 * m + v]!;
      normalY[v] = floats[f + 3 * m + v]!;
      offset[v] = floats[f + 4 * m + v]!;
    }
    const { start, neighbour } = into;
    let b = at + 4 + 20 * m;
    let e = 0;
    start[0] = 0;
    for (let i = 0; i < n; i++) start[i + 1] = e += slab[b++]!;
    for (let h = 0; h < e; h++) neighbour[h] = slab[b++]!;
    return into.buildFromNeighbours(count, hull);
  }

  /** Keeps `table`'s neighbour lists and hull for `row` when the budget has room for them. */
  add(row: number, table: EdgeTable): void {
    const n = table.count;
    if (n > MAX_CACHED_MINUTIAE || this.offsets.has(row)) return;
    const m = table.hull.x.length;
    const edges = table.start[n]!;
    const bytes = (4 + 20 * m + n + edges + 3) & ~3;
    if (this.used + bytes + ENTRY_OVERHEAD_BYTES > this.budgetBytes) return;
    if (this.end + bytes > this.slab.length) this.grow(this.end + bytes);
    const at = this.end;
    const slab = this.slab;
    slab[at] = m & 0xff;
    slab[at + 1] = m >> 8;
    slab[at + 2] = n & 0xff;
    slab[at + 3] = n >> 8;
    const floats = this.slabFloats;
    const f = (at + 4) >> 2;
    floats.set(table.hull.x, f);
    floats.set(table.hull.y, f + m);
    floats.set(table.hull.normalX, f + 2 * m);
    floats.set(table.hull.normalY, f + 3 * m);
    floats.set(table.hull.offset, f + 4 * m);
    let b = at + 4 + 20 * m;
    const start = table.start;
    for (let i = 0; i < n; i++) slab[b++] = start[i + 1]! - start[i]!;
    const neighbour = table.neighbour;
    for (let h = 0; h < edges; h++) slab[b++] = neighbour[h]!;
    this.offsets.set(row, at);
    this.end += bytes;
    this.used += bytes + ENTRY_OVERHEAD_BYTES;
  }

  clear(): void {
    this.offsets.clear();
    this.slab = new Uint8Array(0);
    this.slabFloats = new Float32Array(0);
    this.end = 0;
    this.used = 0;
  }

  private grow(needed: number): void {
    let size = Math.max(INITIAL_SLAB_BYTES, this.slab.length);
    while (size < needed) size *= 2;
    // used ≥ end, and add checks used against the budget: the slab never needs more than it.
    size = Math.min(size, (this.budgetBytes + 3) & ~3);
    const slab = new Uint8Array(size);
    slab.set(this.slab.subarray(0, this.end));
    this.slab = slab;
    this.slabFloats = new Float32Array(slab.buffer);
  }
}

function hullOfSize(m: number): Hull {
  return { x: new Float32Array(m), y: new Float32Array(m), normalX: new Float32Array(m), normalY: new Float32Array(m), offset: new Float32Array(m) };
}
