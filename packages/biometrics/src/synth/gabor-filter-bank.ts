import { FREQUENCY, GROWTH } from './parameters.js';

/**
 * The contextual filters that grow ridges: for every (orientation, period) bin an oriented
 * Gabor filter, split in two cheap 1-D passes — a band-pass across the ridges (Gaussian ×
 * cosine at the ridge period, zero mean) and a Gaussian smoothing along them. Taps are
 * sampled bilinearly and merged into index offsets of a padded image of the given stride.
 */
export interface GaborFilterBank {
  orientationBins: number;
  periodBins: number;
  /** Border (px) the padded image needs so no tap leaves it. */
  pad: number;
  /** Across-ridge kernel of bin (t, q) = t * periodBins + q: taps start..end in offsets/weights. */
  acrossStart: Int32Array;
  acrossOffsets: Int32Array;
  acrossWeights: Float32Array;
  /** Along-ridge kernel of orientation bin t. */
  alongStart: Int32Array;
  alongOffsets: Int32Array;
  alongWeights: Float32Array;
}

export function periodBin(period: number): number {
  const q = Math.round((period - FREQUENCY.binMin) / FREQUENCY.binStep);
  return q < 0 ? 0 : q >= FREQUENCY.bins ? FREQUENCY.bins - 1 : q;
}

export function orientationBin(angle: number): number {
  const n = GROWTH.orientationBins;
  const t = Math.round((angle / Math.PI) * n);
  return t >= n ? t - n : t < 0 ? t + n : t;
}

const cache = new Map<string, GaborFilterBank>();

/** The bank for a padded image of this stride; filter half-lengths in px of the ridge map. */
export function gaborFilterBank(stride: number, acrossRadius: number = GROWTH.acrossRadius, alongRadius: number = GROWTH.alongRadius): GaborFilterBank {
  const key = `${stride}:${acrossRadius}:${alongRadius}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const nt = GROWTH.orientationBins;
  const nq = FREQUENCY.bins;
  const pad = Math.max(acrossRadius, alongRadius) + 2;
  const across = new TapList();
  const acrossStart = new Int32Array(nt * nq + 1);
  for (let t = 0; t < nt; t++) {
    const theta = (t * Math.PI) / nt;
    const nx = -Math.sin(theta);
    const ny = Math.cos(theta);
    for (let q = 0; q < nq; q++) {
      const period = FREQUENCY.binMin + q * FREQUENCY.binStep;
      const sigma = GROWTH.acrossSigmaPeriods * period;
      const taps = new Map<number, number>();
      if (GROWTH.bilinearTaps) {
        const raw = bandPass(Array.from({ length: 2 * acrossRadius + 1 }, (_, i) => i - acrossRadius), sigma, period);
        raw.forEach((w, i) => splat(taps, (i - acrossRadius) * nx, (i - acrossRadius) * ny, w, stride));
      } else {
        // Nearest pixels along the normal, weighted by their exact projection on it, so every
        // orientation bin keeps unit gain at its period (else some orientations die out).
        const offsets: number[] = [];
        const projections: number[] = [];
        for (let k = -acrossRadius; k <= acrossRadius; k++) {
          const dx = Math.round(k * nx);
          const dy = Math.round(k * ny);
          offsets.push(dy * stride + dx);
          projections.push(dx * nx + dy * ny);
        }
        bandPass(projections, sigma, period).forEach((w, i) => taps.set(offsets[i]!, (taps.get(offsets[i]!) ?? 0) + w));
      }
      acrossStart[t * nq + q] = across.length;
      across.addAll(taps);
    }
  }
  acrossStart[nt * nq] = across.length;

  const along = new TapList();
  const alongStart = new Int32Array(nt + 1);
  for (let t = 0; t < nt; t++) {
    const theta = (t * Math.PI) / nt;
    const taps = new Map<number, number>();
    let sum = 0;
    for (let k = -alongRadius; k <= alongRadius; k++) sum += Math.exp((-k * k) / (2 * GROWTH.alongSigma ** 2));
    for (let k = -alongRadius; k <= alongRadius; k++) {
      const w = Math.exp((-k * k) / (2 * GROWTH.alongSigma ** 2)) / sum;
      const offset = Math.round(k * Math.sin(theta)) * stride + Math.round(k * Math.cos(theta));
      taps.set(offset, (taps.get(offset) ?? 0) + w);
    }
    alongStart[t] = along.length;
    along.addAll(taps);
  }
  alongStart[nt] = along.length;

  const bank: GaborFilterBank = {
    orientationBins: nt,
    periodBins: nq,
    pad,
    acrossStart,
    acrossOffsets: Int32Array.from(across.offsets),
    acrossWeights: Float32Array.from(across.weights),
    alongStart,
    alongOffsets: Int32Array.from(along.offsets),
    alongWeights: Float32Array.from(along.weights),
  };
  cache.set(key, bank);
  return bank;
}

function splat(taps: Map<number, number>, x: number, y: number, w: number, stride: number): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const add = (dx: number, dy: number, v: number) => {
    if (v === 0) return;
    const o = (y0 + dy) * stride + x0 + dx;
    taps.set(o, (taps.get(o) ?? 0) + v);
  };
  add(0, 0, w * (1 - fx) * (1 - fy));
  add(1, 0, w * fx * (1 - fy));
  add(0, 1, w * (1 - fx) * fy);
  add(1, 1, w * fx * fy);
}

class TapList {
  offsets: number[] = [];
  weights: number[] = [];
  get length(): number {
    return this.offsets.length;
  }
  addAll(taps: Map<number, number>): void {
    for (const [o, w] of taps) {
      if (Math.abs(w) < 1e-4) continue;
      this.offsets.push(o);
      this.weights.push(w);
    }
  }
}

/** Zero-mean Gabor band-pass weights at the given positions, with unit gain at `period`. */
function bandPass(positions: readonly number[], sigma: number, period: number): number[] {
  const gauss = positions.map((p) => Math.exp((-p * p) / (2 * sigma * sigma)));
  const cos = positions.map((p) => Math.cos((2 * Math.PI * p) / period));
  const mean = gauss.reduce((sum, g, i) => sum + g * cos[i]!, 0) / gauss.reduce((sum, g) => sum + g, 0);
  const raw = gauss.map((g, i) => g * (cos[i]! - mean));
  const response = raw.reduce((sum, w, i) => sum + w * cos[i]!, 0);
  return raw.map((w) => w / response);
}
