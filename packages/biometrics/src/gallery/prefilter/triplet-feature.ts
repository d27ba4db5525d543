import type { EdgeTable } from '../../fingerprint/match/edge-table.js';
import { TWO_PI } from '../../fingerprint/match/angle.js';
import { prefilterParameters as P } from './parameters.js';

/**
 * A minutia with two of its near neighbours (a triplet) as one hashed feature: the two edge
 * lengths and, for each edge, its direction seen from the minutia and from the neighbour, each
 * quantised. These do not change when the print is moved or turned, and six of them together are
 * rare enough that two unrelated fingers share few while two impressions of one finger share many.
 */
export const FEATURE_SPACE = 2 ** P.hashBits;
const FEATURE_MASK = FEATURE_SPACE - 1;
const ANGLE_STEP = TWO_PI / P.angleBins;
const ROTATION_STEP = TWO_PI / P.rotationBins;

/** Bin of a minutia's absolute direction (not turn invariant: it tells how two prints are turned). */
export function rotationBin(direction: number): number {
  return Math.floor(direction / ROTATION_STEP) % P.rotationBins;
}

const wrap = (bin: number) => ((bin % P.angleBins) + P.angleBins) % P.angleBins;

/**
 * Mixes the six bins into hashBits bits (a fixed multiply–xorshift hash: deterministic everywhere).
 * markNearbyFeatures computes the same hash in stages: change both together.
 */
export function hashBins(l1: number, l2: number, r1: number, n1: number, r2: number, n2: number): number {
  let h = Math.imul(l1 + 1, 0x9e3779b1) ^ Math.imul(l2 + 7, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae3d) ^ Math.imul((r1 << 8) | n1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13), 0x165667b1) ^ Math.imul((r2 << 8) | n2, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) & FEATURE_MASK;
}

/** The stored feature of the triplet (minutia, edge a, edge b), edges as indices in the edge table. */
export function tripletFeature(e: EdgeTable, a: number, b: number): number {
  return hashBins(
    Math.floor(e.length[a]! / P.lengthStep),
    Math.floor(e.length[b]! / P.lengthStep),
    Math.floor(e.referenceAngle[a]! / ANGLE_STEP) % P.angleBins,
    Math.floor(e.neighbourAngle[a]! / ANGLE_STEP) % P.angleBins,
    Math.floor(e.referenceAngle[b]! / ANGLE_STEP) % P.angleBins,
    Math.floor(e.neighbourAngle[b]! / ANGLE_STEP) % P.angleBins,
  );
}

/** Bins [first, last] a value's tolerance reaches (angle bins unwrapped: wrap them when used). */
function lengthSpan(length: number, out: Int32Array, at: number): void {
  const tolerance = P.lengthTolerance + P.lengthToleranceShare * length;
  out[at] = Math.max(0, Math.floor((length - tolerance) / P.lengthStep));
  out[at + 1] = Math.floor((length + tolerance) / P.lengthStep);
}
function angleSpan(angle: number, out: Int32Array, at: number): void {
  out[at] = Math.floor((angle - P.angleTolerance) / ANGLE_STEP);
  out[at + 1] = Math.floor((angle + P.angleTolerance) / ANGLE_STEP);
}

const span = new Int32Array(12);
/**
 * markNearbyFeatures' per-call products of (reference bin, neighbour bin) pairs: an angle span
 * covers at most ⌊2·angleTolerance/ANGLE_STEP⌋ + 2 bins (one more kept for rounding), so a pair
 * of spans at most its square.
 */
const MOST_ANGLE_BINS = Math.floor((2 * P.angleTolerance) / ANGLE_STEP) + 3;
const secondMix = new Int32Array(MOST_ANGLE_BINS * MOST_ANGLE_BINS);
const thirdMix = new Int32Array(MOST_ANGLE_BINS * MOST_ANGLE_BINS);

/**
 * Sets `bit` in table[feature] for every feature within tolerance of the triplet (probe side:
 * soft quantisation, so a triplet whose mate fell just across a bin border still meets it).
 * Also sets the feature's bit in `present` (one bit per feature: "some rotation bin set").
 * Returns how many (feature, bit) cells it newly set. The hash is hashBins split into its three
 * stages, each computed in the loop of the bins it reads (the same integers, far fewer multiplies).
 */
export function markNearbyFeatures(e: EdgeTable, a: number, b: number, table: Uint16Array, bit: number, present: Uint32Array): number {
  lengthSpan(e.length[a]!, span, 0);
  lengthSpan(e.length[b]!, span, 2);
  angleSpan(e.referenceAngle[a]!, span, 4);
  angleSpan(e.neighbourAngle[a]!, span, 6);
  angleSpan(e.referenceAngle[b]!, span, 8);
  angleSpan(e.neighbourAngle[b]!, span, 10);
  const l1End = span[1]!, l2Start = span[2]!, l2End = span[3]!, r1Start = span[4]!, r1End = span[5]!, n1Start = span[6]!, n1End = span[7]!;
  const r2Start = span[8]!, r2End = span[9]!, n2Start = span[10]!, n2End = span[11]!;
  // The second and third stages mix in a product of their two wrapped bins alone: each product
  // computed once here, in the order of the loops below, rather than once per outer bin.
  let seconds = 0;
  for (let r1 = r1Start; r1 <= r1End; r1++) for (let n1 = n1Start; n1 <= n1End; n1++) secondMix[seconds++] = Math.imul((wrap(r1) << 8) | wrap(n1), 0x27d4eb2f);
  let thirds = 0;
  for (let r2 = r2Start; r2 <= r2End; r2++) for (let n2 = n2Start; n2 <= n2End; n2++) thirdMix[thirds++] = Math.imul((wrap(r2) << 8) | wrap(n2), 0x9e3779b1);
  let added = 0;
  for (let l1 = span[0]!; l1 <= l1End; l1++)
    for (let l2 = l2Start; l2 <= l2End; l2++) {
      const h1 = Math.imul(l1 + 1, 0x9e3779b1) ^ Math.imul(l2 + 7, 0x85ebca77);
      const m1 = Math.imul(h1 ^ (h1 >>> 15), 0xc2b2ae3d);
      for (let second = 0; second < seconds; second++) {
        const h2 = m1 ^ secondMix[second]!;
        const m2 = Math.imul(h2 ^ (h2 >>> 13), 0x165667b1);
        for (let third = 0; third < thirds; third++) {
          let h = m2 ^ thirdMix[third]!;
          h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
          const feature = (h ^ (h >>> 13)) & FEATURE_MASK;
          const mask = table[feature]!;
          if ((mask & bit) === 0) {
            table[feature] = mask | bit;
            present[feature >>> 5]! |= 1 << (feature & 31);
            added++;
          }
        }
      }
    }
  return added;
}
