import { type FingerShape, fingerHeight, fingerTop } from './finger-shape.js';
import { IMPRESSION } from './parameters.js';
import { SeededRandom } from './random.js';

/**
 * Creases and scars: thin lines where the skin does not touch, mostly across the finger.
 * They belong to the finger (drawn from the master's seed), so every impression shows them.
 * Each line is n·p = offset (unit normal n), with a half width and a strength in [0, 1].
 */
export interface SkinLine {
  normalX: number;
  normalY: number;
  offset: number;
  halfWidth: number;
  strength: number;
  /** Extent along the line (coordinate −n_y·x + n_x·y); unbounded when absent. */
  from?: number;
  to?: number;
}

export function drawCreases(seed: number, shape: FingerShape, scars = 0): SkinLine[] {
  const random = new SeededRandom(seed, 2);
  const count = random.int(0, IMPRESSION.creases.max);
  const lines: SkinLine[] = [];
  for (let i = 0; i < count; i++) {
    const x = shape.centerX + random.uniform(-0.3, 0.3) * (shape.leftHalfWidth + shape.rightHalfWidth);
    const y = fingerTop(shape) + random.uniform(0.35, 0.95) * fingerHeight(shape);
    const angle = random.uniform(-0.5, 0.5) + Math.PI / 2;
    lines.push(skinLine(x, y, angle, random.uniform(0.8, 2.2), random.uniform(0.5, 0.95)));
  }
  // Scars: short, wide segments at any angle, where no ridge prints at all.
  for (let i = 0; i < scars; i++) {
    const x = shape.centerX + random.uniform(-0.3, 0.3) * (shape.leftHalfWidth + shape.rightHalfWidth);
    const y = fingerTop(shape) + random.uniform(0.2, 0.8) * fingerHeight(shape);
    const line = skinLine(x, y, random.uniform(0, Math.PI), random.uniform(2.5, 4.5), random.uniform(0.85, 1));
    const middle = -line.normalY * x + line.normalX * y;
    const half = random.uniform(25, 70);
    lines.push({ ...line, from: middle - half, to: middle + half });
  }
  return lines;
}

/** A line through (x, y) whose normal points at `normalAngle`. */
export function skinLine(x: number, y: number, normalAngle: number, halfWidth: number, strength: number): SkinLine {
  const normalX = Math.cos(normalAngle);
  const normalY = Math.sin(normalAngle);
  return { normalX, normalY, offset: normalX * x + normalY * y, halfWidth, strength };
}

/** How much ink the lines leave at (x, y): 1 = untouched, 0 = fully erased. */
export function lineInkFactor(lines: readonly SkinLine[], x: number, y: number): number {
  let factor = 1;
  for (const line of lines) {
    if (line.from !== undefined) {
      const along = -line.normalY * x + line.normalX * y;
      if (along < line.from || along > line.to!) continue;
    }
    const d = Math.abs(line.normalX * x + line.normalY * y - line.offset);
    if (d < line.halfWidth + 1) factor *= 1 - line.strength * Math.min(1, line.halfWidth + 1 - d);
  }
  return factor;
}
