/**
 * Convex hull of the minutiae (Andrew's monotone chain), counter-clockwise in image coordinates,
 * as flat x/y arrays. It stands for the print's usable area when judging how much two prints overlap.
 */
export interface Hull {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Edge i (from vertex i−1 to i) as an outward unit normal and offset: outside distance = nx·x + ny·y − offset. */
  readonly normalX: Float32Array;
  readonly normalY: Float32Array;
  readonly offset: Float32Array;
}

export function convexHull(xs: Float32Array, ys: Float32Array): Hull {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]! || ys[a]! - ys[b]! || a - b);
  const cross = (o: number, a: number, b: number) => (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);
  const lower: number[] = [];
  for (const i of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, i) <= 0) upper.pop();
    upper.push(i);
  }
  const hull = n < 3 ? order : [...lower.slice(0, -1), ...upper.slice(0, -1)];
  const x = Float32Array.from(hull, (i) => xs[i]!);
  const y = Float32Array.from(hull, (i) => ys[i]!);
  return withEdgeNormals(x, y);
}

/**
 * Writes into order[0 .. n) the indices of the n points sorted by (x, y, index), the order
 * convexHull sorts them in (a total order when the coordinates are finite).
 */
export function sortPointOrder(xs: Float32Array, ys: Float32Array, order: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) order[i] = i;
  if (n > 64) {
    order.subarray(0, n).sort((a, b) => xs[a]! - xs[b]! || ys[a]! - ys[b]! || a - b);
    return;
  }
  // Insertion sort: a template's few dozen points, without a comparator call per step.
  for (let s = 1; s < n; s++) {
    const i = order[s]!;
    const xi = xs[i]!;
    const yi = ys[i]!;
    let t = s;
    for (; t > 0; t--) {
      const j = order[t - 1]!;
      const xj = xs[j]!;
      if (xj < xi || (xj === xi && (ys[j]! < yi || (ys[j]! === yi && j < i)))) break;
      order[t] = j;
    }
    order[t] = i;
  }
}

/** Chain of hullOfSortedPoints (lower part, then upper part), reused. */
let chain = new Int32Array(0);

/**
 * convexHull of points with finite coordinates whose (x, y, index) order is order[0 .. n) (see
 * sortPointOrder): the same hull, from typed stacks instead of arrays and closures.
 */
export function hullOfSortedPoints(xs: Float32Array, ys: Float32Array, order: Int32Array, n: number): Hull {
  if (chain.length < 2 * n + 2) chain = new Int32Array(2 * n + 2);
  const stack = chain;
  const cross = (o: number, a: number, b: number) => (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);
  // The hull is stack[0 .. m).
  let m: number;
  if (n < 3) {
    for (let s = 0; s < n; s++) stack[s] = order[s]!;
    m = n;
  } else {
    let lower = 0;
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      while (lower >= 2 && cross(stack[lower - 2]!, stack[lower - 1]!, i) <= 0) lower--;
      stack[lower++] = i;
    }
    // The upper chain right after the lower one minus its last point (which the upper chain starts with).
    const upperFrom = lower - 1;
    let upper = upperFrom;
    for (let s = n - 1; s >= 0; s--) {
      const i = order[s]!;
      while (upper - upperFrom >= 2 && cross(stack[upper - 2]!, stack[upper - 1]!, i) <= 0) upper--;
      stack[upper++] = i;
    }
    m = upper - 1;
  }
  const x = new Float32Array(m);
  const y = new Float32Array(m);
  for (let h = 0; h < m; h++) {
    const i = stack[h]!;
    x[h] = xs[i]!;
    y[h] = ys[i]!;
  }
  return withEdgeNormals(x, y);
}

/**
 * Whether (x, y) lies inside the hull or within `margin` pixels of it. For a convex polygon in
 * consistent winding, the point is inside when it is on the inner side of every edge.
 */
export function nearHull(hull: Hull, x: number, y: number, margin: number): boolean {
  const n = hull.x.length;
  if (n < 3) return false;
  const { normalX, normalY, offset } = hull;
  for (let i = 0; i < n; i++) if (normalX[i]! * x + normalY[i]! * y - offset[i]! > margin) return false;
  return true;
}

/** The hull with, per edge i (from vertex i − 1 to i), its unit normal and offset. */
function withEdgeNormals(x: Float32Array, y: Float32Array): Hull {
  const m = x.length;
  const normalX = new Float32Array(m);
  const normalY = new Float32Array(m);
  const offset = new Float32Array(m);
  for (let i = 0, j = m - 1; i < m; j = i++) {
    const ex = x[i]! - x[j]!;
    const ey = y[i]! - y[j]!;
    const length = Math.hypot(ex, ey) || 1;
    normalX[i] = ey / length;
    normalY[i] = -ex / length;
    offset[i] = (x[j]! * ey - y[j]! * ex) / length;
  }
  return { x, y, normalX, normalY, offset };
}
