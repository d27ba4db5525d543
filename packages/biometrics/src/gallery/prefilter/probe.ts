import type { FingerprintTemplate } from '../../fingerprint/template.js';
import { FEATURE_SPACE, forEachNearbyFeature } from './triplet-feature.js';
import { prefilterParameters as P } from './parameters.js';

/**
 * A probe finger prepared once per search: a bit table over the whole feature space, set wherever
 * one of the probe's triplets could have a mate (soft quantisation, both orders of the two
 * neighbours), and the share of the table set.
 */
export interface PrefilterProbe {
  readonly table: Uint32Array;
  readonly density: number;
  /** Chance that one stored feature of an unrelated finger meets the table. */
  readonly chanceHit: number;
}

export function preparePrefilterProbe(template: FingerprintTemplate): PrefilterProbe {
  const table = new Uint32Array(FEATURE_SPACE / 32);
  const set = (feature: number) => {
    table[feature >>> 5]! |= 1 << (feature & 31);
  };
  const e = template.edges;
  for (let i = 0; i < e.count; i++) {
    const first = e.start[i]!;
    const last = Math.min(e.start[i + 1]!, first + P.probeNeighbours);
    for (let a = first; a < last; a++)
      for (let b = a + 1; b < last; b++) {
        forEachNearbyFeature(e, a, b, set);
        forEachNearbyFeature(e, b, a, set);
      }
  }
  let bits = 0;
  for (let w = 0; w < table.length; w++) bits += popcount(table[w]!);
  const density = bits / FEATURE_SPACE;
  return { table, density, chanceHit: Math.min(0.5, density * P.chanceHitFactor) };
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

const FEATURE_MASK = FEATURE_SPACE - 1;

/** How many of the stored code's features meet the probe's table. Allocation-free. */
export function prefilterHits(probe: PrefilterProbe, codes: Uint32Array, offset: number): number {
  const count = codes[offset]! & 0xffff;
  const table = probe.table;
  const base = offset + 1;
  let hits = 0;
  for (let k = 0, bit = 0; k < count; k++, bit += P.featureBits) {
    const word = base + (bit >>> 5);
    const shift = bit & 31;
    let f = codes[word]! >>> shift;
    if (shift + P.featureBits > 32) f |= codes[word + 1]! << (32 - shift);
    f &= FEATURE_MASK;
    hits += (table[f >>> 5]! >>> (f & 31)) & 1;
  }
  return hits;
}

/**
 * Similarity of the probe to the stored code at codes[offset ..]: how far the stored features
 * that meet the probe exceed what chance gives an unrelated finger, in standard deviations
 * (binomial), 0 when not above chance. Fingers with many features do not win by count alone, and
 * a few lucky hits on a code with few features stay small. Allocation-free.
 */
export function prefilterScore(probe: PrefilterProbe, codes: Uint32Array, offset: number): number {
  const count = codes[offset]! & 0xffff;
  const hits = prefilterHits(probe, codes, offset);
  const p = probe.chanceHit;
  const expected = count * p;
  const excess = hits - expected;
  return excess > 0 ? excess / Math.sqrt(expected * (1 - p) + 1) : 0;
}
