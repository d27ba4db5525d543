import type { BlockGrid, FloatImage } from './grid.js';
import type { ExtractionParameters } from './parameters.js';
import { scratchFloat32, scratchUint8 } from './scratch.js';

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
  /** Per period bin: half-length of its across-ridge kernels (how far from a pixel that pass reads). */
  acrossRadius: Int32Array;
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
  const acrossRadius = new Int32Array(periodCount);
  across.forEach((k, filter) => {
    const f = filter % periodCount;
    acrossRadius[f] = Math.max(acrossRadius[f]!, (k.weight.length - 1) >> 1);
  });
  return { orientations: p.gaborOrientations, periods, along, across, acrossRadius };
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
 * Applies the bank: `filterIndex` (from chooseGaborFilters) gives each pixel's filter. Only pixels
 * with `mask` set are filtered (others are 0); the along-ridge pass runs on `alongRegion`, which must
 * cover every pixel the across pass of a masked pixel may read (see acrossReachBound).
 *
 * Taps beyond the image edge read the nearest pixel inside. Rather than clamping per tap, each pass
 * reads an image padded with copies of its edge pixels (as far as the longest kernel reaches): the
 * same values, with no edge cases in the loop.
 */
export function gaborEnhance(image: FloatImage, filterIndex: Int32Array, mask: Uint8Array, alongRegion: Uint8Array, bank: GaborBank): FloatImage {
  const { width, height, data } = image;
  let pad = 0;
  for (const k of [...bank.along, ...bank.across]) pad = Math.max(pad, (k.weight.length - 1) >> 1);
  const padded: PaddedImage = { width, height, pad, stride: width + 2 * pad, data: scratchFloat32('gabor.padded', (width + 2 * pad) * (height + 2 * pad)) };
  for (let y = 0; y < height; y++) padded.data.set(data.subarray(y * width, (y + 1) * width), (y + pad) * padded.stride + pad);
  replicateEdges(padded);
  const smoothedAlong: PaddedImage = { ...padded, data: scratchFloat32('gabor.smoothed-along', padded.data.length) };
  applyPass(padded, smoothedAlong.data, smoothedAlong.stride, pad * smoothedAlong.stride + pad, filterIndex, bank.along, alongRegion);
  replicateEdges(smoothedAlong);
  const out = scratchFloat32('gabor.enhanced', width * height);
  applyPass(smoothedAlong, out, width, 0, filterIndex, bank.across, mask);
  return { width, height, data: out };
}

/** An image inside a frame of `pad` pixels on every side; pixel (x, y) is at (y + pad)·stride + x + pad. */
interface PaddedImage {
  width: number;
  height: number;
  pad: number;
  stride: number;
  data: Float32Array;
}

/** Fills the frame with the nearest image pixel (corners with the corner pixel). */
function replicateEdges({ width, height, pad, stride, data }: PaddedImage): void {
  for (let y = pad; y < pad + height; y++) {
    const row = y * stride;
    data.fill(data[row + pad]!, row, row + pad);
    data.fill(data[row + pad + width - 1]!, row + pad + width, row + stride);
  }
  for (let y = 0; y < pad; y++) {
    data.copyWithin(y * stride, pad * stride, (pad + 1) * stride);
    data.copyWithin((pad + height + y) * stride, (pad + height - 1) * stride, (pad + height) * stride);
  }
}

/**
 * The square dilation by `radius` pixels of a block mask expanded to pixels (block (c, r) covers
 * x ∈ [c·size, (c+1)·size) ∩ image): exactly what a per-pixel dilation of the expanded mask gives,
 * built from runs since the mask only changes at block edges.
 */
export function dilateBlockMask(blockMask: Uint8Array, grid: BlockGrid, width: number, height: number, radius: number): Uint8Array {
  const { size, columns } = grid;
  const out = scratchUint8('gabor.along-region', width * height);
  const columnSet = new Uint8Array(columns);
  let previousFrom = -1;
  let previousTo = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const from = Math.floor(Math.max(0, y - radius) / size);
    const to = Math.floor(Math.min(height - 1, y + radius) / size);
    if (from === previousFrom && to === previousTo) {
      // the same block rows are in reach as for the row above: the same pixels are set
      out.copyWithin(row, row - width, row);
      continue;
    }
    previousFrom = from;
    previousTo = to;
    columnSet.fill(0);
    for (let r = from; r <= to; r++) for (let c = 0; c < columns; c++) columnSet[c]! |= blockMask[r * columns + c]!;
    for (let c = 0; c < columns; c++) {
      if (!columnSet[c]) continue;
      const first = Math.max(0, c * size - radius);
      const last = Math.min(width - 1, Math.min(width - 1, c * size + size - 1) + radius);
      out.fill(1, row + first, row + last + 1);
    }
  }
  return out;
}

