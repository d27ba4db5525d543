import type { BlockGrid, FloatImage } from './grid.js';
import type { ExtractionParameters } from './parameters.js';
import { GATHERED_RECORD_BYTES, gaborKernels, RUN_RECORD_BYTES, TAP_BYTES, type GaborKernels } from './gabor-kernels.js';
import { maskRuns, type MaskRuns } from './gabor-runs.js';
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
  const kernels = gaborKernels();
  const enhanced = kernels && gaborEnhanceSimd(kernels, image, filterIndex, mask, alongRegion, bank);
  if (enhanced) return enhanced;
  const { width, height, data } = image;
  const pad = longestReach(bank);
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

/**
 * gaborEnhance with the sums done by the WebAssembly kernels: the same pixels, filters, taps and
 * order of adds as applyPass, so the same bits. Both padded images, the taps and the work records
 * live in the kernels' memory; the result is copied out.
 */
function gaborEnhanceSimd(kernels: GaborKernels, image: FloatImage, filterIndex: Int32Array, mask: Uint8Array, alongRegion: Uint8Array, bank: GaborBank): FloatImage | undefined {
  const { width, height, data } = image;
  const pad = longestReach(bank);
  const stride = width + 2 * pad;
  const paddedLength = stride * (height + 2 * pad);
  const alongTaps = packedTaps(bank.along, stride);
  const acrossTaps = packedTaps(bank.across, stride);
  const groups = Math.ceil((width * height) / 8) + 1;
  // byte layout, every area 16-aligned
  const paddedAt = 0;
  const smoothedAt = paddedAt + align16(4 * paddedLength);
  const enhancedAt = smoothedAt + align16(4 * paddedLength);
  const alongTapsAt = enhancedAt + align16(4 * width * height);
  const acrossTapsAt = alongTapsAt + alongTaps.bytes.length;
  const runsAt = acrossTapsAt + acrossTaps.bytes.length;
  // a run of 8 to 15 pixels takes two (overlapping) records
  const gatheredAt = runsAt + 2 * groups * RUN_RECORD_BYTES;
  const memoryBytes = gatheredAt + (groups + bank.along.length + bank.across.length) * GATHERED_RECORD_BYTES;
  // a WebAssembly memory never shrinks: an outsized image is left to the JavaScript passes
  if (memoryBytes > largestKernelMemory) return undefined;
  kernels.reserve(memoryBytes);
  const buffer = kernels.buffer();
  const floats = new Float32Array(buffer);
  const words = new Int32Array(buffer);
  // the taps stay where the last image put them when the layout is the same (nothing else writes there)
  if (uploadedTaps?.kernels !== kernels || uploadedTaps.along !== alongTaps || uploadedTaps.across !== acrossTaps || uploadedTaps.alongAt !== alongTapsAt) {
    const bytes = new Uint8Array(buffer);
    bytes.set(alongTaps.bytes, alongTapsAt);
    bytes.set(acrossTaps.bytes, acrossTapsAt);
    uploadedTaps = { kernels, along: alongTaps, across: acrossTaps, alongAt: alongTapsAt };
  }

  const padded: PaddedImage = { width, height, pad, stride, data: floats.subarray(paddedAt >> 2, (paddedAt >> 2) + paddedLength) };
  for (let y = 0; y < height; y++) padded.data.set(data.subarray(y * width, (y + 1) * width), (y + pad) * stride + pad);
  replicateEdges(padded);
  // pixels outside the along region stay 0, as in a fresh buffer
  const smoothedAlong: PaddedImage = { ...padded, data: floats.subarray(smoothedAt >> 2, (smoothedAt >> 2) + paddedLength) };
  smoothedAlong.data.fill(0);
  const enhanced = floats.subarray(enhancedAt >> 2, (enhancedAt >> 2) + width * height);
  const passes = { kernels, words, runsAt, gatheredAt, filterIndex };
  passRecords(passes, padded, paddedAt, smoothedAt, stride, pad * stride + pad, alongTapsAt, alongTaps.start, maskRuns(alongRegion, width, height, 'along'));
  replicateEdges(smoothedAlong);
  const maskedRuns = maskRuns(mask, width, height, 'mask');
  passRecords(passes, smoothedAlong, smoothedAt, enhancedAt, width, 0, acrossTapsAt, acrossTaps.start, maskedRuns);
  // only the mask's pixels were filtered: the rest of the (zeroed) output stays 0
  const out = scratchFloat32('gabor.enhanced', width * height);
  const { runs, count } = maskedRuns;
  for (let r = 0; r < 3 * count; r += 3) {
    for (let i = runs[r]! * width + runs[r + 1]!, end = runs[r]! * width + runs[r + 2]!; i < end; i++) out[i] = enhanced[i]!;
  }
  return { width, height, data: out };
}

