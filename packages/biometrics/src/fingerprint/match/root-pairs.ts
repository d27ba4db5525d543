import { rootAngleTolerance, type EdgeHash } from './edge-hash.js';
import { TWO_PI } from './angle.js';
import type { EdgeTable } from './edge-table.js';
import type { MatchBuffers } from './match-buffers.js';
import { matchParameters } from './parameters.js';

/**
 * Local similarity of minutia pairs: probe minutia p and candidate minutia c earn a vote for each
 * edge of their descriptors that agree. The best-voted pairs become root pairs (best first) in
 * `buffers.rootProbe/rootCandidate`; returns how many.
 */
export function findRootPairs(probe: EdgeTable, hash: EdgeHash, candidate: EdgeTable, buffers: MatchBuffers, parameters = matchParameters): number {
  const { votes, touched } = buffers;
  const nc = candidate.count;
  let touchedCount = 0;
  const angleTolerance = rootAngleTolerance(parameters);
  const { length: hashLength, lengthTolerance, referenceAngle, neighbourAngle, owner } = hash;
  // Locals for what the loops read: typed-array stores (votes) keep the compiler from assuming the tables unchanged.
  const hashStart = hash.start;
  const lengthBins = hash.lengthBins, angleBins = hash.angleBins, lengthBinWidth = hash.lengthBinWidth, angleBinWidth = hash.angleBinWidth;
  const candidateStart = candidate.start, candidateLength = candidate.length, candidateReference = candidate.referenceAngle, candidateNeighbour = candidate.neighbourAngle;
  const rootNeighbours = parameters.rootNeighbours;
  for (let c = 0; c < nc; c++) {
    for (let f = candidateStart[c]!, fEnd = Math.min(candidateStart[c + 1]!, f + rootNeighbours); f < fEnd; f++) {
      const length = candidateLength[f]!;
      const reference = candidateReference[f]!;
      const neighbour = candidateNeighbour[f]!;
      // bucketOf (edge-hash.ts), inlined: this is the hot loop.
      const l = Math.min(lengthBins - 1, Math.floor(length / lengthBinWidth));
      let a = Math.floor(reference / angleBinWidth);
      if (!(a >= 0 && a < angleBins)) a %= angleBins;
      let b = Math.floor(neighbour / angleBinWidth);
      if (!(b >= 0 && b < angleBins)) b %= angleBins;
      const bucket = (l * angleBins + a) * angleBins + b;
      for (let h = hashStart[bucket]!, hEnd = hashStart[bucket + 1]!; h < hEnd; h++) {
        // The spider's edge tests (spider.ts: length, reference and neighbour angle within their
        // tolerances), on the hash's contiguous copies (the hot loop), without branches: about a
        // third of the entries read pass, too irregular to predict. min(d, 2π − d) is the spider's
        // `d > π ? 2π − d : d` (the same at d = π, and NaN for NaN), and a vote is
        // `!(difference > tolerance)`, the negation of its rejection.
        const dl = Math.abs(hashLength[h]! - length);
        const da = Math.abs(referenceAngle[h]! - reference);
        const db = Math.abs(neighbourAngle[h]! - neighbour);
        const vote = +!(dl > lengthTolerance[h]!) & +!(Math.min(da, TWO_PI - da) > angleTolerance) & +!(Math.min(db, TWO_PI - db) > angleTolerance);
        const cell = owner[h]! * nc + c;
        const v = votes[cell]!;
        // A cell is listed when its first vote arrives (the slot past the list is scratch otherwise).
        touched[touchedCount] = cell;
        touchedCount += vote & +(v === 0);
        votes[cell] = v + vote;
      }
    }
  }
  // Keep the best roots by insertion into a short sorted list; ties go to the lower cell index.
  const maxRoots = parameters.maxRootPairs;
  const rootCell = buffers.rootCell;
  const rootVotes = buffers.rootVotes;
  let roots = 0;
  for (let t = 0; t < touchedCount; t++) {
    const cell = touched[t]!;
    const v = votes[cell]!;
    votes[cell] = 0;
    if (v < parameters.minRootVotes) continue;
    if (roots === maxRoots && (v < rootVotes[roots - 1]! || (v === rootVotes[roots - 1]! && cell > rootCell[roots - 1]!))) continue;
    let at = roots < maxRoots ? roots++ : roots - 1;
    while (at > 0 && (rootVotes[at - 1]! < v || (rootVotes[at - 1]! === v && rootCell[at - 1]! > cell))) {
      rootVotes[at] = rootVotes[at - 1]!;
      rootCell[at] = rootCell[at - 1]!;
      at--;
    }
    rootVotes[at] = v;
    rootCell[at] = cell;
  }
  for (let r = 0; r < roots; r++) {
    buffers.rootProbe[r] = Math.floor(rootCell[r]! / nc);
    buffers.rootCandidate[r] = rootCell[r]! % nc;
  }
  return roots;
}
