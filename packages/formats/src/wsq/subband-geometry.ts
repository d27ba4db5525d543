import { SUBBAND_COUNT } from './constants.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One two-dimensional split of the decomposition: the region is filtered along rows (x) then along
 * columns (y) into four quadrants. A region that is high-pass in a direction has its spectrum mirrored,
 * so in that direction its split is "inverted": the high-pass half is stored first (left or top).
 */
export interface SplitStep {
  region: Rect;
  invertX: boolean;
  invertY: boolean;
}

export interface WsqGeometry {
  /** The 20 splits, parents before children (analysis order; synthesis runs it backwards). */
  splits: SplitStep[];
  /** Position and size of each of the 64 subbands in the coefficient plane. */
  subbands: Rect[];
}

interface Quadrant {
  rect: Rect;
  invertX: boolean;
  invertY: boolean;
}

/** Low-pass half gets ceil(n/2) samples, high-pass half floor(n/2); inversion swaps their places. */
function splitLength(n: number, invert: boolean): { first: number; second: number } {
  const low = (n + 1) >> 1;
  const high = n >> 1;
  return invert ? { first: high, second: low } : { first: low, second: high };
}

/** Quadrants in raster order: top-left, top-right, bottom-left, bottom-right. */
function quadrants(step: SplitStep): [Quadrant, Quadrant, Quadrant, Quadrant] {
  const { region: r, invertX, invertY } = step;
  const sx = splitLength(r.width, invertX);
  const sy = splitLength(r.height, invertY);
  // A child is high-pass in x when it sits in the high half; its own inversion flips the parent's.
  const leftHighX = invertX;
  const topHighY = invertY;
  const q = (right: boolean, bottom: boolean): Quadrant => ({
    rect: {
      x: right ? r.x + sx.first : r.x,
      y: bottom ? r.y + sy.first : r.y,
      width: right ? sx.second : sx.first,
      height: bottom ? sy.second : sy.first,
    },
    invertX: invertX !== (right ? !leftHighX : leftHighX),
    invertY: invertY !== (bottom ? !topHighY : topHighY),
  });
  return [q(false, false), q(true, false), q(false, true), q(true, true)];
}

/**
 * The fixed WSQ decomposition (spec figure of the 64 subbands). The image splits into four; the
 * top-left quarter is split again, and so on, with subbands numbered as the specification does.
 */
export function wsqGeometry(width: number, height: number): WsqGeometry {
  const splits: SplitStep[] = [];
  const subbands: Rect[] = new Array<Rect>(SUBBAND_COUNT);
  const step = (q: Quadrant): SplitStep => {
    const s: SplitStep = { region: q.rect, invertX: q.invertX, invertY: q.invertY };
    splits.push(s);
    return s;
  };
  /** Split a region once and record its four quadrants as subbands first..first+3. */
  const leaves = (q: Quadrant, first: number): void => {
    const parts = quadrants(step(q));
    for (let i = 0; i < 4; i++) subbands[first + i] = parts[i]!.rect;
  };

  const root = quadrants(step({ rect: { x: 0, y: 0, width, height }, invertX: false, invertY: false }));
  const [topLeft, topRight, bottomLeft, bottomRight] = root;
  const level2 = quadrants(step(topLeft));
  leaves(topRight, 52);
  leaves(bottomLeft, 56);
  // The bottom-right quarter is never coded; its four subbands are listed for completeness only.
  const unused = quadrants({ region: bottomRight.rect, invertX: bottomRight.invertX, invertY: bottomRight.invertY });
  for (let i = 0; i < 4; i++) subbands[60 + i] = unused[i]!.rect;

  const [l2TopLeft, l2TopRight, l2BottomLeft, l2BottomRight] = level2;
  subbands[51] = l2BottomRight.rect;
  const fromTopRight = quadrants(step(l2TopRight));
  const fromBottomLeft = quadrants(step(l2BottomLeft));
  for (let i = 0; i < 4; i++) leaves(fromTopRight[i]!, 19 + 4 * i);
  for (let i = 0; i < 4; i++) leaves(fromBottomLeft[i]!, 35 + 4 * i);

  const level3 = quadrants(step(l2TopLeft));
  const level4 = quadrants(step(level3[0]));
  for (let i = 1; i < 4; i++) leaves(level3[i]!, 3 + 4 * i);
  for (let i = 1; i < 4; i++) subbands[3 + i] = level4[i]!.rect;
  leaves(level4[0], 0);
  return { splits, subbands };
}
