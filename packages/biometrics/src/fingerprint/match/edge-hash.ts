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

export function bucketOf(hash: EdgeHash, length: number, referenceAngle: number, neighbourAngle: number): number {
  const l = Math.min(hash.lengthBins - 1, Math.floor(length / hash.lengthBinWidth));
  const a = Math.floor(referenceAngle / hash.angleBinWidth) % hash.angleBins;
  const b = Math.floor(neighbourAngle / hash.angleBinWidth) % hash.angleBins;
  return (l * hash.angleBins + a) * hash.angleBins + b;
}

/** Edge tolerances used when looking for root pairs: the spidering ones scaled by rootToleranceScale. */
export function rootAngleTolerance(parameters = matchParameters): number {
  return parameters.edgeAngleTolerance * parameters.rootToleranceScale;
}

export function rootLengthTolerance(length: number, parameters = matchParameters): number {
  return edgeLengthTolerance(length, parameters) * parameters.rootToleranceScale;
}

export function buildEdgeHash(table: EdgeTable, parameters = matchParameters): EdgeHash {
  const angleTolerance = rootAngleTolerance(parameters);
  // Bins narrower than the tolerance: more copies per edge, fewer wrong entries read per lookup.
  const angleBins = Math.max(1, Math.floor(TWO_PI / (angleTolerance * parameters.hashBinShare)));
  const angleBinWidth = TWO_PI / angleBins;
  const lengthBinWidth = parameters.edgeLengthTolerance * parameters.rootToleranceScale * parameters.hashBinShare;
  const maxLength = parameters.maxEdgeLength + edgeLengthTolerance(parameters.maxEdgeLength, parameters);
  const lengthBins = Math.ceil(maxLength / lengthBinWidth) + 1;
  const buckets = lengthBins * angleBins * angleBins;
  const counts = new Int32Array(buckets + 1);
  const owners = new Int32Array(table.start[table.count]!);
  for (let p = 0; p < table.count; p++) for (let e = table.start[p]!; e < table.start[p + 1]!; e++) owners[e] = p;
  const edges = table.start[table.count]!;
  // Two passes over every bucket each voting edge reaches: count, then fill (no closures: hot at build).
  const fill = new Int32Array(buckets);
  let edge = new Int32Array(0);
  for (let pass = 0; pass < 2; pass++) {
    for (let e = 0; e < edges; e++) {
      // Only each minutia's nearest rootNeighbours edges take part in root voting.
      if (e - table.start[owners[e]!]! >= parameters.rootNeighbours) continue;
      const length = table.length[e]!;
      const tolerance = rootLengthTolerance(length, parameters);
      const l0 = Math.max(0, Math.floor((length - tolerance) / lengthBinWidth));
      const l1 = Math.min(lengthBins - 1, Math.floor((length + tolerance) / lengthBinWidth));
      const a0 = Math.floor((table.referenceAngle[e]! - angleTolerance) / angleBinWidth) + angleBins;
      const a1 = Math.floor((table.referenceAngle[e]! + angleTolerance) / angleBinWidth) + angleBins;
      const b0 = Math.floor((table.neighbourAngle[e]! - angleTolerance) / angleBinWidth) + angleBins;
      const b1 = Math.floor((table.neighbourAngle[e]! + angleTolerance) / angleBinWidth) + angleBins;
      for (let l = l0; l <= l1; l++)
        for (let a = a0; a <= a1; a++)
          for (let b = b0; b <= b1; b++) {
            const bucket = (l * angleBins + (a % angleBins)) * angleBins + (b % angleBins);
            if (pass === 0) counts[bucket + 1]!++;
            else edge[fill[bucket]!++] = e;
          }
    }
    if (pass === 0) {
      for (let b = 0; b < buckets; b++) counts[b + 1]! += counts[b]!;
      fill.set(counts.subarray(0, buckets));
      edge = new Int32Array(counts[buckets]!);
    }
  }
  const start = counts;
  // Copies in bucket order (plain loops: TypedArray.from with a callback is slow).
  const n = edge.length;
  const length = new Float32Array(n);
  const lengthTolerance = new Float32Array(n);
  const referenceAngle = new Float32Array(n);
  const neighbourAngle = new Float32Array(n);
  const owner = new Int32Array(n);
  for (let h = 0; h < n; h++) {
    const e = edge[h]!;
    length[h] = table.length[e]!;
    lengthTolerance[h] = rootLengthTolerance(table.length[e]!, parameters);
    referenceAngle[h] = table.referenceAngle[e]!;
    neighbourAngle[h] = table.neighbourAngle[e]!;
    owner[h] = owners[e]!;
  }
  return { lengthBins, angleBins, lengthBinWidth, angleBinWidth, start, edge, length, lengthTolerance, referenceAngle, neighbourAngle, owner };
}
