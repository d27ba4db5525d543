import { FREQUENCY } from './parameters.js';
import type { SeededRandom } from './random.js';
import type { SingularPoint } from './singular-points.js';
import { SmoothField } from './smooth-field.js';

/**
 * Ridge period per pixel of the ridge map, in its pixels (meanPeriod: px at 500 ppi): a per-finger mean, a smooth variation over the
 * finger, and wider spacing around cores and deltas, as on real fingers.
 */
export interface RidgePeriodMap {
  width: number;
  height: number;
  meanPeriod: number;
  period: Float32Array;
}

export function buildRidgePeriodMap(
  random: SeededRandom,
  singular: readonly SingularPoint[],
  width: number,
  height: number,
  /** Raster pixels per 500-ppi pixel. */
  scale: number,
  /** Cell (raster px) over which the period is held: it varies over tens of pixels. */
  step = 4,
): RidgePeriodMap {
  const meanPeriod = random.range(FREQUENCY.meanPeriod);
  const variation = new SmoothField(random, 4, FREQUENCY.variationWavelength);
  const r2 = 2 * FREQUENCY.singularRadius * FREQUENCY.singularRadius;
  const period = new Float32Array(width * height);
  // Smooth: evaluate every `step` pixels and hold within the cell (the filter bank quantises anyway).
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      let widening = 0;
      for (const p of singular) {
        const dx = x / scale - p.x;
        const dy = y / scale - p.y;
        widening += Math.exp(-(dx * dx + dy * dy) / r2);
      }
      const value = scale * meanPeriod * (1 + FREQUENCY.variation * variation.at(x / scale, y / scale)) * (1 + FREQUENCY.singularWidening * Math.min(1, widening));
      for (let yy = y; yy < Math.min(height, y + step); yy++) {
        for (let xx = x; xx < Math.min(width, x + step); xx++) period[yy * width + xx] = value;
      }
    }
  }
  return { width, height, meanPeriod, period };
}
