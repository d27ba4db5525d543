import type { Minutia } from '../minutia.js';
import { normaliseAngle, vectorAngle } from './angle.js';
import { convexHull, hullOfSortedPoints, sortPointOrder, type Hull } from './convex-hull.js';
import { matchParameters } from './parameters.js';

/**
 * A minutia's local descriptor: the edges to its nearest neighbours, each described by quantities
 * that do not change when the print is moved or turned — the edge length, the edge's angle seen
 * from the minutia's direction and the edge's angle seen from the neighbour's direction.
 * Flat typed arrays so the matcher reads them without allocating.
 */
export interface EdgeTable {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly direction: Float32Array;
  /** 0 other, 1 ending, 2 bifurcation. */
  readonly type: Uint8Array;
  /** Edges of minutia i are start[i] … start[i + 1] − 1. */
  readonly start: Int32Array;
  readonly neighbour: Int32Array;
  readonly length: Float32Array;
  /** Edge direction minus the reference minutia's direction, in [0, 2π). */
  readonly referenceAngle: Float32Array;
  /** Edge direction minus the neighbour's direction, in [0, 2π). */
  readonly neighbourAngle: Float32Array;
  /** Convex hull of the minutiae: the area where this print can show minutiae. */
  readonly hull: Hull;
}

const TYPE_CODE = { other: 0, ending: 1, bifurcation: 2 } as const;

export function buildEdgeTable(minutiae: readonly Minutia[], parameters = matchParameters): EdgeTable {
  const n = minutiae.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const direction = new Float32Array(n);
  const type = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const m = minutiae[i]!;
    x[i] = m.x;
    y[i] = m.y;
    direction[i] = m.direction;
    type[i] = TYPE_CODE[m.type];
  }
  const k = parameters.edgeTableNeighbours;
  const start = new Int32Array(n + 1);
  const neighbour = new Int32Array(n * k);
  const length = new Float32Array(n * k);
  const referenceAngle = new Float32Array(n * k);
  const neighbourAngle = new Float32Array(n * k);
  const hull = fillEdges(n, x, y, direction, start, neighbour, length, referenceAngle, neighbourAngle, parameters);
  return { count: n, x, y, direction, type, start, neighbour, length, referenceAngle, neighbourAngle, hull };
}

/**
 * Edge tables built in arrays kept from one build to the next, for a caller that unpacks many
 * templates one after the other (the gallery re-scoring candidates): fill `x`, `y`, `direction`
 * and `type` for `count` minutiae after `reserve(count)`, then `build(count)`. The table returned
 * holds the edges and hull buildEdgeTable gives for those minutiae in its first `count` minutiae
 * and start[count] edges (its arrays may be longer), and stays valid only until the next build
 * (which reuses the very object).
 */
export class ReusableEdgeTable {
  x = new Float32Array(0);
  y = new Float32Array(0);
  direction = new Float32Array(0);
  type = new Uint8Array(0);
  /** Filled by `build`; filled by the caller before `buildFromNeighbours`. */
  start = new Int32Array(1);
  neighbour = new Int32Array(0);
  private length = new Float32Array(0);
  private referenceAngle = new Float32Array(0);
  private neighbourAngle = new Float32Array(0);
  private readonly current: { -readonly [K in keyof EdgeTable]: EdgeTable[K] } = {
    count: 0,
    x: this.x,
    y: this.y,
    direction: this.direction,
    type: this.type,
    start: this.start,
    neighbour: this.neighbour,
    length: this.length,
    referenceAngle: this.referenceAngle,
    neighbourAngle: this.neighbourAngle,
    hull: { x: this.x, y: this.y, normalX: this.x, normalY: this.x, offset: this.x },
  };

  constructor(private readonly parameters = matchParameters) {}

  /** Room for `count` minutiae (the minutia arrays are cleared only when they grow). */
  reserve(count: number): void {
    if (count <= this.x.length) return;
    const k = this.parameters.edgeTableNeighbours;
    this.x = new Float32Array(count);
    this.y = new Float32Array(count);
    this.direction = new Float32Array(count);
    this.type = new Uint8Array(count);
    this.start = new Int32Array(count + 1);
    this.neighbour = new Int32Array(count * k);
    this.length = new Float32Array(count * k);
    this.referenceAngle = new Float32Array(count * k);
    this.neighbourAngle = new Float32Array(count * k);
  }

