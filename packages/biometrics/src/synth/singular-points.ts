import type { FingerprintClass } from './fingerprint-class.js';
import { type FingerShape, fingerHeight, fingerTop } from './finger-shape.js';
import type { SeededRandom } from './random.js';

/** A core (loop, index +½) or a delta (index −½), in master canvas pixels. */
export interface SingularPoint {
  kind: 'core' | 'delta';
  x: number;
  y: number;
}

/**
 * Places cores and deltas for a class, where they sit on real fingers: the core a little above
 * the middle of the fingertip, deltas below it and to the side the loop does not open to.
 * A left loop (ridges enter and leave on the left of the image) has its delta on the right.
 * Arches have none (their field is analytic).
 */
export function drawSingularPoints(random: SeededRandom, fingerClass: FingerprintClass, shape: FingerShape): SingularPoint[] {
  const top = fingerTop(shape);
  const h = fingerHeight(shape);
  const w = shape.leftHalfWidth + shape.rightHalfWidth;
  const cx = shape.centerX + random.uniform(-0.05, 0.05) * w;
  const cy = top + random.uniform(0.36, 0.5) * h;
  switch (fingerClass) {
    case 'arch':
      return [];
    case 'tented-arch':
      return [
        { kind: 'core', x: cx, y: cy },
        { kind: 'delta', x: cx + random.uniform(-0.03, 0.03) * w, y: cy + random.uniform(0.1, 0.17) * h },
      ];
    case 'left-loop':
    case 'right-loop': {
      const side = fingerClass === 'left-loop' ? 1 : -1;
      const loopX = cx - side * random.uniform(0.0, 0.06) * w;
      return [
        { kind: 'core', x: loopX, y: cy },
        { kind: 'delta', x: loopX + side * random.uniform(0.24, 0.36) * w, y: cy + random.uniform(0.2, 0.3) * h },
      ];
    }
    case 'whorl': {
      const angle = random.uniform(-0.6, 0.6) + Math.PI / 2;
      const half = random.uniform(0.025, 0.065) * h;
      const dy = random.uniform(0.2, 0.28) * h;
      return [
        { kind: 'core', x: cx - half * Math.cos(angle), y: cy - half * Math.sin(angle) },
        { kind: 'core', x: cx + half * Math.cos(angle), y: cy + half * Math.sin(angle) },
        { kind: 'delta', x: cx - random.uniform(0.3, 0.4) * w, y: cy + dy + random.uniform(-0.04, 0.04) * h },
        { kind: 'delta', x: cx + random.uniform(0.3, 0.4) * w, y: cy + dy + random.uniform(-0.04, 0.04) * h },
      ];
    }
  }
}
