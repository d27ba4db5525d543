import { type FingerShape, drawFingerShape, shapeRowSpan } from './finger-shape.js';
import { type FingerprintClass, drawFingerprintClass, parseFingerprintClass } from './fingerprint-class.js';
import { type OrientationField, buildOrientationField } from './orientation-field.js';
import { GROWTH, MASTER, PX_PER_MM, RENDER_GROWTH, TEMPLATE_MASTER } from './parameters.js';
import { SeededRandom } from './random.js';
import { buildRidgePeriodMap } from './ridge-frequency.js';
import { growRidges } from './ridge-growth.js';
import { type SingularPoint, drawSingularPoints } from './singular-points.js';
import { SynthError, assertCount, assertSeed } from './synth-error.js';

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
  /**
   * 'image' (default): the ridge map at MASTER.ridgeScale, grown to convergence, for rendered
   * impressions. 'template': at TEMPLATE_MASTER.ridgeScale, grown in a few iterations from
   * seeds planted over their cells — about a fifth of the work, for template-only galleries
   * (it still renders, more coarsely).
   */
  raster?: 'image' | 'template';
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
  const forTemplates = options.raster === 'template';
  if (options.raster !== undefined && !forTemplates && options.raster !== 'image') {
    throw new SynthError('BAD_RASTER', 'raster', `must be 'image' or 'template' (got ${String(options.raster)})`);
  }
  const scale = forTemplates ? TEMPLATE_MASTER.ridgeScale : MASTER.ridgeScale;
  const ridgeWidth = Math.round(width * scale);
  const ridgeHeight = Math.round(height * scale);
  const active = new Uint8Array(ridgeWidth * ridgeHeight);
  const limit = 1 + (forTemplates ? TEMPLATE_MASTER.margin : GROWTH.margin) / Math.min(plan.shape.leftHalfWidth, plan.shape.bottomArc * 2);
  let area = 0;
  for (let y = 0; y < ridgeHeight; y++) {
    const span = shapeRowSpan(plan.shape, y, scale, ridgeWidth, limit);
    if (!span) continue;
    active.fill(1, y * ridgeWidth + span[0], y * ridgeWidth + span[1] + 1);
    area += span[1] - span[0] + 1;
  }
  const orientation = buildOrientationField(random, plan.fingerClass, plan.shape, plan.singularPoints, ridgeWidth, ridgeHeight, scale,
    forTemplates ? TEMPLATE_MASTER.orientationCell : MASTER.orientationCell, forTemplates ? active : undefined);
  const period = buildRidgePeriodMap(random, plan.singularPoints, ridgeWidth, ridgeHeight, scale, forTemplates ? TEMPLATE_MASTER.periodCell : MASTER.periodCell);
  const pxPerMm = PX_PER_MM * scale;
  const seeds = Math.max(1, Math.round((GROWTH.seedsPerMm2 * area) / (pxPerMm * pxPerMm)));
  const grown = growRidges(random, orientation, period, active, seeds, forTemplates ? TEMPLATE_MASTER.growth : RENDER_GROWTH);
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