/** A bank's taps flattened for one row stride: filter f's taps are start[f] … start[f + 1] − 1. */
interface FlatTaps {
  start: Int32Array;
  offsets: Int32Array;
  /** The float32 weights held as the float64 they are multiplied as. */
  weights: Float64Array;
}

const flatTapsCache = new WeakMap<OrientedKernel[], Map<number, FlatTaps>>();

function flatTaps(kernels: OrientedKernel[], stride: number): FlatTaps {
  let byStride = flatTapsCache.get(kernels);
  if (!byStride) flatTapsCache.set(kernels, (byStride = new Map()));
  let taps = byStride.get(stride);
  if (taps) return taps;
  const start = new Int32Array(kernels.length + 1);
  for (let f = 0; f < kernels.length; f++) start[f + 1] = start[f]! + kernels[f]!.weight.length;
  const offsets = new Int32Array(start[kernels.length]!);
  const weights = new Float64Array(start[kernels.length]!);
  kernels.forEach((k, f) => {
    for (let t = 0; t < k.weight.length; t++) {
      offsets[start[f]! + t] = k.dy[t]! * stride + k.dx[t]!;
      weights[start[f]! + t] = k.weight[t]!;
    }
  });
  taps = { start, offsets, weights };
  byStride.set(stride, taps);
  return taps;
}

/**
 * One pass of the bank over the pixels of `mask`: pixel (x, y) gets its filter's taps around it in
 * `src`, written to dst[dstOrigin + y·dstStride + x]. Each pixel's sum adds its taps in order; the
 * loops only interleave independent pixels (so the adds of one do not wait on the previous one's).
 */
function applyPass(src: PaddedImage, dst: Float32Array, dstStride: number, dstOrigin: number, filterIndex: Int32Array, kernels: OrientedKernel[], mask: Uint8Array): void {
  const { width, height, pad, stride } = src;
  const data = src.data;
  const { start, offsets, weights } = flatTaps(kernels, stride);
  // pixels left over from runs, filtered four at a time each with its own filter
  const leftover = new Int32Array(4);
  let leftoverCount = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const srcRow = (y + pad) * stride + pad;
    const dstRow = dstOrigin + y * dstStride;
    let x = 0;
    while (x < width) {
      if (!mask[row + x]) {
        x++;
        continue;
      }
      // a run of masked pixels sharing this filter: eight (then four) pixels share each tap's weight and offset
      const f = filterIndex[row + x]!;
      let runEnd = x + 1;
      while (runEnd < width && mask[row + runEnd] && filterIndex[row + runEnd] === f) runEnd++;
      const first = start[f]!;
      const end = start[f + 1]!;
      let j = x;
      for (; j + 7 < runEnd; j += 8) {
        const centre = srcRow + j;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let s4 = 0;
        let s5 = 0;
        let s6 = 0;
        let s7 = 0;
        for (let t = first; t < end; t++) {
          const w = weights[t]!;
          const at = centre + offsets[t]!;
          s0 += w * data[at]!;
          s1 += w * data[at + 1]!;
          s2 += w * data[at + 2]!;
          s3 += w * data[at + 3]!;
          s4 += w * data[at + 4]!;
          s5 += w * data[at + 5]!;
          s6 += w * data[at + 6]!;
          s7 += w * data[at + 7]!;
        }
        const to = dstRow + j;
        dst[to] = s0;
        dst[to + 1] = s1;
        dst[to + 2] = s2;
        dst[to + 3] = s3;
        dst[to + 4] = s4;
        dst[to + 5] = s5;
        dst[to + 6] = s6;
        dst[to + 7] = s7;
      }
      for (; j + 3 < runEnd; j += 4) {
        const centre = srcRow + j;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = first; t < end; t++) {
          const w = weights[t]!;
          const at = centre + offsets[t]!;
          s0 += w * data[at]!;
          s1 += w * data[at + 1]!;
          s2 += w * data[at + 2]!;
          s3 += w * data[at + 3]!;
        }
        const to = dstRow + j;
        dst[to] = s0;
        dst[to + 1] = s1;
        dst[to + 2] = s2;
        dst[to + 3] = s3;
      }
      for (; j < runEnd; j++) {
        leftover[leftoverCount++] = y * width + j;
        if (leftoverCount === 4) {
          filterFour(leftover, data, dst, width, pad, stride, dstStride, dstOrigin, filterIndex, start, offsets, weights);
          leftoverCount = 0;
        }
      }
      x = runEnd;
    }
  }
  for (let k = 0; k < leftoverCount; k++) {
    const i = leftover[k]!;
    const y = Math.floor(i / width);
    const x = i - y * width;
    const centre = (y + pad) * stride + pad + x;
    const f = filterIndex[i]!;
    let s = 0;
    for (let t = start[f]!; t < start[f + 1]!; t++) s += weights[t]! * data[centre + offsets[t]!]!;
    dst[dstOrigin + y * dstStride + x] = s;
  }
}

