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

/** Mixes the six bins into hashBits bits (a fixed multiply–xorshift hash: deterministic everywhere). */
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
 * Calls `visit` for every feature within tolerance of the triplet (probe side: soft quantisation,
 * so a triplet whose mate fell just across a bin border still meets it).
 */
export function forEachNearbyFeature(e: EdgeTable, a: number, b: number, visit: (feature: number) => void): void {
  lengthSpan(e.length[a]!, span, 0);
  lengthSpan(e.length[b]!, span, 2);
  angleSpan(e.referenceAngle[a]!, span, 4);
  angleSpan(e.neighbourAngle[a]!, span, 6);
  angleSpan(e.referenceAngle[b]!, span, 8);
  angleSpan(e.neighbourAngle[b]!, span, 10);
  for (let l1 = span[0]!; l1 <= span[1]!; l1++)
    for (let l2 = span[2]!; l2 <= span[3]!; l2++)
      for (let r1 = span[4]!; r1 <= span[5]!; r1++)
        for (let n1 = span[6]!; n1 <= span[7]!; n1++)
          for (let r2 = span[8]!; r2 <= span[9]!; r2++)
            for (let n2 = span[10]!; n2 <= span[11]!; n2++) visit(hashBins(l1, l2, wrap(r1), wrap(n1), wrap(r2), wrap(n2)));
}
