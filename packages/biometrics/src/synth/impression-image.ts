import { contactRadius } from './contact-area.js';
import { drawCreases, lineInkFactor, skinLine } from './creases.js';
import { type ImpressionOptions, impressionToMaster, planImpression } from './impression-plan.js';
import type { MasterFingerprint } from './master-fingerprint.js';
import { IMPRESSION } from './parameters.js';
import { SmoothField } from './smooth-field.js';

/** An 8-bit grey image, row by row, 0 = black; ridges are dark as on an optical sensor. */
export interface SyntheticImage {
  width: number;
  height: number;
  ppi: number;
  pixels: Uint8Array;
}

/**
 * Renders impression `index` of a master as a sensor would capture it: the master's ridges
 * seen through the placement and the skin distortion, limited to the contact area, thicker
 * or thinner with pressure, broken where the skin is dry, with creases, pores, scratches on
 * the sensor, a slight blur and sensor noise. Deterministic for (master seed, index, options).
 */
export function renderImpression(master: MasterFingerprint, index: number, options: ImpressionOptions = {}): SyntheticImage {
  const plan = planImpression(master, index, options);
  const { random, frame } = plan;
  const { width, height } = frame;
  const pressure = random.range(IMPRESSION.pressure);
  const pressureField = new SmoothField(random, 4, { min: 120, max: 300 });
  const background = random.range(IMPRESSION.background);
  const darkness = Math.min(background - 5, random.range(IMPRESSION.ridgeDarkness));
  const noise = random.range(IMPRESSION.sensorNoise);
  const dryness = IMPRESSION.dryness + Math.max(0, -pressure) * 0.9;
  const creases = drawCreases(master.seed, master.shape, master.scars);
  const scratches = Array.from({ length: random.int(0, IMPRESSION.scratches.max) }, () =>
    skinLine(random.uniform(0, width), random.uniform(0, height), random.uniform(0, Math.PI), random.uniform(0.4, 0.9), random.uniform(0.3, 0.8)),
  );

  // The geometry is smooth: map a coarse grid and interpolate.
  const step = IMPRESSION.distortionGridStep;
  const gw = Math.ceil(width / step) + 2;
  const gh = Math.ceil(height / step) + 2;
  const gx = new Float32Array(gw * gh);
  const gy = new Float32Array(gw * gh);
  const gContact = new Float32Array(gw * gh);
  const gPressure = new Float32Array(gw * gh);
  const m = new Float64Array(2);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      impressionToMaster(plan, i * step, j * step, m);
      const k = j * gw + i;
      gx[k] = m[0]!;
      gy[k] = m[1]!;
      gContact[k] = contactRadius(plan.contact, m[0]!, m[1]!);
      gPressure[k] = pressure + IMPRESSION.pressureVariation * pressureField.at(m[0]!, m[1]!);
    }
  }

  // Per-pixel noise from an inlined xorshift (seeded by the plan): the PRNG object is too slow here.
  let state = (random.next() * 4294967296) >>> 0 || 1;
  const noise01 = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const sigmoid = sigmoidTable();
  // Skin texture: blotches a few pixels wide (dry patches, sweat, pores) from a coarse noise grid.
  const bs = IMPRESSION.blotchSize;
  const bw = Math.ceil(width / bs) + 2;
  const blotches = new Float32Array(bw * (Math.ceil(height / bs) + 2));
  for (let i = 0; i < blotches.length; i++) blotches[i] = noise01() * 2 - 1;
  const ink = new Float32Array(width * height);
  const ridges = master.ridges;
  const mw = master.ridgeWidth;
  const mh = master.ridgeHeight;
  const rs = master.ridgeScale;
  for (let v = 0; v < height; v++) {
    const fy = v / step;
    const j = Math.floor(fy);
    const wy = fy - j;
    for (let u = 0; u < width; u++) {
      const fx = u / step;
      const i = Math.floor(fx);
      const wx = fx - i;
      const k = j * gw + i;
      const w00 = (1 - wx) * (1 - wy);
      const w10 = wx * (1 - wy);
      const w01 = (1 - wx) * wy;
      const w11 = wx * wy;
      const radius = gContact[k]! * w00 + gContact[k + 1]! * w10 + gContact[k + gw]! * w01 + gContact[k + gw + 1]! * w11;
      if (radius >= 1) continue;
      const x = gx[k]! * w00 + gx[k + 1]! * w10 + gx[k + gw]! * w01 + gx[k + gw + 1]! * w11;
      const y = gy[k]! * w00 + gy[k + 1]! * w10 + gy[k + gw]! * w01 + gy[k + gw + 1]! * w11;
      const press = gPressure[k]! * w00 + gPressure[k + 1]! * w10 + gPressure[k + gw]! * w01 + gPressure[k + gw + 1]! * w11;
      const ridge = sampleBilinear(ridges, mw, mh, x * rs, y * rs);
      // Towards the contact border the skin presses less: thinner, fainter ridges.
      const edge = radius > 0.8 ? (1 - radius) / 0.2 : 1;
      const bx = u / bs;
      const by = v / bs;
      const bi = Math.floor(bx);
      const bj = Math.floor(by);
      const bfx = bx - bi;
      const bfy = by - bj;
      const b = bj * bw + bi;
      const blotch =
        (blotches[b]! * (1 - bfx) + blotches[b + 1]! * bfx) * (1 - bfy) + (blotches[b + bw]! * (1 - bfx) + blotches[b + bw + 1]! * bfx) * bfy;
      const value = ridge + press - (1 - edge) * 0.6 + dryness * (blotch * 1.6 + (noise01() - 0.5) * 0.8);
      const t = Math.round((value + SIGMOID_RANGE) * SIGMOID_STEPS_PER_UNIT);
      let dark = t <= 0 ? sigmoid[0]! : t >= sigmoid.length ? sigmoid[sigmoid.length - 1]! : sigmoid[t]!;
      if (noise01() < IMPRESSION.poreShare) dark *= 0.35;
      dark *= edge * (0.55 + 0.45 * edge);
      if (creases.length) dark *= lineInkFactor(creases, x, y);
      ink[v * width + u] = dark;
    }
  }

  const pixels = new Uint8Array(width * height);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      // 3 × 3 binomial blur of the ink: the optics and the skin's softness.
      let sum = 4 * ink[v * width + u]!;
      const up = v > 0 ? (v - 1) * width : v * width;
      const down = v < height - 1 ? (v + 1) * width : v * width;
      const left = u > 0 ? u - 1 : u;
      const right = u < width - 1 ? u + 1 : u;
      sum += 2 * (ink[up + u]! + ink[down + u]! + ink[v * width + left]! + ink[v * width + right]!);
      sum += ink[up + left]! + ink[up + right]! + ink[down + left]! + ink[down + right]!;
      let dark = sum / 16;
      if (scratches.length) dark *= lineInkFactor(scratches, u, v);
      const grain = (noise01() + noise01() - 1) * 2.45 * noise;
      const grey = background - darkness * dark + grain;
      pixels[v * width + u] = grey < 0 ? 0 : grey > 255 ? 255 : Math.round(grey);
    }
  }
  return { width, height, ppi: frame.ppi, pixels };
}

const SIGMOID_RANGE = 4;
const SIGMOID_STEPS_PER_UNIT = 256;
let sigmoidCache: Float32Array | undefined;

/** Soft ridge/valley threshold, tabulated over value ∈ [−4, 4]. */
function sigmoidTable(): Float32Array {
  sigmoidCache ??= Float32Array.from({ length: 2 * SIGMOID_RANGE * SIGMOID_STEPS_PER_UNIT + 1 }, (_, i) => {
    const value = i / SIGMOID_STEPS_PER_UNIT - SIGMOID_RANGE;
    return 1 / (1 + Math.exp(-IMPRESSION.edgeSlope * value));
  });
  return sigmoidCache;
}

function sampleBilinear(data: Float32Array, width: number, height: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) return -1;
  const fx = x - x0;
  const fy = y - y0;
  const k = y0 * width + x0;
  return (data[k]! * (1 - fx) + data[k + 1]! * fx) * (1 - fy) + (data[k + width]! * (1 - fx) + data[k + width + 1]! * fx) * fy;
}
