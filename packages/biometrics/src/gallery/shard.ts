import { ReusableEdgeTable, type EdgeTable } from '../fingerprint/match/edge-table.js';
import type { FingerprintTemplate } from '../fingerprint/template.js';
import { EdgeTableCache } from './edge-cache.js';
import { PREFILTER_WORDS } from './prefilter/index.js';
import { PACKED_HEADER_BYTES, PACKED_MINUTIA_BYTES, readPackedMinutiae, readPackedTemplate } from './packed-finger.js';
import { galleryParameters as P } from './parameters.js';
import { SubjectIndex } from './subject-index.js';

const CODE_BYTES = PREFILTER_WORDS * 4;
const NONE = -1;

/**
 * One worker's part of the gallery, as struct-of-arrays in growable typed arrays (no per-finger
 * JS objects): a row per finger with its pre-filter code (`codes`, PREFILTER_WORDS words per row),
 * position (0 = removed), subject slot, next row of the same subject, and where its header and
 * minutiae lie in the byte arena. Subjects have a slot each (id, first row) found through a
 * SubjectIndex. Removing or replacing a finger leaves a dead row (tombstone) until compaction.
 */
export class Shard {
  rows = 0;
  deadRows = 0;
  codes = new Uint32Array(0);
  rowPosition = new Uint8Array(0);
  rowSlot = new Int32Array(0);
  rowNext = new Int32Array(0);
  rowArenaStart = new Uint32Array(0);
  arena = new Uint8Array(0);
  arenaUsed = 0;
  deadArenaBytes = 0;
  slotSubject = new Uint32Array(0);
  slotHead = new Int32Array(0);
  /** Slots ever used (live or free); free ones have slotHead −1 and sit in freeSlots. */
  slotCount = 0;
  private freeSlots: number[] = [];
  private readonly index = new SubjectIndex();
  /** Arrays the candidates' edge tables are built in, one after the other (see `edges`). */
  private readonly candidateEdges = new ReusableEdgeTable();
  private readonly edgeCache = new EdgeTableCache(P.edgeCacheBytes);

  get subjects(): number {
    return this.index.size;
  }

  get fingers(): number {
    return this.rows - this.deadRows;
  }

  /** Bytes held by the arrays (allocated capacity, the honest figure). */
  get residentBytes(): number {
    return (
      this.codes.byteLength +
      this.rowPosition.byteLength +
      this.rowSlot.byteLength +
      this.rowNext.byteLength +
      this.rowArenaStart.byteLength +
      this.arena.byteLength +
      this.slotSubject.byteLength +
      this.slotHead.byteLength +
      this.freeSlots.length * 8 +
      this.index.bytes
    );
  }

  /** Makes room for `rows` more fingers, `arenaBytes` more arena and `subjects` more subjects at once. */
  reserve(rows: number, arenaBytes: number, subjects: number): void {
    const needRows = this.rows + rows;
    if (needRows > this.rowPosition.length) this.resizeRows(Math.max(needRows, P.initialRows, Math.ceil(this.rowPosition.length * P.growthFactor)));
    const needArena = this.arenaUsed + arenaBytes;
    if (needArena > this.arena.length) {
      if (needArena > 0xffffffff) throw new RangeError('a gallery shard holds at most 4 GB of minutiae: open the gallery with more workers');
      const size = Math.min(0xffffffff, Math.max(needArena, P.initialRows * 512, Math.ceil(this.arena.length * P.growthFactor)));
      this.arena = grown(this.arena, size, this.arenaUsed);
    }
    const needSlots = this.slotCount + subjects;
    if (needSlots > this.slotHead.length) {
      const size = Math.max(needSlots, P.initialRows, Math.ceil(this.slotHead.length * P.growthFactor));
      this.slotSubject = grown(this.slotSubject, size, this.slotCount);
      this.slotHead = grown(this.slotHead, size, this.slotCount);
    }
    this.index.reserve(subjects);
  }

  /** Slot of a subject, or −1. */
  slotOf(subjectId: number): number {
    return this.index.get(subjectId);
  }

  /**
   * Adds the packed finger at bytes[start, start + length) (checked beforehand) for the subject,
   * replacing the subject's finger at the same position if any.
   */
  addFinger(subjectId: number, position: number, bytes: Uint8Array, start: number, length: number): void {
    const minutiaeBytes = length - PACKED_HEADER_BYTES - CODE_BYTES;
    // Cheap when the caller reserved room for a whole batch beforehand (the loading path).
    if (this.rows >= this.rowPosition.length || this.arenaUsed + PACKED_HEADER_BYTES + minutiaeBytes > this.arena.length || this.slotCount >= this.slotHead.length) {
      this.reserve(1, PACKED_HEADER_BYTES + minutiaeBytes, 1);
    }
    let slot = this.index.get(subjectId);
    if (slot < 0) {
      slot = this.freeSlots.pop() ?? this.slotCount++;
      this.slotSubject[slot] = subjectId;
      this.slotHead[slot] = NONE;
      this.index.set(subjectId, slot);
    } else {
      this.removeRows(slot, position);
    }
    const row = this.rows++;
    this.rowPosition[row] = position;
    this.rowSlot[row] = slot;
    // Appended last in the subject's list, so a subject's rows stay in the order they came.
    this.rowNext[row] = NONE;
    const head = this.slotHead[slot]!;
    if (head === NONE) this.slotHead[slot] = row;
    else {
      let r = head;
      while (this.rowNext[r]! !== NONE) r = this.rowNext[r]!;
      this.rowNext[r] = row;
    }
    // Byte loops rather than subarray views: loading millions of fingers allocates nothing.
    const codeAt = start + PACKED_HEADER_BYTES;
    const codes = this.codes;
    for (let w = 0, from = codeAt, to = row * PREFILTER_WORDS; w < PREFILTER_WORDS; w++, from += 4) {
      codes[to + w] = (bytes[from]! | (bytes[from + 1]! << 8) | (bytes[from + 2]! << 16) | (bytes[from + 3]! << 24)) >>> 0;
    }
    const arena = this.arena;
    const at = this.arenaUsed;
    this.rowArenaStart[row] = at;
    for (let i = 0; i < PACKED_HEADER_BYTES; i++) arena[at + i] = bytes[start + i]!;
    const from = codeAt + CODE_BYTES - (at + PACKED_HEADER_BYTES);
    for (let i = at + PACKED_HEADER_BYTES, end = i + minutiaeBytes; i < end; i++) arena[i] = bytes[from + i]!;
    this.arenaUsed += PACKED_HEADER_BYTES + minutiaeBytes;
  }