/** The taps last written to the kernels' memory: which, and where (the across taps follow the along taps). */
let uploadedTaps: { kernels: GaborKernels; along: PackedTaps; across: PackedTaps; alongAt: number } | undefined;

/** Bytes the kernels' memory may grow to (images up to about 1500 × 1500 pixels). */
const largestKernelMemory = 64 * 1024 * 1024;

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** A bank's taps for one row stride as the kernels read them: TAP_BYTES per tap, filter f's from start[f]. */
interface PackedTaps {
  start: Int32Array;
  bytes: Uint8Array;
}

const packedTapsCache = new WeakMap<OrientedKernel[], Map<number, PackedTaps>>();

function packedTaps(kernels: OrientedKernel[], stride: number): PackedTaps {
  let byStride = packedTapsCache.get(kernels);
  if (!byStride) packedTapsCache.set(kernels, (byStride = new Map()));
  let packed = byStride.get(stride);
  if (packed) return packed;
  const { start, offsets, weights } = flatTaps(kernels, stride);
  const bytes = new Uint8Array(align16(offsets.length * TAP_BYTES));
  const view = new DataView(bytes.buffer);
  for (let t = 0; t < offsets.length; t++) {
    view.setFloat64(t * TAP_BYTES, weights[t]!, true);
    view.setInt32(t * TAP_BYTES + 8, 4 * offsets[t]!, true);
  }
  packed = { start, bytes };
  byStride.set(stride, packed);
  return packed;
}

interface PassMemory {
  kernels: GaborKernels;
  words: Int32Array;
  runsAt: number;
  gatheredAt: number;
  filterIndex: Int32Array;
}

/**
 * applyPass with the sums left to the kernels: the same pixels (those of `region`) and filters,
 * written as records (byte addresses) for the kernels to sum. src is at byte srcAt, dst at dstAt,
 * the taps at tapsAt.
 */
function passRecords(memory: PassMemory, src: PaddedImage, srcAt: number, dstAt: number, dstStride: number, dstOrigin: number, tapsAt: number, start: Int32Array, region: MaskRuns): void {
  const { kernels, words, runsAt, gatheredAt, filterIndex } = memory;
  const { width, pad, stride } = src;
  const records = new PassRecords(words, runsAt, gatheredAt, tapsAt, start, srcAt + 4 * (pad * stride + pad), 4 * stride, dstAt + 4 * dstOrigin, 4 * dstStride);
  const { runs } = region;
  for (let r = 0; r < 3 * region.count; r += 3) {
    const y = runs[r]!;
    const row = y * width;
    const regionEnd = runs[r + 2]!;
    let x = runs[r + 1]!;
    while (x < regionEnd) {
      const f = filterIndex[row + x]!;
      let runEnd = x + 1;
      while (runEnd < regionEnd && filterIndex[row + runEnd] === f) runEnd++;
      records.add(y, x, runEnd, f);
      x = runEnd;
    }
  }
  records.closeRecords();
  if (records.run > runsAt >> 2) kernels.runs(runsAt, records.run << 2);
  if (records.gathered > gatheredAt >> 2) kernels.gathered(gatheredAt, records.gathered << 2);
}

