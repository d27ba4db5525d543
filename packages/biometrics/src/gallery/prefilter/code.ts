import type { FingerprintTemplate } from '../../fingerprint/template.js';
import { rotationBin, tripletFeature } from './triplet-feature.js';
import { prefilterParameters as P } from './parameters.js';

/** Length of one finger's code in 32-bit words (fixed). */
export const PREFILTER_WORDS = P.codeWords;
/** Words after the header holding the feature count of each rotation bin (one byte each). */
export const GROUP_WORDS = Math.ceil(P.rotationBins / 4);
/** First word of the packed shape hashes. */
export const FEATURES_AT = 1 + GROUP_WORDS;
/** Features a code holds at most: hashBits each after the header and the group counts. */
export const CODE_CAPACITY = Math.min(255, Math.floor(((P.codeWords - FEATURES_AT) * 32) / P.hashBits));

/**
 * Writes the template's code into out[offset .. offset + PREFILTER_WORDS): a header word (feature
 * count in the low half, minutiae count in the high half), the feature count of each rotation bin
 * (one byte each), then the distinct features' shape hashes grouped by the rotation bin of their
 * central minutia (the bin is the group, so it costs no bits per feature), bit-packed. Each minutia's
 * nearest pair of neighbours comes first (every minutia's 1st+2nd, then 1st+3rd, 2nd+3rd, 1st+4th …,
 * smaller triangles first within a round), so a finger with many minutiae keeps its most stable
 * triplets and one with few still fills the code.
 */
export function writePrefilterCode(template: FingerprintTemplate, out: Uint32Array, offset: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + PREFILTER_WORDS > out.length) {
    throw new RangeError(`prefilter code at ${offset} does not fit in ${out.length} words`);
  }
  const e = template.edges;
  const chosen = new Set<number>();
  for (let second = 1; second < P.storedNeighbours; second++) {
    for (let first = 0; first < second && chosen.size < CODE_CAPACITY; first++) {
      const round: { size: number; feature: number }[] = [];
      for (let i = 0; i < e.count; i++) {
        const a = e.start[i]! + first;
        const b = e.start[i]! + second;
        if (b >= e.start[i + 1]!) continue;
        const feature = tripletFeature(e, a, b) * P.rotationBins + rotationBin(e.direction[i]!);
        round.push({ size: e.length[a]! + e.length[b]!, feature });
      }
      // Smaller triangles first when the code cannot hold them all: they survive distortion and partial prints best.
      round.sort((x, y) => x.size - y.size || x.feature - y.feature);
      for (const t of round) {
        if (chosen.size >= CODE_CAPACITY) break;
        chosen.add(t.feature);
      }
    }
  }
  // Grouped by rotation bin, then by hash: one order whatever the insertion order (deterministic codes).
  const features = [...chosen].sort((a, b) => (a % P.rotationBins) - (b % P.rotationBins) || a - b);
  out.fill(0, offset, offset + PREFILTER_WORDS);
  out[offset] = (features.length | (Math.min(0xffff, template.minutiae.length) << 16)) >>> 0;
  const base = offset + FEATURES_AT;
  for (let k = 0; k < features.length; k++) {
    const group = features[k]! % P.rotationBins;
    const at = offset + 1 + (group >>> 2);
    out[at] = (out[at]! + (1 << ((group & 3) * 8))) >>> 0;
    const hash = Math.floor(features[k]! / P.rotationBins);
    const bit = k * P.hashBits;
    const word = base + (bit >>> 5);
    const shift = bit & 31;
    out[word] = (out[word]! | (hash << shift)) >>> 0;
    if (shift + P.hashBits > 32) out[word + 1] = (out[word + 1]! | (hash >>> (32 - shift))) >>> 0;
  }
}
