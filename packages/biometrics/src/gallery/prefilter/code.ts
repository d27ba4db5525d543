import type { FingerprintTemplate } from '../../fingerprint/template.js';
import { tripletFeature } from './triplet-feature.js';
import { prefilterParameters as P } from './parameters.js';

/** Length of one finger's code in 32-bit words (fixed). */
export const PREFILTER_WORDS = P.codeWords;
/** Features a code holds at most: featureBits each, packed after the header word. */
export const CODE_CAPACITY = Math.floor(((P.codeWords - 1) * 32) / P.featureBits);

/**
 * Writes the template's code into out[offset .. offset + PREFILTER_WORDS): a header word (feature
 * count in the low half, minutiae count in the high half) then the distinct triplet features,
 * sorted, bit-packed. Each minutia's nearest pair of neighbours comes first (every minutia's
 * 1st+2nd, then 1st+3rd, 2nd+3rd, 1st+4th …, smaller triangles first within a round), so a finger with
 * many minutiae keeps its most stable triplets and one with few still fills the code.
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
        round.push({ size: e.length[a]! + e.length[b]!, feature: tripletFeature(e, a, b) });
      }
      // Smaller triangles first when the code cannot hold them all: they survive distortion and partial prints best.
      round.sort((x, y) => x.size - y.size || x.feature - y.feature);
      for (const t of round) {
        if (chosen.size >= CODE_CAPACITY) break;
        chosen.add(t.feature);
      }
    }
  }
  const features = [...chosen].sort((a, b) => a - b);
  out.fill(0, offset, offset + PREFILTER_WORDS);
  out[offset] = features.length | (Math.min(0xffff, template.minutiae.length) << 16);
  const base = offset + 1;
  for (let k = 0; k < features.length; k++) {
    const bit = k * P.featureBits;
    const word = base + (bit >>> 5);
    const shift = bit & 31;
    out[word] = (out[word]! | (features[k]! << shift)) >>> 0;
    if (shift + P.featureBits > 32) out[word + 1] = (out[word + 1]! | (features[k]! >>> (32 - shift))) >>> 0;
  }
}