/**
 * Records for the kernels, added a stretch of one row sharing a filter at a time. A pixel's sum does
 * not depend on which pixels share its record, so stretches of 8 or more pixels go eight at a time,
 * the last eight in a record that may overlap the one before (those pixels get the same sum written
 * twice); the pixels of shorter ones go to their filter's open gathered record, which is written in
 * place and closed when its eight slots are full.
 */
class PassRecords {
  run: number;
  gathered: number;
  /** Per filter: how many slots of its open gathered record are filled (0: none open). */
  private readonly filled: Int32Array;
  /** Per filter: where (word index) its open gathered record is. */
  private readonly openRecord: Int32Array;

  /** Row y's first pixel is at byte srcRow0 + y·srcRowBytes of the source, dstRow0 + y·dstRowBytes of the output. */
  constructor(
    private readonly words: Int32Array,
    runsAt: number,
    gatheredAt: number,
    private readonly tapsAt: number,
    private readonly start: Int32Array,
    private readonly srcRow0: number,
    private readonly srcRowBytes: number,
    private readonly dstRow0: number,
    private readonly dstRowBytes: number,
  ) {
    this.run = runsAt >> 2;
    this.gathered = gatheredAt >> 2;
    const filters = start.length - 1;
    if (keptOpenRecords.filled.length < filters) keptOpenRecords = { filled: new Int32Array(filters), openRecord: new Int32Array(filters) };
    this.filled = keptOpenRecords.filled;
    this.openRecord = keptOpenRecords.openRecord;
    this.filled.fill(0);
  }

  /** Pixels from … to − 1 of row y, all with filter f. */
  add(y: number, from: number, to: number, f: number): void {
    const { words, start, tapsAt } = this;
    const srcRow = this.srcRow0 + y * this.srcRowBytes;
    const dstRow = this.dstRow0 + y * this.dstRowBytes;
    const first = tapsAt + TAP_BYTES * start[f]!;
    const end = tapsAt + TAP_BYTES * start[f + 1]!;
    if (to - from >= 8) {
      let run = this.run;
      let j = from;
      for (; j + 8 <= to; j += 8) run = writeRun(words, run, first, end, srcRow + 4 * j, dstRow + 4 * j);
      if (j < to) run = writeRun(words, run, first, end, srcRow + 4 * (to - 8), dstRow + 4 * (to - 8));
      this.run = run;
      return;
    }
    const { filled, openRecord } = this;
    for (let j = from; j < to; j++) {
      const slot = filled[f]!;
      let record = openRecord[f]!;
      if (slot === 0) {
        record = this.gathered;
        this.gathered = record + GATHERED_RECORD_BYTES / 4;
        openRecord[f] = record;
        words[record] = first;
        words[record + 1] = end;
      }
      words[record + 2 + slot] = srcRow + 4 * j;
      words[record + 10 + slot] = dstRow + 4 * j;
      filled[f] = slot === 7 ? 0 : slot + 1;
    }
  }

  /** Completes the open gathered records: their free slots repeat their first pixel (the same sum written twice). */
  closeRecords(): void {
    const { words, filled, openRecord } = this;
    for (let f = 0; f < filled.length; f++) {
      const slots = filled[f]!;
      if (slots === 0) continue;
      const record = openRecord[f]!;
      for (let k = slots; k < 8; k++) {
        words[record + 2 + k] = words[record + 2]!;
        words[record + 10 + k] = words[record + 10]!;
      }
      filled[f] = 0;
    }
  }
}

/** PassRecords' per-filter state (small, so kept from one call to the next). */
let keptOpenRecords = { filled: new Int32Array(0), openRecord: new Int32Array(0) };

function writeRun(words: Int32Array, at: number, first: number, end: number, centre: number, target: number): number {
  words[at] = first;
  words[at + 1] = end;
  words[at + 2] = centre;
  words[at + 3] = target;
  return at + 4;
}

const reachOfBank = new WeakMap<GaborBank, number>();

