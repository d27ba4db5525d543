/** Angle helpers; angles are radians, counter-clockwise as seen on screen (ISO 19794-2). */
export const TWO_PI = 2 * Math.PI;

/** The angle brought into [0, 2π). */
export function normaliseAngle(a: number): number {
  // Within (−2π, 2π) the remainder is the angle itself: skip the costly fmod (the same result).
  const r = a < TWO_PI && a > -TWO_PI ? a : a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** Smallest absolute difference between two angles, in [0, π]. */
export function angleDistance(a: number, b: number): number {
  const difference = Math.abs(a - b);
  const d = difference < TWO_PI ? difference : difference % TWO_PI;
  return d > Math.PI ? TWO_PI - d : d;
}

/** Direction of the vector from (x1, y1) to (x2, y2) in image coordinates (y downwards). */
export function vectorAngle(x1: number, y1: number, x2: number, y2: number): number {
  return normaliseAngle(Math.atan2(y1 - y2, x2 - x1));
}
