import { TWO_PI } from './angle.js';
import type { EdgeTable } from './edge-table.js';
import { matchParameters } from './parameters.js';

/**
 * The probe's edges filed by quantised (length, reference angle, neighbour angle), each edge in
 * every bucket its tolerance reaches, so a candidate edge finds all its possible matches by reading
 * one bucket. Built once per probe (compressed rows: bucket b holds entries start[b] … start[b+1]−1).
 */
export interface EdgeHash {
  readonly lengthBins: number;
  readonly angleBins: number;
  readonly lengthBinWidth: number;
  readonly angleBinWidth: number;
  readonly start: Int32Array;
  /** Index of the probe edge in its edge table. */
  readonly edge: Int32Array;
  /** The entries' edge quantities copied in bucket order, so a lookup reads contiguous memory. */
  readonly length: Float32Array;
  readonly lengthTolerance: Float32Array;
  readonly referenceAngle: Float32Array;
  readonly neighbourAngle: Float32Array;
  /** Probe minutia owning each entry's edge. */
  readonly owner: Int32Array;
}

export function edgeLengthTolerance(length: number, parameters = matchParameters): number {
  return parameters.edgeLengthTolerance + parameters.edgeLengthToleranceShare * length;
}

/** The bucket a candidate edge reads (findRootPairs inlines this: change both together). */
export function bucketOf(hash: EdgeHash, length: number, referenceAngle: number, neighbourAngle: number): number {
  const bins = hash.angleBins;
  const l = Math.min(hash.lengthBins - 1, Math.floor(length / hash.lengthBinWidth));
  // Angles are in [0, 2π): the remainder (a slow float fmod) is only needed at the top bin's edge.
  let a = Math.floor(referenceAngle / hash.angleBinWidth);
  if (!(a >= 0 && a < bins)) a %= bins;
  let b = Math.floor(neighbourAngle / hash.angleBinWidth);
  if (!(b >= 0 && b < bins)) b %= bins;
  return (l * bins + a) * bins + b;
}

/** Edge tolerances used when looking for root pairs: the spidering ones scaled by rootToleranceScale. */
export function rootAngleTolerance(parameters = matchParameters): number {
  return parameters.edgeAngleTolerance * parameters.rootToleranceScale;
}

export function rootLengthTolerance(length: number, parameters = matchParameters): number {
  return edgeLengthTolerance(length, parameters) * parameters.rootToleranceScale;
}

/** Per-edge scratch of buildEdgeHash (owner minutia, root length tolerance), reused between builds. */
let edgeOwner = new Int32Array(0);
let edgeTolerance = new Float64Array(0);

export function buildEdgeHash(table: EdgeTable, parameters = matchParameters): EdgeHash {
  const angleTolerance = rootAngleTolerance(parameters);
  // Bins narrower than the tolerance: more copies per edge, fewer wrong entries read per lookup.
  const angleBins = Math.max(1, Math.floor(TWO_PI / (angleTolerance * parameters.hashBinShare)));
  const angleBinWidth = TWO_PI / angleBins;
  const lengthBinWidth = parameters.edgeLengthTolerance * parameters.rootToleranceScale * parameters.hashBinShare;
  const maxLength = parameters.maxEdgeLength + edgeLengthTolerance(parameters.maxEdgeLength, parameters);
  const lengthBins = Math.ceil(maxLength / lengthBinWidth) + 1;
  const buckets = lengthBins * angleBins * angleBins;
  const edges = table.start[table.count]!;
  if (edgeOwner.length < edges) {
    edgeOwner = new Int32Array(edges);
    edgeTolerance = new Float64Array(edges);
  }
  const owners = edgeOwner;
  const tolerances = edgeTolerance;
  for (let p = 0; p < table.count; p++) for (let e = table.start[p]!; e < table.start[p + 1]!; e++) owners[e] = p;
  for (let e = 0; e < edges; e++) tolerances[e] = rootLengthTolerance(table.length[e]!, parameters);
  // Two passes over every bucket each voting edge reaches: count, then fill (no closures: hot at
  // build). The fill runs over the edges backwards, each bucket filled from its end, so `start`
  // is the counts turned into bucket starts in place and every bucket lists its edges in order.
  const start = new Int32Array(buckets + 1);
  let edge = new Int32Array(0);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < edges; i++) {
      const e = pass === 0 ? i : edges - 1 - i;
      // Only each minutia's nearest rootNeighbours edges take part in root voting.
      if (e - table.start[owners[e]!]! >= parameters.rootNeighbours) continue;
      const length = table.length[e]!;
      const tolerance = tolerances[e]!;
      const l0 = Math.max(0, Math.floor((length - tolerance) / lengthBinWidth));
      const l1 = Math.min(lengthBins - 1, Math.floor((length + tolerance) / lengthBinWidth));
      const a0 = Math.floor((table.referenceAngle[e]! - angleTolerance) / angleBinWidth) + angleBins;
      const a1 = Math.floor((table.referenceAngle[e]! + angleTolerance) / angleBinWidth) + angleBins;
      const b0 = Math.floor((table.neighbourAngle[e]! - angleTolerance) / angleBinWidth) + angleBins;
      const b1 = Math.floor((table.neighbourAngle[e]! + angleTolerance) / angleBinWidth) + angleBins;
      // The angle bins wrapped once per row rather than with a remainder per bucket (the same bins).
      const b0Wrapped = b0 % angleBins;
      for (let l = l0; l <= l1; l++)
        for (let a = a0; a <= a1; a++) {
          const row = (l * angleBins + (a % angleBins)) * angleBins;
          for (let b = b0, bWrapped = b0Wrapped; b <= b1; b++, bWrapped = bWrapped + 1 === angleBins ? 0 : bWrapped + 1) {
            const bucket = row + bWrapped;
            if (pass === 0) start[bucket]!++;
            else edge[--start[bucket]!] = e;
          }
        }
    }
    if (pass === 0) {
      // Bucket ends; the backward fill then moves each down to its bucket's start.
      // (A running sum in a local: the same sums without reading back each one just stored.)
      let end = 0;
      for (let b = 0; b < buckets; b++) {
        end += start[b]!;
        start[b] = end;
      }
      start[buckets] = end;
      edge = new Int32Array(start[buckets]!);
    }
  }
  // The entries' quantities in bucket order, in one buffer (one allocation instead of five).
  const n = edge.length;
  const block = new ArrayBuffer(n * 4 * 5);
  const length = new Float32Array(block, 0, n);
  const lengthTolerance = new Float32Array(block, n * 4, n);
  const referenceAngle = new Float32Array(block, n * 8, n);
  const neighbourAngle = new Float32Array(block, n * 12, n);
  const owner = new Int32Array(block, n * 16, n);
  // The table's arrays in locals: the stores below would otherwise make the compiler reload them.
  const tableLength = table.length, tableReference = table.referenceAngle, tableNeighbour = table.neighbourAngle;
  for (let h = 0; h < n; h++) {
    const e = edge[h]!;
    length[h] = tableLength[e]!;
    lengthTolerance[h] = tolerances[e]!;
    referenceAngle[h] = tableReference[e]!;
    neighbourAngle[h] = tableNeighbour[e]!;
    owner[h] = owners[e]!;
  }
  return { lengthBins, angleBins, lengthBinWidth, angleBinWidth, start, edge, length, lengthTolerance, referenceAngle, neighbourAngle, owner };
}
