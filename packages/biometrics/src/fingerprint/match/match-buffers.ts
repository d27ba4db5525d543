import type { EdgeTable } from './edge-table.js';
import { matchParameters } from './parameters.js';

/**
 * Working memory of one matcher, sized for its probe and grown only when a candidate larger than
 * any seen before arrives, so comparing allocates nothing in the steady state.
 */
export class MatchBuffers {
  votes = new Uint16Array(0);
  touched = new Int32Array(0);
  readonly rootCell: Int32Array;
  readonly rootVotes: Int32Array;
  readonly rootProbe: Int32Array;
  readonly rootCandidate: Int32Array;
  /** Candidate paired with each probe minutia (−1 = none), for the pairing being grown. */
  readonly probePair: Int32Array;
  /** Probe minutia paired with each candidate minutia (−1 = none). */
  candidatePair = new Int32Array(0);
  /** Pairs in the order they were added (probe, candidate). */
  readonly pairedProbe: Int32Array;
  readonly pairedCandidate: Int32Array;
  /** The best pairing so far, kept for evidence. */
  readonly bestProbe: Int32Array;
  readonly bestCandidate: Int32Array;
  bestCount = 0;
  /** Binary heap of candidate pairs ordered by edge mismatch. */
  readonly heapCost: Float32Array;
  readonly heapProbe: Int32Array;
  readonly heapCandidate: Int32Array;
  heapSize = 0;

  constructor(probe: EdgeTable, parameters = matchParameters) {
    const np = probe.count;
    this.rootCell = new Int32Array(parameters.maxRootPairs);
    this.rootVotes = new Int32Array(parameters.maxRootPairs);
    this.rootProbe = new Int32Array(parameters.maxRootPairs);
    this.rootCandidate = new Int32Array(parameters.maxRootPairs);
    this.probePair = new Int32Array(np).fill(-1);
    this.pairedProbe = new Int32Array(np);
    this.pairedCandidate = new Int32Array(np);
    this.bestProbe = new Int32Array(np);
    this.bestCandidate = new Int32Array(np);
    // Each added pair pushes at most k² candidates, and at most np pairs are added.
    const heapCapacity = np * parameters.edgeTableNeighbours * parameters.edgeTableNeighbours + 1;
    this.heapCost = new Float32Array(heapCapacity);
    this.heapProbe = new Int32Array(heapCapacity);
    this.heapCandidate = new Int32Array(heapCapacity);
  }

  /** Makes room for a candidate of `nc` minutiae. */
  fit(np: number, nc: number): void {
    if (this.votes.length < np * nc) {
      this.votes = new Uint16Array(np * nc);
      // One more than the cells: findRootPairs writes the slot past its list before deciding to keep it.
      this.touched = new Int32Array(np * nc + 1);
    }
    if (this.candidatePair.length < nc) this.candidatePair = new Int32Array(nc).fill(-1);
  }

  heapPush(cost: number, p: number, c: number): void {
    let i = this.heapSize++;
    const { heapCost, heapProbe, heapCandidate } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapCost[parent]! <= cost) break;
      heapCost[i] = heapCost[parent]!;
      heapProbe[i] = heapProbe[parent]!;
      heapCandidate[i] = heapCandidate[parent]!;
      i = parent;
    }
    heapCost[i] = cost;
    heapProbe[i] = p;
    heapCandidate[i] = c;
  }

  /** Removes the cheapest entry; read it from heapProbe[0]/heapCandidate[0] before calling. */
  heapPop(): void {
    const { heapCost, heapProbe, heapCandidate } = this;
    const n = --this.heapSize;
    if (n <= 0) return;
    const cost = heapCost[n]!;
    const p = heapProbe[n]!;
    const c = heapCandidate[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heapCost[child + 1]! < heapCost[child]!) child++;
      if (heapCost[child]! >= cost) break;
      heapCost[i] = heapCost[child]!;
      heapProbe[i] = heapProbe[child]!;
      heapCandidate[i] = heapCandidate[child]!;
      i = child;
    }
    heapCost[i] = cost;
    heapProbe[i] = p;
    heapCandidate[i] = c;
  }
}
