import { IMPRESSION } from './parameters.js';
import type { SeededRandom } from './random.js';

/**
 * Cappelli–Maio–Maltoni plastic distortion of skin pressed on a flat sensor. Inside the
 * close-contact region the skin does not slip; outside the transition band it moves as a
 * rigid body (a shift and a twist, the pull of the finger); in between, a brake function
 * μ(d) = (1 − cos(π d / K)) / 2 blends the two. Master canvas pixels at 500 ppi.
 */
export interface PlasticDistortion {
  centerX: number;
  centerY: number;
  closeContactRadius: number;
  transitionWidth: number;
  shiftX: number;
  shiftY: number;
  twist: number;
}

export function drawPlasticDistortion(random: SeededRandom, centerX: number, centerY: number): PlasticDistortion {
  const closeContactRadius = random.range(IMPRESSION.contactRadius);
  const transitionWidth = random.range(IMPRESSION.transitionWidth);
  let shiftX = random.normal() * IMPRESSION.distortionShift;
  let shiftY = random.normal() * IMPRESSION.distortionShift;
  // Skin stretches, it does not fold: keep the shift small against the transition band.
  const limit = IMPRESSION.maxShiftPerTransition * transitionWidth;
  const shift = Math.hypot(shiftX, shiftY);
  if (shift > limit) {
    shiftX *= limit / shift;
    shiftY *= limit / shift;
  }
  const twist = (random.uniform(-1, 1) * IMPRESSION.distortionTwistDeg * Math.PI) / 180;
  return { centerX, centerY, closeContactRadius, transitionWidth, shiftX, shiftY, twist };
}

/** Displacement the distortion adds at master point (x, y). */
function displacement(d: PlasticDistortion, x: number, y: number, out: Float64Array): void {
  const rx = x - d.centerX;
  const ry = y - d.centerY;
  const beyond = Math.sqrt(rx * rx + ry * ry) - d.closeContactRadius;
  if (beyond <= 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  const brake = beyond >= d.transitionWidth ? 1 : (1 - Math.cos((Math.PI * beyond) / d.transitionWidth)) / 2;
  const c = Math.cos(d.twist);
  const s = Math.sin(d.twist);
  out[0] = brake * (c * rx - s * ry - rx + d.shiftX);
  out[1] = brake * (s * rx + c * ry - ry + d.shiftY);
}

const scratch = new Float64Array(2);

/** Master point → where it lands on the pressed skin. */
export function distort(d: PlasticDistortion, x: number, y: number, out: Float64Array): void {
  displacement(d, x, y, scratch);
  out[0] = x + scratch[0]!;
  out[1] = y + scratch[1]!;
}

/** Pressed-skin point → master point, by fixed-point iteration (the map is a small, smooth perturbation). */
export function undistort(d: PlasticDistortion, x: number, y: number, out: Float64Array): void {
  let mx = x;
  let my = y;
  for (let i = 0; i < 40; i++) {
    displacement(d, mx, my, scratch);
    const nx = x - scratch[0]!;
    const ny = y - scratch[1]!;
    const change = Math.abs(nx - mx) + Math.abs(ny - my);
    mx = nx;
    my = ny;
    if (change < 0.005) break;
  }
  out[0] = mx;
  out[1] = my;
}