  build(count: number): EdgeTable {
    this.reserve(count);
    const x = this.x.subarray(0, count);
    const y = this.y.subarray(0, count);
    const direction = this.direction.subarray(0, count);
    const start = this.start.subarray(0, count + 1);
    const hull = fillEdges(count, x, y, direction, start, this.neighbour, this.length, this.referenceAngle, this.neighbourAngle, this.parameters);
    return this.table(count, hull);
  }

  /**
   * `build` for minutiae whose neighbour lists (`start`, `neighbour`) and hull an earlier `build`
   * of the same minutiae gave, kept by the caller: the lengths and angles are recomputed from
   * them as `build` computes them, without searching the neighbours or the hull again.
   */
  buildFromNeighbours(count: number, hull: Hull): EdgeTable {
    this.reserve(count);
    fillEdgeQuantities(count, this.x, this.y, this.direction, this.start, this.neighbour, this.length, this.referenceAngle, this.neighbourAngle);
    return this.table(count, hull);
  }

  /**
   * The table of the last build: one object, rewritten by every build, over the reused arrays
   * themselves (no views: a gallery search builds hundreds of tables, and the matcher reads
   * `count` minutiae and start[count] edges, never the arrays' lengths).
   */
  private table(count: number, hull: Hull): EdgeTable {
    const table = this.current;
    table.count = count;
    table.x = this.x;
    table.y = this.y;
    table.direction = this.direction;
    table.type = this.type;
    table.start = this.start;
    table.neighbour = this.neighbour;
    table.length = this.length;
    table.referenceAngle = this.referenceAngle;
    table.neighbourAngle = this.neighbourAngle;
    table.hull = hull;
    return table;
  }
}

/**
 * vectorAngle of every whole-pixel offset an edge can have (|dx|, |dy| ≤ maxEdgeLength), each
 * computed on first use (NaN = not yet): vectorAngle depends on the offset alone, so a table entry
 * is the very value it returns, without an atan2 per edge.
 */
const OFFSET_REACH = Math.ceil(matchParameters.maxEdgeLength);
const OFFSET_SPAN = 2 * OFFSET_REACH + 1;
const offsetAngle = new Float64Array(OFFSET_SPAN * OFFSET_SPAN).fill(NaN);

/**
 * vectorAngle(x1, y1, x2, y2), from offsetAngle when the offset is whole pixels within its reach.
 * A zero dy is left to vectorAngle: atan2 tells +0 from −0 there, the table would not (a non-zero
 * dy makes the sign of a zero dx irrelevant).
 */
export function edgeDirection(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y1 - y2;
  if (dy === 0 || (dx | 0) !== dx || (dy | 0) !== dy || dx < -OFFSET_REACH || dx > OFFSET_REACH || dy < -OFFSET_REACH || dy > OFFSET_REACH) return vectorAngle(x1, y1, x2, y2);
  const at = (dy + OFFSET_REACH) * OFFSET_SPAN + dx + OFFSET_REACH;
  let angle = offsetAngle[at]!;
  if (angle !== angle) angle = offsetAngle[at] = vectorAngle(x1, y1, x2, y2);
  return angle;
}

/** Scratch of fillEdges: minutiae sorted by (x, y, index), and each minutia's rank in that order. */
let order = new Int32Array(0);
let rank = new Int32Array(0);
const nearestScratch = { index: new Int32Array(0), squared: new Float64Array(0) };

/**
 * Writes the edges of the n minutiae (x, y, direction) into start/neighbour/length/angles and
 * returns their hull. The k nearest neighbours of each minutia are kept sorted by insertion (k is
 * small): no objects. Coordinates are whole pixels, so squared distances compare exactly; ties go
 * to the lower index so the table is deterministic.
 */
