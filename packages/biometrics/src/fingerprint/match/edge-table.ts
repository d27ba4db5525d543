import type { Minutia } from '../minutia.js';
import { normaliseAngle, vectorAngle } from './angle.js';
import { convexHull, type Hull } from './convex-hull.js';
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
  minutiae.forEach((m, i) => {
    x[i] = m.x;
    y[i] = m.y;
    direction[i] = m.direction;
    type[i] = TYPE_CODE[m.type];
  });
  const k = parameters.edgeTableNeighbours;
  const start = new Int32Array(n + 1);
  const neighbour = new Int32Array(n * k);
  const length = new Float32Array(n * k);
  const referenceAngle = new Float32Array(n * k);
  const neighbourAngle = new Float32Array(n * k);
  // The k nearest neighbours of each minutia, kept sorted by insertion (k is small): no objects,
  // no sort. Coordinates are whole pixels, so squared distances compare exactly; ties go to the
  // lower index (j rises, and an equal distance never moves ahead) so the table is deterministic.
  const nearest = new Int32Array(k);
  const nearestSquared = new Float64Array(k);
  const minSquared = parameters.minEdgeLength * parameters.minEdgeLength;
  const maxSquared = parameters.maxEdgeLength * parameters.maxEdgeLength;
  let e = 0;
  for (let i = 0; i < n; i++) {
    start[i] = e;
    const xi = x[i]!;
    const yi = y[i]!;
    let found = 0;
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
    for (let t = 0; t < found; t++, e++) {
      const j = nearest[t]!;
      const angle = vectorAngle(xi, yi, x[j]!, y[j]!);
      neighbour[e] = j;
      length[e] = Math.sqrt(nearestSquared[t]!);
      referenceAngle[e] = normaliseAngle(angle - direction[i]!);
      neighbourAngle[e] = normaliseAngle(angle - direction[j]!);
    }
  }
  start[n] = e;
  return { count: n, x, y, direction, type, start, neighbour, length, referenceAngle, neighbourAngle, hull: convexHull(x, y) };
}
