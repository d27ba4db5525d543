import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TWO_PI } from '../src/fingerprint/match/angle.js';
import { buildEdgeTable, ReusableEdgeTable, type EdgeTable } from '../src/fingerprint/match/edge-table.js';
import type { Minutia } from '../src/fingerprint/minutia.js';
import { createTemplate } from '../src/fingerprint/template.js';
import { EdgeTableCache } from '../src/gallery/edge-cache.js';
import { PACKED_HEADER_BYTES, packFinger, readPackedEdges, readPackedMinutiae, unpackFinger } from '../src/gallery/packed-finger.js';
import { PREFILTER_WORDS } from '../src/gallery/prefilter/index.js';

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A packed finger of `count` random minutiae (clustered ones too, so ties and short edges occur). */
function packedFinger(seed: number, count: number): Uint8Array {
  const next = random(seed);
  const minutiae: Minutia[] = Array.from({ length: count }, (_, i) => {
    const clustered = i > 0 && next() < 0.2;
    return {
      x: clustered ? 200 + Math.round(next() * 12) : Math.round(20 + next() * 360),
      y: clustered ? 250 + Math.round(next() * 12) : Math.round(20 + next() * 460),
      direction: next() * TWO_PI,
      type: next() < 0.5 ? 'ending' : 'bifurcation',
      reliability: 0.5 + next() / 2,
    };
  });
  return packFinger(createTemplate({ width: 400, height: 500, minutiae }));
}

const MINUTIAE_AT = PACKED_HEADER_BYTES + PREFILTER_WORDS * 4;

/** The table as plain arrays, so tables in reused arrays can be compared after the next build. */
function snapshot(table: EdgeTable) {
  const edges = table.start[table.count]!;
  return {
    count: table.count,
    x: Array.from(table.x.subarray(0, table.count)),
    y: Array.from(table.y.subarray(0, table.count)),
    direction: Array.from(table.direction.subarray(0, table.count)),
    type: Array.from(table.type.subarray(0, table.count)),
    start: Array.from(table.start.subarray(0, table.count + 1)),
    neighbour: Array.from(table.neighbour.subarray(0, edges)),
    length: Array.from(table.length.subarray(0, edges)),
    referenceAngle: Array.from(table.referenceAngle.subarray(0, edges)),
    neighbourAngle: Array.from(table.neighbourAngle.subarray(0, edges)),
    hull: Object.fromEntries(Object.entries(table.hull).map(([k, v]) => [k, Array.from(v as Float32Array)])),
  };
}

describe('edge tables restored from cached neighbour lists', () => {
  const fingers = Array.from({ length: 60 }, (_, i) => packedFinger(500 + i, [0, 1, 2, 3, 7][i] ?? 10 + ((i * 7) % 111)));

  it('are the tables built from the packed minutiae, and the template’s own', () => {
    const cache = new EdgeTableCache(1 << 20);
    const into = new ReusableEdgeTable();
    const built = fingers.map((packed, row) => {
      const table = into.build(readPackedMinutiae(packed, 0, MINUTIAE_AT, into));
      const plain = snapshot(table);
      cache.add(row, table);
      expect(plain).toEqual(snapshot(buildEdgeTable(unpackFinger(packed).minutiae)));
      return plain;
    });
    // Restored in another order, from arrays another finger last filled.
    for (let row = fingers.length - 1; row >= 0; row--) {
      const restored = cache.restore(row, into, readPackedMinutiae(fingers[row]!, 0, MINUTIAE_AT, into));
      expect(restored).toBeDefined();
      if (!isDeepStrictEqual(snapshot(restored!), built[row])) expect([row, snapshot(restored!)]).toEqual([row, built[row]]);
    }
  });

  it('are missing past the budget and after clear, and the build then stands', () => {
    const cache = new EdgeTableCache(4096);
    const into = new ReusableEdgeTable();
    let cached = 0;
    for (let row = 0; row < fingers.length; row++) {
      const count = readPackedMinutiae(fingers[row]!, 0, MINUTIAE_AT, into);
      if (cache.restore(row, into, count)) cached++;
      else cache.add(row, into.build(count));
    }
    expect(cached).toBe(0);
    let hits = 0;
    for (let row = 0; row < fingers.length; row++) {
      const count = readPackedMinutiae(fingers[row]!, 0, MINUTIAE_AT, into);
      const restored = cache.restore(row, into, count);
      if (!restored) continue;
      hits++;
      expect(snapshot(restored)).toEqual(snapshot(readPackedEdges(fingers[row]!, 0, MINUTIAE_AT, new ReusableEdgeTable())));
    }
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(fingers.length);
    cache.clear();
    expect(cache.restore(0, into, readPackedMinutiae(fingers[0]!, 0, MINUTIAE_AT, into))).toBeUndefined();
  });
});