function fillEdges(
  n: number,
  x: Float32Array,
  y: Float32Array,
  direction: Float32Array,
  start: Int32Array,
  neighbour: Int32Array,
  length: Float32Array,
  referenceAngle: Float32Array,
  neighbourAngle: Float32Array,
  parameters: typeof matchParameters,
): Hull {
  const k = parameters.edgeTableNeighbours;
  if (nearestScratch.index.length < k) nearestScratch.index = new Int32Array(k);
  if (nearestScratch.squared.length < k) nearestScratch.squared = new Float64Array(k);
  const nearest = nearestScratch.index;
  const nearestSquared = nearestScratch.squared;
  const minSquared = parameters.minEdgeLength * parameters.minEdgeLength;
  const maxSquared = parameters.maxEdgeLength * parameters.maxEdgeLength;
  let finite = true;
  for (let i = 0; i < n && finite; i++) finite = Number.isFinite(x[i]!) && Number.isFinite(y[i]!);
  // Non-finite coordinates (never in a template: createTemplate clamps them) keep the plain scan.
  const sorted = finite && k >= 1;
  if (sorted) {
    if (order.length < n) {
      order = new Int32Array(n);
      rank = new Int32Array(n);
    }
    sortPointOrder(x, y, order, n);
    for (let s = 0; s < n; s++) rank[order[s]!] = s;
  }
  // The scratch in locals: module variables are reloaded (and checked) at every use in the loop.
  const xOrder = order;
  const xRank = rank;
  let e = 0;
  for (let i = 0; i < n; i++) {
    start[i] = e;
    const xi = x[i]!;
    const yi = y[i]!;
    let found = 0;
    if (sorted) {
      // Outwards from the minutia in x order, each way until the x gap alone puts every further
      // minutia beyond the longest edge or the k-th nearest so far. The k nearest by (distance,
      // index) are the same whatever the order they are met in.
      for (let side = 1; side >= -1; side -= 2) {
        for (let s = xRank[i]! + side; s >= 0 && s < n; s += side) {
          const j = xOrder[s]!;
          const dx = x[j]! - xi;
          const dx2 = dx * dx;
          if (dx2 > maxSquared || (found === k && dx2 > nearestSquared[k - 1]!)) break;
          const dy = y[j]! - yi;
          const squared = dx * dx + dy * dy;
          if (squared < minSquared || squared > maxSquared) continue;
          if (found === k && (squared > nearestSquared[k - 1]! || (squared === nearestSquared[k - 1]! && j > nearest[k - 1]!))) continue;
          let p = found < k ? found++ : k - 1;
          while (p > 0 && (nearestSquared[p - 1]! > squared || (nearestSquared[p - 1]! === squared && nearest[p - 1]! > j))) {
            nearest[p] = nearest[p - 1]!;
            nearestSquared[p] = nearestSquared[p - 1]!;
            p--;
          }
          nearest[p] = j;
          nearestSquared[p] = squared;
        }
      }
    } else {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dx = x[j]! - xi;
        const dy = y[j]! - yi;
        const squared = dx * dx + dy * dy;
        if (squared < minSquared || squared > maxSquared) continue;
        if (found === k && squared >= nearestSquared[k - 1]!) continue;
        let p = found < k ? found++ : k - 1;
        while (p > 0 && nearestSquared[p - 1]! > squared) {
          nearest[p] = nearest[p - 1]!;
          nearestSquared[p] = nearestSquared[p - 1]!;
          p--;
        }
        nearest[p] = j;
        nearestSquared[p] = squared;
      }
    }
    const di = direction[i]!;
    for (let t = 0; t < found; t++, e++) {
      const j = nearest[t]!;
      neighbour[e] = j;
      writeEdgeQuantities(e, xi, yi, di, j, x, y, direction, length, referenceAngle, neighbourAngle);
    }
  }
  start[n] = e;
  return sorted ? hullOfSortedPoints(x, y, order, n) : convexHull(x, y);
}

/**
 * The length and the two angles of every edge listed in start/neighbour, from the minutiae alone:
 * what fillEdges writes for each edge it finds, run on neighbour lists kept from an earlier build
 * (the same lists give the same quantities).
 */
export function fillEdgeQuantities(
  n: number,
  x: Float32Array,
  y: Float32Array,
  direction: Float32Array,
  start: Int32Array,
  neighbour: Int32Array,
  length: Float32Array,
  referenceAngle: Float32Array,
  neighbourAngle: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    const di = direction[i]!;
    for (let e = start[i]!, end = start[i + 1]!; e < end; e++) writeEdgeQuantities(e, xi, yi, di, neighbour[e]!, x, y, direction, length, referenceAngle, neighbourAngle);
  }
}

/**
 * Edge e from minutia (xi, yi, direction di) to minutia j: its length, and its direction seen from
 * each end. The squared length is the one the neighbour search compared (x[j] − xi, y[j] − yi).
 */
function writeEdgeQuantities(
  e: number,
  xi: number,
  yi: number,
  di: number,
  j: number,
  x: Float32Array,
  y: Float32Array,
  direction: Float32Array,
  length: Float32Array,
  referenceAngle: Float32Array,
  neighbourAngle: Float32Array,
): void {
  const dx = x[j]! - xi;
  const dy = y[j]! - yi;
  const angle = edgeDirection(xi, yi, x[j]!, y[j]!);
  length[e] = Math.sqrt(dx * dx + dy * dy);
  referenceAngle[e] = normaliseAngle(angle - di);
  neighbourAngle[e] = normaliseAngle(angle - direction[j]!);
}
