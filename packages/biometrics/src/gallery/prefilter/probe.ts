import type { FingerprintTemplate } from '../../fingerprint/template.js';
import { FEATURES_AT } from './code.js';
import { FEATURE_SPACE, markNearbyFeatures, rotationBin } from './triplet-feature.js';
import { prefilterParameters as P } from './parameters.js';

/**
 * A probe finger prepared once per search: for every triplet shape the probe could have a mate
 * in (soft quantisation, both orders of the two neighbours), a 16-bit mask of the rotation bins
 * of the probe minutiae that have it; and the chance an unrelated finger's feature meets it.
 */
export interface PrefilterProbe {
  readonly table: Uint16Array;
  /**
   * One bit per feature, set when its table entry is not 0: scoring reads this 32 KB bitmap (it
   * stays in the L1 cache) and the 512 KB table only for the few features the probe has.
   */
  readonly present: Uint32Array;
  /** Share of the (shape, rotation bin) cells set. */
  readonly density: number;
  /** Chance that one stored feature of an unrelated finger meets the table within the best rotation window. */
  readonly chanceHit: number;
}

const ROTATION_MASK = (1 << P.rotationBins) - 1;

/** Words of PrefilterProbe.present. */
export const PRESENT_WORDS = FEATURE_SPACE / 32;

export function preparePrefilterProbe(template: FingerprintTemplate): PrefilterProbe {
  return preparePrefilterProbeInto(template, new Uint16Array(FEATURE_SPACE), new Uint32Array(PRESENT_WORDS));
}

/**
 * preparePrefilterProbe on a table and bitmap the caller owns (FEATURE_SPACE entries and
 * PRESENT_WORDS words, all zero), so a worker preparing ten probe fingers per search reuses them
 * instead of allocating 5 MB.
 */
export function preparePrefilterProbeInto(template: FingerprintTemplate, table: Uint16Array, present: Uint32Array): PrefilterProbe {
  if (table.length !== FEATURE_SPACE) throw new RangeError(`a pre-filter probe table has ${FEATURE_SPACE} entries, got ${table.length}`);
  if (present.length !== PRESENT_WORDS) throw new RangeError(`a pre-filter probe bitmap has ${PRESENT_WORDS} words, got ${present.length}`);
  // Set cells counted as they are set: a popcount of the whole 2^18-entry table cost more than filling it.
  let bits = 0;
  const e = template.edges;
  for (let i = 0; i < e.count; i++) {
    const bit = 1 << rotationBin(e.direction[i]!);
    const first = e.start[i]!;
    const last = Math.min(e.start[i + 1]!, first + P.probeNeighbours);
    for (let a = first; a < last; a++)
      for (let b = a + 1; b < last; b++) {
        bits += markNearbyFeatures(e, a, b, table, bit, present);
        bits += markNearbyFeatures(e, b, a, table, bit, present);
      }
  }
  const density = bits / (FEATURE_SPACE * P.rotationBins);
  return { table, present, density, chanceHit: Math.min(0.5, density * P.rotationWindow * P.chanceHitFactor) };
}

/** Per rotation difference, stored features meeting the probe (reused: scoring allocates nothing). */
const turns = new Int32Array(P.rotationBins);
const HASH_MASK = FEATURE_SPACE - 1;

/**
 * How many of the stored code's features meet the probe's table at one rotation between the two
 * prints (the best window of `rotationWindow` adjacent rotation bins). Allocation-free.
 */
export function prefilterHits(probe: PrefilterProbe, codes: Uint32Array, offset: number): number {
  const table = probe.table;
  const present = probe.present;
  const base = offset + FEATURES_AT;
  turns.fill(0);
  let k = 0;
  for (let stored = 0; stored < P.rotationBins; stored++) {
    const inGroup = (codes[offset + 1 + (stored >>> 2)]! >>> ((stored & 3) * 8)) & 0xff;
    for (const end = k + inGroup; k < end; k++) {
      const bit = k * P.hashBits;
      const word = base + (bit >>> 5);
      const shift = bit & 31;
      // `| 0` keeps the words small integers for the JIT (a Uint32Array element ≥ 2^31 reads as a double).
      // The next word always joins in, without a branch: shifted by 32 − shift (in two steps, as
      // 0 when shift is 0), its bits land at bit 32 − shift and up, which the mask drops unless
      // the feature straddles the two words (shift + hashBits > 32) — then they are its top bits.
      const feature = (((codes[word]! | 0) >>> shift) | (((codes[word + 1]! | 0) << 1) << (31 - shift))) & HASH_MASK;
      // Most stored features are not the probe's: the bitmap says so without reading the table.
      if (((present[feature >>> 5]! >>> (feature & 31)) & 1) === 0) continue;
      let mask = table[feature]!;
      // Turn the probe's rotation bins by the stored minutia's: bit r of the result = rotation difference r.
      mask = ((mask >>> stored) | (mask << (P.rotationBins - stored))) & ROTATION_MASK;
      while (mask !== 0) {
        const m = mask & -mask;
        mask ^= m;
        turns[31 - Math.clz32(m)]!++;
      }
    }
  }
  let best = 0;
  for (let r = 0; r < P.rotationBins; r++) {
    let inWindow = 0;
    for (let w = r; w < r + P.rotationWindow; w++) inWindow += turns[w & (P.rotationBins - 1)]!;
    if (inWindow > best) best = inWindow;
  }
  return best;
}

/**
 * Similarity of the probe to the stored code at codes[offset ..]: how far the stored features
 * that meet the probe at one rotation exceed what chance gives an unrelated finger, in standard
 * deviations (binomial), 0 when not above chance. Fingers with many features do not win by count
 * alone, and a few lucky hits on a code with few features stay small. Allocation-free.
 */
export function prefilterScore(probe: PrefilterProbe, codes: Uint32Array, offset: number): number {
  const count = codes[offset]! & 0xffff;
  const hits = prefilterHits(probe, codes, offset);
  const p = probe.chanceHit;
  const expected = count * p;
  const excess = hits - expected;
  return excess > 0 ? excess / Math.sqrt(expected * (1 - p) + 1) : 0;
}
