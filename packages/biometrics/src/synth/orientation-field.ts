import type { FingerprintClass } from './fingerprint-class.js';
import type { FingerShape } from './finger-shape.js';
import { ORIENTATION } from './parameters.js';
import type { SeededRandom } from './random.js';
import type { SingularPoint } from './singular-points.js';
import { SmoothField } from './smooth-field.js';

/**
 * Ridge orientation per pixel of the ridge map, radians in [0, π), measured from +x towards +y of the image
 * (y downwards), i.e. the ridge runs along (cos θ, sin θ).
 */
export interface OrientationField {
  width: number;
  height: number;
  angle: Float32Array;
}

/**
 * Sherlock–Monro zero-pole model: each core turns the field by +½ of the angle around it,
 * each delta by −½. The Vizcaya–Gerhardt correction replaces the angle around each singular
 * point by a random piecewise-linear function of it, so loops and whorls get the varied,
 * non-symmetric shapes of real fingers; a smooth low-frequency perturbation is added on top.
 * Arches have no singular point: their ridges follow a smooth bulge towards the fingertip.
 */
export function buildOrientationField(
  random: SeededRandom,
  fingerClass: FingerprintClass,
  shape: FingerShape,
  singular: readonly SingularPoint[],
  width: number,
  height: number,
  /** Raster pixels per 500-ppi pixel: the model is defined in 500-ppi master coordinates. */
  scale: number,
  /** Grid step (raster px) on which the model is evaluated, then interpolated. */
  step: number,
  /** When given, only these pixels get an angle (the others stay 0): saves work on big margins. */
  only?: Uint8Array,
): OrientationField {
  const corrections = singular.map(() => drawCorrection(random));
  // Shape each core as a hairpin: the field turns slowly near the loop's opening (the two arms
  // stay parallel) and quickly on its closed side. The opening is where the field is radial.
  const linear = (i: number, x: number, y: number) => {
    const p = singular[i]!;
    const alpha = corrections[i]!(Math.atan2(y - p.y, x - p.x));
    return p.kind === 'core' ? alpha / 2 : -alpha / 2;
  };
  const shaping = singular.map((p, i) => {
    if (p.kind !== 'core') return (alpha: number) => alpha;
    let others = 0;
    for (let j = 0; j < singular.length; j++) if (j !== i) others += linear(j, p.x, p.y);
    const opening = wrapAngle(2 * others);
    const exponent = random.range(ORIENTATION.coreHairpinExponent);
    return (alpha: number) => {
      const beta = wrapAngle(alpha - opening);
      return opening + Math.sign(beta) * Math.PI * Math.pow(Math.abs(beta) / Math.PI, exponent);
    };
  });
  const perturbation = new SmoothField(random, ORIENTATION.perturbationWaves, ORIENTATION.perturbationWavelength);
  const archSlope = random.range(ORIENTATION.archSlope);
  const archMiddle = shape.straightTop + random.uniform(-0.1, 0.25) * shape.topArc;
  const archSpan = shape.topArc + (shape.straightBottom - shape.straightTop);
  const halfWidth = (shape.leftHalfWidth + shape.rightHalfWidth) / 2;

  const modelAngle = (x: number, y: number): number => {
    let theta = 0;
    if (fingerClass === 'arch') {
      const s = archSlope * Math.max(0, 1 - Math.abs(y - archMiddle) / archSpan);
      theta = Math.atan(s * Math.sin((Math.PI * (x - shape.centerX)) / (2.2 * halfWidth)));
    } else {
      for (let i = 0; i < singular.length; i++) {
        const p = singular[i]!;
        const alpha = corrections[i]!(wrapAngle(shaping[i]!(Math.atan2(y - p.y, x - p.x))));
        theta += p.kind === 'core' ? alpha / 2 : -alpha / 2;
      }
    }
    return theta + ORIENTATION.perturbationAmplitude * perturbation.at(x, y);
  };

  // Evaluate on a coarse grid as doubled-angle vectors, then interpolate per pixel.
  const gw = Math.ceil(width / step) + 2;
  const gh = Math.ceil(height / step) + 2;
  // Column and weight of each x, the same for every row.
  const column = new Int32Array(width);
  const columnWeight = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const fx = x / step;
    column[x] = Math.floor(fx);
    columnWeight[x] = fx - column[x]!;
  }
  // With `only`, the model is evaluated only at grid nodes some wanted pixel interpolates from.
  let needed: Uint8Array | undefined;
  if (only) {
    needed = new Uint8Array(gw * gh);
    for (let y = 0; y < height; y++) {
      const k0 = Math.floor(y / step) * gw;
      for (let x = 0, src = y * width; x < width; x++, src++) {
        if (!only[src]) continue;
        const k = k0 + column[x]!;
        needed[k] = needed[k + 1] = needed[k + gw] = needed[k + gw + 1] = 1;
      }
    }
  }
  const gc = new Float64Array(gw * gh);
  const gs = new Float64Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      if (needed && !needed[j * gw + i]) continue;
      const t = 2 * modelAngle((i * step) / scale, (j * step) / scale);
      gc[j * gw + i] = Math.cos(t);
      gs[j * gw + i] = Math.sin(t);
    }
  }
  const angle = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = y / step;
    const j = Math.floor(fy);
    const wy = fy - j;
    for (let x = 0; x < width; x++) {
      if (only && !only[y * width + x]) continue;
      const i = column[x]!;
      const wx = columnWeight[x]!;
      const k = j * gw + i;
      const c = (gc[k]! * (1 - wx) + gc[k + 1]! * wx) * (1 - wy) + (gc[k + gw]! * (1 - wx) + gc[k + gw + 1]! * wx) * wy;
      const s = (gs[k]! * (1 - wx) + gs[k + 1]! * wx) * (1 - wy) + (gs[k + gw]! * (1 - wx) + gs[k + gw + 1]! * wx) * wy;
      let a = Math.atan2(s, c) / 2;
      if (a < 0) a += Math.PI;
      angle[y * width + x] = a;
    }
  }
  return { width, height, angle };
}

/** Vizcaya–Gerhardt: α ↦ g(α), piecewise linear through jittered control points, g(±π) = ±π. */
function drawCorrection(random: SeededRandom): (alpha: number) => number {
  const n = ORIENTATION.correctionPoints;
  const jitter = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) jitter[i] = random.uniform(-1, 1) * ORIENTATION.correctionJitter;
  jitter[n] = jitter[0]!;
  const span = (2 * Math.PI) / n;
  return (alpha: number) => {
    const f = (alpha + Math.PI) / span;
    const i = Math.min(n - 1, Math.max(0, Math.floor(f)));
    const w = f - i;
    return alpha + jitter[i]! * (1 - w) + jitter[i + 1]! * w;
  };
}

function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}
