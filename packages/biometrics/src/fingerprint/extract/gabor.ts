import type { FloatImage } from './grid.js';
import type { ExtractionParameters } from './parameters.js';

/**
 * Contextual enhancement with an oriented Gabor filter tuned to the local ridge orientation and
 * period (Hong, Wan & Jain 1998). The even Gabor kernel is separable in the ridge's own frame —
 * a Gaussian along the ridge times a cosine-modulated Gaussian across it — so it runs as two 1-D
 * passes over oriented pixel lines: ~40 taps per pixel instead of ~400. The filter bank is
 * precomputed per quantised orientation and period.
 */
export interface GaborBank {
  orientations: number;
  periods: Float32Array;
  /** Per filter (orientation-major): pixel offsets dx, dy and weights of the along-ridge pass. */
  along: OrientedKernel[];
  /** Per filter: the across-ridge (cosine-modulated, zero-mean) pass. */
  across: OrientedKernel[];
}

export interface OrientedKernel {
  dx: Int32Array;
  dy: Int32Array;
  weight: Float32Array;
}

export function buildGaborBank(p: ExtractionParameters): GaborBank {
  const periodCount = Math.floor((p.maxRidgePeriod - p.minRidgePeriod) / p.gaborPeriodStep) + 1;
  const periods = new Float32Array(periodCount);
  for (let i = 0; i < periodCount; i++) periods[i] = p.minRidgePeriod + i * p.gaborPeriodStep;
  const along: OrientedKernel[] = [];
  const across: OrientedKernel[] = [];
  for (let o = 0; o < p.gaborOrientations; o++) {
    const angle = (o * Math.PI) / p.gaborOrientations;
    const tx = Math.cos(angle);
    const ty = Math.sin(angle);
    for (const period of periods) {
      along.push(lineKernel(tx, ty, p.gaborSigmaAlongPerPeriod * period, p.gaborExtentSigmas, () => 1, false));
      across.push(lineKernel(-ty, tx, p.gaborSigmaAcrossPerPeriod * period, p.gaborExtentSigmas, (u) => Math.cos((2 * Math.PI * u) / period), true));
    }
  }
  return { orientations: p.gaborOrientations, periods, along, across };
}

/** Taps on the pixel line through the origin along (ux, uy), weighted by their true projection on it. */
function lineKernel(ux: number, uy: number, sigma: number, extentSigmas: number, modulation: (u: number) => number, zeroMean: boolean): OrientedKernel {
  const radius = Math.max(1, Math.round(extentSigmas * sigma));
  const size = 2 * radius + 1;
  const dx = new Int32Array(size);
  const dy = new Int32Array(size);
  const weight = new Float32Array(size);
  const envelope = new Float32Array(size);
  for (let t = -radius; t <= radius; t++) {
    const x = Math.round(t * ux);
    const y = Math.round(t * uy);
    const u = x * ux + y * uy;
    const k = t + radius;
    dx[k] = x;
    dy[k] = y;
    envelope[k] = Math.exp((-u * u) / (2 * sigma * sigma));
    weight[k] = envelope[k]! * modulation(u);
  }
  let sum = 0;
  let envelopeSum = 0;
  for (let k = 0; k < size; k++) {
    sum += weight[k]!;
    envelopeSum += envelope[k]!;
  }
  if (zeroMean) {
    // remove the DC response so flat areas give 0 whatever their grey level
    for (let k = 0; k < size; k++) weight[k] = weight[k]! - (envelope[k]! * sum) / envelopeSum;
    let energy = 0;
    for (let k = 0; k < size; k++) energy += Math.abs(weight[k]!);
    for (let k = 0; k < size; k++) weight[k] = (2 * weight[k]!) / energy;
  } else {
    for (let k = 0; k < size; k++) weight[k] = weight[k]! / sum;
  }
  return { dx, dy, weight };
}

/**
 * Applies the bank: `orientation` (ridge angle in [0, π), image coordinates) and `period` per pixel
 * choose the filter. Only pixels with `mask` set are filtered (others are 0); the along-ridge pass
 * runs on every pixel the across pass may read.
 */
