import { type FingerShape, shapeRadius } from './finger-shape.js';
import { IMPRESSION } from './parameters.js';
import type { SeededRandom } from './random.js';

/**
 * The part of the fingertip that touches the sensor in one impression: an ellipse with a
 * rough border, off-centre, intersected with the finger silhouette. Master canvas pixels.
 */
export interface ContactArea {
  shape: FingerShape;
  centerX: number;
  centerY: number;
  halfWidth: number;
  halfHeight: number;
  /** Border roughness: amplitudes and phases of a few angular harmonics. */
  harmonics: { amplitude: number; phase: number; order: number }[];
}

export function drawContactArea(random: SeededRandom, shape: FingerShape): ContactArea {
  const width = shape.leftHalfWidth + shape.rightHalfWidth;
  const height = shape.straightBottom - shape.straightTop + shape.topArc + shape.bottomArc;
  const top = shape.straightTop - shape.topArc;
  const scale = random.range(IMPRESSION.contactScale);
  return {
    shape,
    centerX: shape.centerX + random.uniform(-0.12, 0.12) * width,
    centerY: top + height * random.uniform(0.42, 0.58),
    halfWidth: (width / 2) * scale * random.uniform(0.9, 1.1),
    halfHeight: (height / 2) * scale * random.uniform(0.85, 1.05),
    harmonics: [2, 3, 4].map((order) => ({ order, amplitude: random.uniform(0, IMPRESSION.contactRoughness), phase: random.uniform(0, 2 * Math.PI) })),
  };
}

/** < 1 where the skin touches the sensor, 1 on the contact border, > 1 outside. */
export function contactRadius(area: ContactArea, x: number, y: number): number {
  const u = (x - area.centerX) / area.halfWidth;
  const v = (y - area.centerY) / area.halfHeight;
  let r = Math.sqrt(u * u + v * v);
  if (r > 0) {
    const angle = Math.atan2(v, u);
    let rough = 1;
    for (const h of area.harmonics) rough += h.amplitude * Math.cos(h.order * angle + h.phase);
    r /= rough;
  }
  return Math.max(r, shapeRadius(area.shape, x, y));
}
