import { describe, expect, it } from 'vitest';
import { encodeGalleryBatch, packFinger } from '../src/index.js';
import { forEachCheckedBatchFinger } from '../src/gallery/batch-codec.js';
import { PREFILTER_WORDS } from '../src/gallery/prefilter/index.js';
import { Shard } from '../src/gallery/shard.js';
import { SubjectIndex } from '../src/gallery/subject-index.js';
import { syntheticFingers } from './gallery-helpers.js';

const synth = syntheticFingers(1);
const packed = Array.from({ length: 6 }, (_, i) => packFinger(synth.mirrored(0, i)));

function addAll(shard: Shard, fingers: { subjectId: number; position: 1 | 2 | 3; packed: Uint8Array }[]): void {
  const batch = encodeGalleryBatch(fingers);
  forEachCheckedBatchFinger(batch, (subjectId, position, start, length) => shard.addFinger(subjectId, position, batch, start, length));
}

/** Every live finger of the shard as (subject, position, packed index), from the arrays themselves. */
function contents(shard: Shard): string[] {
  const out: string[] = [];
  for (let slot = 0; slot < shard.slotCount; slot++)
    for (let row = shard.slotHead[slot]!; row !== -1; row = shard.rowNext[row]!) {
      const x = shard.template(row).minutiae.map((m) => m.x).join(',');
      const which = packed.findIndex((p) => packFinger(shard.template(row)).every((b, i) => p[i] === b));
      out.push(`${shard.slotSubject[slot]}:${shard.rowPosition[row]}:${which}:${x.length > 0}`);
      expect(shard.rowSlot[row]).toBe(slot);
      expect(shard.codes.subarray(row * PREFILTER_WORDS, (row + 1) * PREFILTER_WORDS)).toEqual(new Uint32Array(packed[which]!.buffer.slice(10, 10 + PREFILTER_WORDS * 4)));
    }
  return out.sort();
}

describe('gallery shard', () => {
  it('replaces, removes and compacts without losing or mixing fingers', () => {
    const shard = new Shard();
    addAll(shard, [
      { subjectId: 1, position: 1, packed: packed[0]! },
      { subjectId: 1, position: 2, packed: packed[1]! },
      { subjectId: 2, position: 1, packed: packed[2]! },
      { subjectId: 3, position: 3, packed: packed[3]! },
    ]);
    addAll(shard, [{ subjectId: 1, position: 1, packed: packed[4]! }]); // replaces 1:1
    expect(shard.removeSubject(2)).toBe(true);
    expect(shard.removeSubject(2)).toBe(false);
    addAll(shard, [{ subjectId: 4, position: 2, packed: packed[5]! }]); // reuses subject 2's slot
    const expected = ['1:1:4:true', '1:2:1:true', '3:3:3:true', '4:2:5:true'];
    expect(contents(shard)).toEqual(expected);
    expect(shard.deadRows).toBe(2);
    const arenaBefore = shard.arenaUsed;
    shard.compact();
    expect(shard.rows).toBe(4);
    expect(shard.deadRows).toBe(0);
    expect(shard.arenaUsed).toBeLessThan(arenaBefore);
    expect(contents(shard)).toEqual(expected);
    expect(shard.subjects).toBe(3);
    expect(shard.fingers).toBe(4);
  });
});

describe('subject index', () => {
  it('agrees with a Map under random inserts and deletes', () => {
    const index = new SubjectIndex(4);
    const reference = new Map<number, number>();
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 20_000; i++) {
      const key = next() % 3000;
      if (next() % 3 === 0) {
        index.delete(key);
        reference.delete(key);
      } else {
        index.set(key, i);
        reference.set(key, i);
      }
    }
    expect(index.size).toBe(reference.size);
    for (let key = 0; key < 3000; key++) expect(index.get(key)).toBe(reference.get(key) ?? -1);
    index.set(0xffffffff, 1);
    expect(index.get(0xffffffff)).toBe(1);
  });
});
