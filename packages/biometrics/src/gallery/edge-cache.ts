import type { EdgeTable } from '../fingerprint/match/edge-table.js';

/** Bytes a cached table costs beyond its arrays (its object, the views, the buffer's own object), roughly. */
const ENTRY_OVERHEAD_BYTES = 1024;

/**
 * Edge tables of re-scored fingers, by shard row, kept up to a byte budget. Unpacking a candidate
 * (its neighbours and edge angles) costs about as much as comparing it, and in a small gallery
 * every search re-scores the same fingers: those are then unpacked once. When the budget is
 * reached the cache keeps what it has and adds nothing more: in a gallery much larger than the
 * budget the fingers re-scored change from search to search, and replacing entries would cost
 * a copy per candidate for few hits. The caller keeps rows meaning the same finger (a row is never
 * reused for another finger until the shard compacts, which clears the cache).
 */
export class EdgeTableCache {
  private readonly entries = new Map<number, EdgeTable>();
  private used = 0;

  constructor(private readonly budgetBytes: number) {}

  get(row: number): EdgeTable | undefined {
    return this.entries.get(row);
  }

  /**
   * Keeps a copy of `table` (which may live in reused arrays) for `row` and returns it; returns
   * `table` itself when the budget has no room for it.
   */
  add(row: number, table: EdgeTable): EdgeTable {
    const bytes = ENTRY_OVERHEAD_BYTES + ownedCopyBytes(table) + 5 * 4 * table.hull.x.length;
    if (this.used + bytes > this.budgetBytes) return table;
    const copy = ownedCopy(table);
    this.entries.set(row, copy);
    this.used += bytes;
    return copy;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}

/** Size of ownedCopy's buffer: x, y, direction, start, the four edge arrays (4 bytes each), type. */
function ownedCopyBytes(table: EdgeTable): number {
  const n = table.count;
  return (3 * n + (n + 1) + 4 * table.start[n]!) * 4 + n;
}

/** The table's arrays copied into one buffer of its own (the hull is shared: it is never written). */
function ownedCopy(table: EdgeTable): EdgeTable {
  const n = table.count;
  const edges = table.start[n]!;
  const buffer = new ArrayBuffer(ownedCopyBytes(table));
  let at = 0;
  const f32 = (source: Float32Array, count: number) => {
    const view = new Float32Array(buffer, at, count);
    view.set(source.subarray(0, count));
    at += count * 4;
    return view;
  };
  const i32 = (source: Int32Array, count: number) => {
    const view = new Int32Array(buffer, at, count);
    view.set(source.subarray(0, count));
    at += count * 4;
    return view;
  };
  const x = f32(table.x, n);
  const y = f32(table.y, n);
  const direction = f32(table.direction, n);
  const start = i32(table.start, n + 1);
  const neighbour = i32(table.neighbour, edges);
  const length = f32(table.length, edges);
  const referenceAngle = f32(table.referenceAngle, edges);
  const neighbourAngle = f32(table.neighbourAngle, edges);
  const type = new Uint8Array(buffer, at, n);
  type.set(table.type.subarray(0, n));
  return { count: n, x, y, direction, type, start, neighbour, length, referenceAngle, neighbourAngle, hull: table.hull };
}
