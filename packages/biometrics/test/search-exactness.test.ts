import { describe, expect, it } from 'vitest';
import { TWO_PI, vectorAngle } from '../src/fingerprint/match/angle.js';
import { buildEdgeHash, rootAngleTolerance } from '../src/fingerprint/match/edge-hash.js';
import { buildEdgeTable, edgeDirection, type EdgeTable } from '../src/fingerprint/match/edge-table.js';
import { MatchBuffers } from '../src/fingerprint/match/match-buffers.js';
import { matchParameters } from '../src/fingerprint/match/parameters.js';
import { findRootPairs } from '../src/fingerprint/match/root-pairs.js';
import type { Minutia } from '../src/fingerprint/minutia.js';
import { createTemplate, type FingerprintTemplate } from '../src/fingerprint/template.js';
import { FEATURES_AT, PREFILTER_WORDS, writePrefilterCode } from '../src/gallery/prefilter/code.js';
import { prefilterParameters } from '../src/gallery/prefilter/parameters.js';
import { preparePrefilterProbe, prefilterHits, type PrefilterProbe } from '../src/gallery/prefilter/probe.js';

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomMinutiae(next: () => number, count: number, wholePixels: boolean): Minutia[] {
  return Array.from({ length: count }, () => {
    const x = 20 + next() * 360;
    const y = 20 + next() * 460;
    return { x: wholePixels ? Math.round(x) : x, y: wholePixels ? Math.round(y) : y, direction: next() * TWO_PI, type: next() < 0.5 ? 'ending' : 'bifurcation', reliability: 0.8 };
  });
}

function randomTemplate(seed: number, count: number): FingerprintTemplate {
  return createTemplate({ width: 400, height: 500, minutiae: randomMinutiae(random(seed), count, true) });
}

describe('search fast paths give what the plain code gives', () => {
  it('edge directions read from the offset table are vectorAngle, for every whole-pixel offset an edge can have', () => {
    const reach = Math.ceil(matchParameters.maxEdgeLength);
    const next = random(1);
    for (let dy = -reach; dy <= reach; dy++)
      for (let dx = -reach; dx <= reach; dx++) {
        // Twice from different places: the table entry is filled by the first, read by the second.
        for (let k = 0; k < 2; k++) {
          const x1 = Math.floor(next() * 4000);
          const y1 = Math.floor(next() * 4000);
          const expected = vectorAngle(x1, y1, x1 + dx, y1 - dy);
          if (!Object.is(edgeDirection(x1, y1, x1 + dx, y1 - dy), expected)) expect([dx, dy, k]).toBe('equal');
        }
      }
    // Offsets off the table: fractional, beyond the reach, not finite, signed zeros.
    for (const [x1, y1, x2, y2] of [
      [0, -0, 10, 0],
      [0, -0, -10, 0],
      [-0, 5, 0, 0],
      [0.5, 0, 10, 3],
      [0, 0, 10.25, -7],
      [0, 0, 500, 20],
      [0, 0, -181, 0],
      [0, 0, Number.NaN, 1],
    ] as const)
      expect(Object.is(edgeDirection(x1, y1, x2, y2), vectorAngle(x1, y1, x2, y2))).toBe(true);
  });

  it('edge tables of fractional coordinates keep the plain directions', () => {
    const minutiae = randomMinutiae(random(2), 40, false);
    const table = buildEdgeTable(minutiae);
    for (let i = 0; i < table.count; i++)
      for (let e = table.start[i]!; e < table.start[i + 1]!; e++) {
        const j = table.neighbour[e]!;
        const angle = vectorAngle(table.x[i]!, table.y[i]!, table.x[j]!, table.y[j]!);
        expect(table.referenceAngle[e]).toBe(Math.fround(normalised(angle - table.direction[i]!)));
      }
  });

  it('root pairs voted without branches are the ones the branching tests vote', () => {
    let rootsFound = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const probeMinutiae = randomMinutiae(next, 20 + Math.floor(next() * 40), true);
      const probe = buildEdgeTable(probeMinutiae);
      // Odd seeds: a mate (the probe shifted, each minutia jittered by a pixel or two); even: another print.
      const candidateMinutiae =
        seed % 2 === 1
          ? probeMinutiae.map((m) => ({ ...m, x: m.x + 30 + Math.round(next() * 4 - 2), y: m.y - 10 + Math.round(next() * 4 - 2), direction: (m.direction + next() * 0.1) % TWO_PI }))
          : randomMinutiae(next, 20 + Math.floor(next() * 40), true);
      const candidate = buildEdgeTable(candidateMinutiae);
      const hash = buildEdgeHash(probe);
      const buffers = new MatchBuffers(probe);
      buffers.fit(probe.count, candidate.count);
      const roots = findRootPairs(probe, hash, candidate, buffers);
      const found = Array.from({ length: roots }, (_, r) => [buffers.rootProbe[r]!, buffers.rootCandidate[r]!]);
      expect(found).toEqual(branchingRootPairs(probe, hash, candidate));
      rootsFound += roots;
    }
    expect(rootsFound).toBeGreaterThan(100);
  });

  it('pre-filter hits read through the bitmap are the hits read from the table alone', () => {
    let hits = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const probe = preparePrefilterProbe(randomTemplate(100 + seed, 25 + seed * 3));
      let misfiled = 0;
      for (let f = 0; f < probe.table.length; f++) if ((((probe.present[f >>> 5]! >>> (f & 31)) & 1) === 1) !== (probe.table[f] !== 0)) misfiled++;
      expect(misfiled).toBe(0);
      for (let other = 0; other < 12; other++) {
        const code = new Uint32Array(PREFILTER_WORDS);
        // The probe's own template too, so that hits are not all zero.
        writePrefilterCode(other === 0 ? randomTemplate(100 + seed, 25 + seed * 3) : randomTemplate(1000 * seed + other, 20 + other * 5), code, 0);
        const expected = tableOnlyHits(probe, code, 0);
        expect(prefilterHits(probe, code, 0)).toBe(expected);
        hits += expected;
      }
    }
    expect(hits).toBeGreaterThan(0);
  });
});