/** Four pixels (image indices), each with its own filter, filtered side by side. */
function filterFour(
  pixels: Int32Array,
  data: Float32Array,
  dst: Float32Array,
  width: number,
  pad: number,
  stride: number,
  dstStride: number,
  dstOrigin: number,
  filterIndex: Int32Array,
  start: Int32Array,
  offsets: Int32Array,
  weights: Float64Array,
): void {
  const i0 = pixels[0]!;
  const i1 = pixels[1]!;
  const i2 = pixels[2]!;
  const i3 = pixels[3]!;
  const y0 = Math.floor(i0 / width);
  const y1 = Math.floor(i1 / width);
  const y2 = Math.floor(i2 / width);
  const y3 = Math.floor(i3 / width);
  // each pixel's centre in the padded source
  const c0 = i0 + y0 * (stride - width) + pad * stride + pad;
  const c1 = i1 + y1 * (stride - width) + pad * stride + pad;
  const c2 = i2 + y2 * (stride - width) + pad * stride + pad;
  const c3 = i3 + y3 * (stride - width) + pad * stride + pad;
  const f0 = start[filterIndex[i0]!]!;
  const f1 = start[filterIndex[i1]!]!;
  const f2 = start[filterIndex[i2]!]!;
  const f3 = start[filterIndex[i3]!]!;
  const n0 = start[filterIndex[i0]! + 1]! - f0;
  const n1 = start[filterIndex[i1]! + 1]! - f1;
  const n2 = start[filterIndex[i2]! + 1]! - f2;
  const n3 = start[filterIndex[i3]! + 1]! - f3;
  const common = Math.min(n0, n1, n2, n3);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let u = 0; u < common; u++) {
    s0 += weights[f0 + u]! * data[c0 + offsets[f0 + u]!]!;
    s1 += weights[f1 + u]! * data[c1 + offsets[f1 + u]!]!;
    s2 += weights[f2 + u]! * data[c2 + offsets[f2 + u]!]!;
    s3 += weights[f3 + u]! * data[c3 + offsets[f3 + u]!]!;
  }
  for (let u = common; u < n0; u++) s0 += weights[f0 + u]! * data[c0 + offsets[f0 + u]!]!;
  for (let u = common; u < n1; u++) s1 += weights[f1 + u]! * data[c1 + offsets[f1 + u]!]!;
  for (let u = common; u < n2; u++) s2 += weights[f2 + u]! * data[c2 + offsets[f2 + u]!]!;
  for (let u = common; u < n3; u++) s3 += weights[f3 + u]! * data[c3 + offsets[f3 + u]!]!;
  dst[dstOrigin + i0 + y0 * (dstStride - width)] = s0;
  dst[dstOrigin + i1 + y1 * (dstStride - width)] = s1;
  dst[dstOrigin + i2 + y2 * (dstStride - width)] = s2;
  dst[dstOrigin + i3 + y3 * (dstStride - width)] = s3;
}