export function gaborEnhance(
  image: FloatImage,
  orientation: Float32Array,
  period: Float32Array,
  mask: Uint8Array,
  bank: GaborBank,
  p: ExtractionParameters,
  footprint: Uint8Array = gaborFootprint(mask, image.width, image.height, bank),
): FloatImage {
  const { width, height, data } = image;
  const n = width * height;
  const needed = footprint;
  // a filter is chosen only where a pass runs: elsewhere orientation and period are never read
  const filterIndex = new Int32Array(n);
  const periodCount = bank.periods.length;
  for (let i = 0; i < n; i++) {
    if (!needed[i]) continue;
    const o = Math.round((orientation[i]! / Math.PI) * bank.orientations) % bank.orientations;
    const f = Math.min(periodCount - 1, Math.max(0, Math.round((period[i]! - p.minRidgePeriod) / p.gaborPeriodStep)));
    filterIndex[i] = o * periodCount + f;
  }
  const smoothedAlong = new Float32Array(n);
  applyPass(data, smoothedAlong, width, height, filterIndex, bank.along, needed);
  const out = new Float32Array(n);
  applyPass(smoothedAlong, out, width, height, filterIndex, bank.across, mask);
  return { width, height, data: out };
}

/**
 * The pixels the along-ridge pass must cover: wherever the across pass of a foreground pixel may
 * read (the mask dilated by the across kernels' reach). Orientation and period matter only there.
 */
export function gaborFootprint(mask: Uint8Array, width: number, height: number, bank: GaborBank): Uint8Array {
  let reach = 0;
  for (const k of bank.across) reach = Math.max(reach, (k.weight.length - 1) >> 1);
  return dilateRows(mask, width, height, reach);
}

/** Square dilation of a pixel mask by `radius` (separable: rows then columns, running counts). */
function dilateRows(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const horizontal = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let count = 0;
    for (let x = 0; x < Math.min(radius, width); x++) count += mask[row + x]!;
    for (let x = 0; x < width; x++) {
      if (x + radius < width) count += mask[row + x + radius]!;
      if (x - radius - 1 >= 0) count -= mask[row + x - radius - 1]!;
      horizontal[row + x] = count > 0 ? 1 : 0;
    }
  }
  // the vertical running counts advance a whole row at a time (memory order), one count per column
  const out = new Uint8Array(mask.length);
  const count = new Int32Array(width);
  for (let y = 0; y < Math.min(radius, height); y++) for (let x = 0; x < width; x++) count[x]! += horizontal[y * width + x]!;
  for (let y = 0; y < height; y++) {
    if (y + radius < height) for (let x = 0, i = (y + radius) * width; x < width; x++) count[x]! += horizontal[i + x]!;
    if (y - radius - 1 >= 0) for (let x = 0, i = (y - radius - 1) * width; x < width; x++) count[x]! -= horizontal[i + x]!;
    for (let x = 0, i = y * width; x < width; x++) out[i + x] = count[x]! > 0 ? 1 : 0;
  }
  return out;
}

function applyPass(src: Float32Array, dst: Float32Array, width: number, height: number, filterIndex: Int32Array, kernels: OrientedKernel[], mask: Uint8Array): void {
  // Every kernel's taps in two flat arrays for this image width (pixel offsets, and the float32
  // weights held as the float64 they are multiplied as), computed once per pass.
  const start = new Int32Array(kernels.length + 1);
  for (let f = 0; f < kernels.length; f++) start[f + 1] = start[f]! + kernels[f]!.weight.length;
  const offsets = new Int32Array(start[kernels.length]!);
  const weights = new Float64Array(start[kernels.length]!);
  kernels.forEach((k, f) => {
    for (let t = 0; t < k.weight.length; t++) {
      offsets[start[f]! + t] = k.dy[t]! * width + k.dx[t]!;
      weights[start[f]! + t] = k.weight[t]!;
    }
  });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const f = filterIndex[i]!;
      const first = start[f]!;
      const end = start[f + 1]!;
      const radius = (end - first - 1) >> 1;
      let s = 0;
      if (x >= radius && y >= radius && x < width - radius && y < height - radius) {
        for (let t = first; t < end; t++) s += weights[t]! * src[i + offsets[t]!]!;
      } else {
        const kernel = kernels[f]!;
        const weight = kernel.weight;
        const size = weight.length;
        // near the image edge: clamp to the nearest pixel inside
        const { dx, dy } = kernel;
        for (let k = 0; k < size; k++) {
          const xx = Math.min(width - 1, Math.max(0, x + dx[k]!));
          const yy = Math.min(height - 1, Math.max(0, y + dy[k]!));
          s += weight[k]! * src[yy * width + xx]!;
        }
      }
      dst[i] = s;
    }
  }
}
