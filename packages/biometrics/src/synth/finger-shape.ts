import { MASTER, PX_PER_MM } from './parameters.js';
import type { SeededRandom } from './random.js';

/**
 * The fingertip silhouette, SFinGe style: a central rectangle closed above by two quarter
 * ellipses (the rounded tip) and below by two flatter ones (towards the first crease).
 * Pixels at 500 ppi, in master canvas coordinates.
 */
export interface FingerShape {
  centerX: number;
  /** Top and bottom of the straight part. */
  straightTop: number;
  straightBottom: number;
  leftHalfWidth: number;
  rightHalfWidth: number;
  topArc: number;
  bottomArc: number;
}

export function drawFingerShape(random: SeededRandom, width: number, height: number): FingerShape {
  const mm = (r: { min: number; max: number }) => random.range(r) * PX_PER_MM;
  const maxHalf = width / 2 - 8;
  const leftHalfWidth = Math.min(maxHalf, mm(MASTER.halfWidthMm));
  const rightHalfWidth = Math.min(maxHalf, leftHalfWidth * random.uniform(0.92, 1.08));
  let topArc = mm(MASTER.topArcMm);
  let straight = mm(MASTER.straightMm);
  let bottomArc = mm(MASTER.bottomArcMm);
  const fit = Math.min(1, (height - 16) / (topArc + straight + bottomArc));
  topArc *= fit;
  straight *= fit;
  bottomArc *= fit;
  const top = (height - (topArc + straight + bottomArc)) / 2;
  return {
    centerX: width / 2,
    straightTop: top + topArc,
    straightBottom: top + topArc + straight,
    leftHalfWidth,
    rightHalfWidth: Math.min(maxHalf, rightHalfWidth),
    topArc,
    bottomArc,
  };
}

export function fingerTop(shape: FingerShape): number {
  return shape.straightTop - shape.topArc;
}

export function fingerHeight(shape: FingerShape): number {
  return shape.topArc + (shape.straightBottom - shape.straightTop) + shape.bottomArc;
}

/**
 * Normalised radius of a point in the silhouette: < 1 inside, 1 on the border, > 1 outside.
 * Smooth enough to fade ridges at the border.
 */
export function shapeRadius(shape: FingerShape, x: number, y: number): number {
  const dx = x - shape.centerX;
  const u = dx / (dx < 0 ? shape.leftHalfWidth : shape.rightHalfWidth);
  if (y < shape.straightTop) {
    const v = (y - shape.straightTop) / shape.topArc;
    return Math.sqrt(u * u + v * v);
  }
  if (y > shape.straightBottom) {
    const v = (y - shape.straightBottom) / shape.bottomArc;
    return Math.sqrt(u * u + v * v);
  }
  return Math.abs(u);
}

/**
 * The run of raster pixels of row `row` (raster scale `scale` per 500-ppi pixel) whose centre
 * has shapeRadius < limit, clipped to [0, width): [first, last], or undefined when empty.
 * The same pixels as testing each one, found by bisection on both sides of the centre line
 * (the radius grows monotonically away from it).
 */
export function shapeRowSpan(shape: FingerShape, row: number, scale: number, width: number, limit: number): [number, number] | undefined {
  const y = row / scale;
  const inside = (x: number) => shapeRadius(shape, x / scale, y) < limit;
  const centre = Math.min(width - 1, Math.max(0, Math.round(shape.centerX * scale)));
  if (!inside(centre)) return undefined;
  // Leftmost inside pixel: inside(lo) false or lo = −1, inside(hi) true.
  let lo = -1;
  let hi = centre;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (inside(mid)) hi = mid;
    else lo = mid;
  }
  const first = hi;
  lo = centre;
  hi = width;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (inside(mid)) lo = mid;
    else hi = mid;
  }
  return [first, lo];
}
