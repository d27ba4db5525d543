import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemplate, encodeGalleryBatch, packFinger, type FingerPosition } from '@kura/biometrics';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotRefused, SnapshotWriter, snapshotAddedTotals } from '../src/enrollment/gallery-snapshot.js';

const folder = mkdtempSync(join(tmpdir(), 'kura-snapshot-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// One real packed finger (the batch codec checks each); what it holds does not matter here.
const packed = packFinger(
  createTemplate({ width: 400, height: 400, minutiae: Array.from({ length: 30 }, (_, i) => ({ x: 20 + 11 * i, y: 40 + 7 * i, direction: i / 5, type: 'ending' as const, reliability: 0.8 })) }),
);

function batchOf(subjects: number[], positions: FingerPosition[]): Uint8Array {
  return encodeGalleryBatch(subjects.flatMap((subjectId) => positions.map((position) => ({ subjectId, position, packed }))));
}

describe('gallery snapshot totals (sizing the gallery before a load)', () => {
  it('sums the fingers and batch bytes of the add frames from their headers, ignoring removals, and stops at a torn tail', () => {
    const path = join(folder, 'a', 'gallery.snapshot');
    const writer = SnapshotWriter.create(path, 'db-1');
    const first = batchOf([1, 2, 3], [1, 2]);
    const second = batchOf([4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    writer.append([{ seq: 3, kind: 'add', batch: first }]);
    writer.append([{ seq: 4, kind: 'remove', subjectIds: [2] }]);
    writer.append([{ seq: 5, kind: 'add', batch: second }]);
    writer.publish();
    writer.close();
    expect(snapshotAddedTotals(path, 'db-1')).toEqual({ fingers: 16, batchBytes: first.length + second.length });

    // A torn last frame is not counted (the load will cut it off too).
    truncateSync(path, statSync(path).size - 5);
    expect(snapshotAddedTotals(path, 'db-1')).toEqual({ fingers: 6, batchBytes: first.length });
    // Another database's snapshot, or none, is refused as when loading.
    expect(() => snapshotAddedTotals(path, 'db-2')).toThrow(SnapshotRefused);
    expect(() => snapshotAddedTotals(join(folder, 'none'), 'db-1')).toThrow(SnapshotRefused);
  });

  it('deletes the half-written snapshot of a rebuild cut short, not one another process may still be writing', () => {
    const dir = join(folder, 'b');
    mkdirSync(dir, { recursive: true });
    const abandoned = join(dir, '.snapshot.0123456789ab.tmp');
    const recent = join(dir, '.snapshot.ba9876543210.tmp');
    writeFileSync(abandoned, 'partial');
    writeFileSync(recent, 'partial');
    const anHourAgo = new Date(Date.now() - 3600_000);
    utimesSync(abandoned, anHourAgo, anHourAgo);
    const writer = SnapshotWriter.create(join(dir, 'gallery.snapshot'), 'db-1');
    writer.publish();
    writer.close();
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.snapshot.ba9876543210.tmp', 'gallery.snapshot']);
  });
});
