import { type ContactArea, drawContactArea } from './contact-area.js';
import type { MasterPlan } from './master-fingerprint.js';
import { IMPRESSION, MASTER, SYNTH_PPI } from './parameters.js';
import { type PlasticDistortion, distort, drawPlasticDistortion, undistort } from './plastic-distortion.js';
import { SeededRandom } from './random.js';
import { SynthError, assertCount } from './synth-error.js';

/** Size and resolution of an impression; pixel sizes default to the 500-ppi frame scaled to `ppi`. */
export interface ImpressionOptions {
  ppi?: number;
  width?: number;
  height?: number;
}

export interface ImpressionFrame {
  ppi: number;
  width: number;
  height: number;
}

/**
 * Everything one impression of a master draws at random: where and how the finger lies on
 * the sensor, how the skin distorts, what touches, how hard. Shared by the rendered image
 * and the template-only mode, so both describe the same impression.
 */
export interface ImpressionPlan {
  random: SeededRandom;
  frame: ImpressionFrame;
  rotation: number;
  translateX: number;
  translateY: number;
  distortion: PlasticDistortion;
  contact: ContactArea;
}

export function impressionFrame(options: ImpressionOptions = {}): ImpressionFrame {
  const ppi = options.ppi ?? IMPRESSION.ppi.default;
  if (typeof ppi !== 'number' || !Number.isFinite(ppi) || ppi < IMPRESSION.ppi.min || ppi > IMPRESSION.ppi.max) {
    throw new SynthError('BAD_RESOLUTION', 'ppi', `must be from ${IMPRESSION.ppi.min} to ${IMPRESSION.ppi.max} pixels per inch (got ${String(ppi)})`);
  }
  const scale = ppi / SYNTH_PPI;
  const width = options.width ?? Math.round(IMPRESSION.width * scale);
  const height = options.height ?? Math.round(IMPRESSION.height * scale);
  for (const [field, value] of [['width', width], ['height', height]] as const) {
    assertCount(value, field, 8192);
    if (value < 32) throw new SynthError('BAD_SIZE', field, `must be at least 32 pixels (got ${value})`);
  }
  return { ppi, width, height };
}

export function planImpression(master: MasterPlan, index: number, options: ImpressionOptions = {}): ImpressionPlan {
  assertCount(index, 'impression', 1_000_000);
  const frame = impressionFrame(options);
  const random = new SeededRandom(master.seed, 1000 + index);
  const rotation = (random.uniform(-1, 1) * IMPRESSION.maxRotationDeg * Math.PI) / 180;
  const translateX = random.uniform(-1, 1) * IMPRESSION.maxTranslation;
  const translateY = random.uniform(-1, 1) * IMPRESSION.maxTranslation;
  const contact = drawContactArea(random, master.shape);
  const distortion = drawPlasticDistortion(
    random,
    contact.centerX + random.uniform(-20, 20),
    contact.centerY + random.uniform(-20, 20),
  );
  return { random, frame, rotation, translateX, translateY, distortion, contact };
}

const point = new Float64Array(2);

/** Master point → impression pixel (at the frame's resolution). */
export function masterToImpression(plan: ImpressionPlan, x: number, y: number, out: Float64Array): void {
  distort(plan.distortion, x, y, point);
  const dx = point[0]! - MASTER.width / 2;
  const dy = point[1]! - MASTER.height / 2;
  const c = Math.cos(plan.rotation);
  const s = Math.sin(plan.rotation);
  const scale = plan.frame.ppi / SYNTH_PPI;
  out[0] = (c * dx - s * dy + plan.translateX) * scale + plan.frame.width / 2;
  out[1] = (s * dx + c * dy + plan.translateY) * scale + plan.frame.height / 2;
}

/** Impression pixel → master point. */
export function impressionToMaster(plan: ImpressionPlan, u: number, v: number, out: Float64Array): void {
  const scale = SYNTH_PPI / plan.frame.ppi;
  const px = (u - plan.frame.width / 2) * scale - plan.translateX;
  const py = (v - plan.frame.height / 2) * scale - plan.translateY;
  const c = Math.cos(plan.rotation);
  const s = Math.sin(plan.rotation);
  undistort(plan.distortion, c * px + s * py + MASTER.width / 2, -s * px + c * py + MASTER.height / 2, out);
}