/** The longest half-length of the bank's kernels: how far any tap reads from its pixel. */
function longestReach(bank: GaborBank): number {
  let pad = reachOfBank.get(bank);
  if (pad === undefined) {
    pad = 0;
    for (const k of [...bank.along, ...bank.across]) pad = Math.max(pad, (k.weight.length - 1) >> 1);
    reachOfBank.set(bank, pad);
  }
  return pad;
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
 *
 * Runs of a row sharing a filter go eight pixels at a time, sharing each tap's weight and offset.
 * What is left of a run (runs are ~9 pixels) waits in its filter's queue until eight pixels anywhere
 * share that filter, which again share the tap loads: cheaper than filtering pixels with different
 * filters side by side.
 */
function applyPass(src: PaddedImage, dst: Float32Array, dstStride: number, dstOrigin: number, filterIndex: Int32Array, kernels: OrientedKernel[], mask: Uint8Array): void {
  const { width, height, pad, stride } = src;
  const data = src.data;
  const { start, offsets, weights } = flatTaps(kernels, stride);
  const { count, centres, targets } = filterQueues(kernels.length);
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
      for (; j < runEnd; j++) {
        const queued = count[f]!;
        const slot = 8 * f + queued;
        centres[slot] = srcRow + j;
        targets[slot] = dstRow + j;
        if (queued === 7) {
          filterQueued(slot - 7, first, end, data, dst, centres, targets, offsets, weights);
          count[f] = 0;
        } else {
          count[f] = queued + 1;
        }
      }
      x = runEnd;
    }
  }
  // the queues' last pixels: a queue's free slots repeat its first pixel (the same sum written twice)
  for (let f = 0; f < kernels.length; f++) {
    const queued = count[f]!;
    if (queued === 0) continue;
    for (let k = queued; k < 8; k++) {
      centres[8 * f + k] = centres[8 * f]!;
      targets[8 * f + k] = targets[8 * f]!;
    }
    filterQueued(8 * f, start[f]!, start[f + 1]!, data, dst, centres, targets, offsets, weights);
    count[f] = 0;
  }
}

/** Per filter, up to eight pixels waiting: their centres in the source and their places in the output. */
interface FilterQueues {
  count: Int32Array;
  centres: Int32Array;
  targets: Int32Array;
}

let keptQueues: FilterQueues | undefined;

/** Empty queues for `filters` filters (small, so kept from one call to the next). */
function filterQueues(filters: number): FilterQueues {
  if (!keptQueues || keptQueues.count.length < filters) keptQueues = { count: new Int32Array(filters), centres: new Int32Array(8 * filters), targets: new Int32Array(8 * filters) };
  keptQueues.count.fill(0);
  return keptQueues;
}

/** Eight queued pixels (slots `slot` … `slot` + 7) of one filter, taps first … end − 1, side by side. */
function filterQueued(slot: number, first: number, end: number, data: Float32Array, dst: Float32Array, centres: Int32Array, targets: Int32Array, offsets: Int32Array, weights: Float64Array): void {
  const c0 = centres[slot]!;
  const c1 = centres[slot + 1]!;
  const c2 = centres[slot + 2]!;
  const c3 = centres[slot + 3]!;
  const c4 = centres[slot + 4]!;
  const c5 = centres[slot + 5]!;
  const c6 = centres[slot + 6]!;
  const c7 = centres[slot + 7]!;
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
    const offset = offsets[t]!;
    s0 += w * data[c0 + offset]!;
    s1 += w * data[c1 + offset]!;
    s2 += w * data[c2 + offset]!;
    s3 += w * data[c3 + offset]!;
    s4 += w * data[c4 + offset]!;
    s5 += w * data[c5 + offset]!;
    s6 += w * data[c6 + offset]!;
    s7 += w * data[c7 + offset]!;
  }
  dst[targets[slot]!] = s0;
  dst[targets[slot + 1]!] = s1;
  dst[targets[slot + 2]!] = s2;
  dst[targets[slot + 3]!] = s3;
  dst[targets[slot + 4]!] = s4;
  dst[targets[slot + 5]!] = s5;
  dst[targets[slot + 6]!] = s6;
  dst[targets[slot + 7]!] = s7;
}