function normalised(a: number): number {
  const r = a < TWO_PI && a > -TWO_PI ? a : a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** findRootPairs with the tests written as branches (as the matcher first had them) and a plain sort. */
function branchingRootPairs(probe: EdgeTable, hash: ReturnType<typeof buildEdgeHash>, candidate: EdgeTable): number[][] {
  const nc = candidate.count;
  const votes = new Map<number, number>();
  const angleTolerance = rootAngleTolerance();
  for (let c = 0; c < nc; c++)
    for (let f = candidate.start[c]!, fEnd = Math.min(candidate.start[c + 1]!, f + matchParameters.rootNeighbours); f < fEnd; f++) {
      const length = candidate.length[f]!;
      const reference = candidate.referenceAngle[f]!;
      const neighbour = candidate.neighbourAngle[f]!;
      const l = Math.min(hash.lengthBins - 1, Math.floor(length / hash.lengthBinWidth));
      let a = Math.floor(reference / hash.angleBinWidth);
      if (!(a >= 0 && a < hash.angleBins)) a %= hash.angleBins;
      let b = Math.floor(neighbour / hash.angleBinWidth);
      if (!(b >= 0 && b < hash.angleBins)) b %= hash.angleBins;
      const bucket = (l * hash.angleBins + a) * hash.angleBins + b;
      for (let h = hash.start[bucket]!; h < hash.start[bucket + 1]!; h++) {
        if (Math.abs(hash.length[h]! - length) > hash.lengthTolerance[h]!) continue;
        let da = Math.abs(hash.referenceAngle[h]! - reference);
        if (da > Math.PI) da = TWO_PI - da;
        if (da > angleTolerance) continue;
        let db = Math.abs(hash.neighbourAngle[h]! - neighbour);
        if (db > Math.PI) db = TWO_PI - db;
        if (db > angleTolerance) continue;
        const cell = hash.owner[h]! * nc + c;
        votes.set(cell, (votes.get(cell) ?? 0) + 1);
      }
    }
  return [...votes]
    .filter(([, v]) => v >= matchParameters.minRootVotes)
    .sort(([cellA, a], [cellB, b]) => b - a || cellA - cellB)
    .slice(0, matchParameters.maxRootPairs)
    .map(([cell]) => [Math.floor(cell / nc), cell % nc]);
}

/** prefilterHits as first written: each feature read with a branch for the straddling ones, then the table. */
function tableOnlyHits(probe: PrefilterProbe, codes: Uint32Array, offset: number): number {
  const P = prefilterParameters;
  const turns = new Int32Array(P.rotationBins);
  let k = 0;
  for (let stored = 0; stored < P.rotationBins; stored++) {
    const inGroup = (codes[offset + 1 + (stored >>> 2)]! >>> ((stored & 3) * 8)) & 0xff;
    for (const end = k + inGroup; k < end; k++) {
      const bit = k * P.hashBits;
      const word = offset + FEATURES_AT + (bit >>> 5);
      const shift = bit & 31;
      let f = (codes[word]! | 0) >>> shift;
      if (shift + P.hashBits > 32) f |= (codes[word + 1]! | 0) << (32 - shift);
      let mask = probe.table[f & (probe.table.length - 1)]!;
      if (mask === 0) continue;
      mask = ((mask >>> stored) | (mask << (P.rotationBins - stored))) & ((1 << P.rotationBins) - 1);
      for (let r = 0; r < P.rotationBins; r++) if (mask & (1 << r)) turns[r]!++;
    }
  }
  let best = 0;
  for (let r = 0; r < P.rotationBins; r++) {
    let inWindow = 0;
    for (let w = r; w < r + P.rotationWindow; w++) inWindow += turns[w & (P.rotationBins - 1)]!;
    best = Math.max(best, inWindow);
  }
  return best;
}
