import { type FingerShape, drawFingerShape, shapeRadius } from './finger-shape.js';
import { type FingerprintClass, drawFingerprintClass, parseFingerprintClass } from './fingerprint-class.js';
import { type OrientationField, buildOrientationField } from './orientation-field.js';
import { GROWTH, MASTER, PX_PER_MM } from './parameters.js';
import { SeededRandom } from './random.js';
import { buildRidgePeriodMap } from './ridge-frequency.js';
import { growRidges } from './ridge-growth.js';
import { type SingularPoint, drawSingularPoints } from './singular-points.js';
import { assertCount, assertSeed } from './synth-error.js';

/** What a master's seed decides before any pixel is computed (cheap: used for statistics). */
export interface MasterPlan {
  seed: number;
  fingerClass: FingerprintClass;
  shape: FingerShape;
  singularPoints: SingularPoint[];
  /** Scars on the finger (each impression shows them). */
  scars: number;
}

/**
 * A master fingerprint: the finger's ridge pattern itself, before any contact with a sensor.
 * Impressions are taken from it. Pixels at 500 ppi.
 */
export interface MasterFingerprint extends MasterPlan {
  /** Canvas in 500-ppi pixels: shape, singular points and minutiae use these coordinates. */
  width: number;
  height: number;
  /** Ridge map raster: ridgeScale raster pixels per 500-ppi pixel. */
  ridgeScale: number;
  ridgeWidth: number;
  ridgeHeight: number;
  orientation: OrientationField;
  /** Mean ridge period, px at 500 ppi. */
  meanRidgePeriod: number;
  /** Ridge value per raster pixel in [−1, 1], ridge > 0; 0 outside the grown area. */
  ridges: Float32Array;
  growthIterations: number;
}

export interface MasterOptions {
  /** Force a class instead of drawing one with its natural frequency. */
  fingerClass?: FingerprintClass;
  /** Number of scars to give the finger (default 0). */
  scars?: number;
}

export function planMaster(seed: number, options: MasterOptions = {}): MasterPlan {
  assertSeed(seed);
  const random = new SeededRandom(seed, 0);
  const drawn = drawFingerprintClass(random);
  const fingerClass = options.fingerClass === undefined ? drawn : parseFingerprintClass(options.fingerClass);
  const shape = drawFingerShape(random, MASTER.width, MASTER.height);
  const singularPoints = drawSingularPoints(random, fingerClass, shape);
  const scars = options.scars ?? 0;
  assertCount(scars, 'scars', 10);
  return { seed, fingerClass, shape, singularPoints, scars };
}

export function createMasterFingerprint(seed: number, options: MasterOptions = {}): MasterFingerprint {
  const plan = planMaster(seed, options);
  const random = new SeededRandom(seed, 1);
  const { width, height } = MASTER;
  const scale = MASTER.ridgeScale;
  const ridgeWidth = Math.round(width * scale);
  const ridgeHeight = Math.round(height * scale);
  const orientation = buildOrientationField(random, plan.fingerClass, plan.shape, plan.singularPoints, ridgeWidth, ridgeHeight, scale);
  const period = buildRidgePeriodMap(random, plan.singularPoints, ridgeWidth, ridgeHeight, scale);
  const active = new Uint8Array(ridgeWidth * ridgeHeight);
  const limit = 1 + GROWTH.margin / Math.min(plan.shape.leftHalfWidth, plan.shape.bottomArc * 2);
  let area = 0;
  for (let y = 0; y < ridgeHeight; y++) {
    for (let x = 0; x < ridgeWidth; x++) {
      if (shapeRadius(plan.shape, x / scale, y / scale) < limit) {
        active[y * ridgeWidth + x] = 1;
        area++;
      }
    }
  }
  const pxPerMm = PX_PER_MM * scale;
  const seeds = Math.max(1, Math.round((GROWTH.seedsPerMm2 * area) / (pxPerMm * pxPerMm)));
  const grown = growRidges(random, orientation, period, active, seeds);
  return {
    ...plan,
    width,
    height,
    ridgeScale: scale,
    ridgeWidth,
    ridgeHeight,
    orientation,
    meanRidgePeriod: period.meanPeriod,
    ridges: grown.ridges,
    growthIterations: grown.iterations,
  };
}