  /** Removes every finger of the subject; false when it was not there. */
  removeSubject(subjectId: number): boolean {
    const slot = this.index.get(subjectId);
    if (slot < 0) return false;
    this.removeRows(slot, 0);
    this.index.delete(subjectId);
    this.slotHead[slot] = NONE;
    this.freeSlots.push(slot);
    return true;
  }

  /** The template of a row's finger (minutiae only). */
  template(row: number): FingerprintTemplate {
    const at = this.rowArenaStart[row]!;
    return readPackedTemplate(this.arena, at, at + PACKED_HEADER_BYTES);
  }

  /**
   * The edge table of a row's finger (the one `template(row)` carries), without the template:
   * from the neighbour lists cached for recently re-scored fingers, else built (and cached). Built
   * in reused arrays: valid until the next call.
   */
  edges(row: number): EdgeTable {
    const at = this.rowArenaStart[row]!;
    const into = this.candidateEdges;
    const count = readPackedMinutiae(this.arena, at, at + PACKED_HEADER_BYTES, into);
    const cached = this.edgeCache.restore(row, into, count);
    if (cached) return cached;
    const table = into.build(count);
    this.edgeCache.add(row, table);
    return table;
  }

  /** Compacts when dead rows have grown past the configured share. */
  maybeCompact(): void {
    if (this.deadRows >= P.compactMinDeadRows && this.deadRows >= this.rows * P.compactDeadShare) this.compact();
  }

  /** Moves live rows (and their arena bytes) down over dead ones, keeping their order. */
  compact(): void {
    // Rows are renumbered: cached edge tables would answer for other fingers.
    this.edgeCache.clear();
    const remap = new Int32Array(this.rows);
    let w = 0;
    let arenaW = 0;
    for (let r = 0; r < this.rows; r++) {
      if (this.rowPosition[r] === 0) {
        remap[r] = NONE;
        continue;
      }
      remap[r] = w;
      const at = this.rowArenaStart[r]!;
      const length = this.arenaLength(at);
      if (w !== r) {
        this.codes.copyWithin(w * PREFILTER_WORDS, r * PREFILTER_WORDS, (r + 1) * PREFILTER_WORDS);
        this.rowPosition[w] = this.rowPosition[r]!;
        this.rowSlot[w] = this.rowSlot[r]!;
        this.rowNext[w] = this.rowNext[r]!;
      }
      if (arenaW !== at) this.arena.copyWithin(arenaW, at, at + length);
      this.rowArenaStart[w] = arenaW;
      arenaW += length;
      w++;
    }
    for (let r = 0; r < w; r++) if (this.rowNext[r]! !== NONE) this.rowNext[r] = remap[this.rowNext[r]!]!;
    for (let s = 0; s < this.slotCount; s++) if (this.slotHead[s]! !== NONE) this.slotHead[s] = remap[this.slotHead[s]!]!;
    this.rowPosition.fill(0, w, this.rows);
    this.rows = w;
    this.deadRows = 0;
    this.arenaUsed = arenaW;
    this.deadArenaBytes = 0;
  }

  private arenaLength(at: number): number {
    return PACKED_HEADER_BYTES + (this.arena[at + 8]! | (this.arena[at + 9]! << 8)) * PACKED_MINUTIA_BYTES;
  }

  /** Kills the slot's rows at `position` (0 = all of them) and unlinks them. */
  private removeRows(slot: number, position: number): void {
    let previous = NONE;
    for (let r = this.slotHead[slot]!; r !== NONE; ) {
      const next = this.rowNext[r]!;
      if (position === 0 || this.rowPosition[r] === position) {
        this.rowPosition[r] = 0;
        this.deadRows++;
        this.deadArenaBytes += this.arenaLength(this.rowArenaStart[r]!);
        if (previous === NONE) this.slotHead[slot] = next;
        else this.rowNext[previous] = next;
      } else previous = r;
      r = next;
    }
  }

  private resizeRows(size: number): void {
    this.codes = grown(this.codes, size * PREFILTER_WORDS, this.rows * PREFILTER_WORDS);
    this.rowPosition = grown(this.rowPosition, size, this.rows);
    this.rowSlot = grown(this.rowSlot, size, this.rows);
    this.rowNext = grown(this.rowNext, size, this.rows);
    this.rowArenaStart = grown(this.rowArenaStart, size, this.rows);
  }
}

type TypedArray = Uint8Array | Uint32Array | Int32Array;

function grown<T extends TypedArray>(array: T, size: number, used: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array.subarray(0, used));
  return next;
}

