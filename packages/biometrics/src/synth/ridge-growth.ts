import { gaborFilterBank, periodBin } from './gabor-filter-bank.js';
import type { OrientationField } from './orientation-field.js';
import { FREQUENCY, GROWTH, type GrowthSchedule } from './parameters.js';
import type { SeededRandom } from './random.js';
import type { RidgePeriodMap } from './ridge-frequency.js';

/** Result of growing: ridge value per pixel in [−1, 1] (ridge > 0), and how it converged. */
export interface GrownRidges {
  width: number;
  height: number;
  ridges: Float32Array;
  iterations: number;
}

/**
 * SFinGe's ridge growth: start from an empty image holding a few random seed points and
 * apply, again and again, the Gabor filter tuned to the local orientation and period, then
 * amplify and clip to [−1, 1]. Ridges spread out from each seed along the orientation field;
 * where fronts of different phase meet, or the field makes ridges diverge, the filter settles
 * on bifurcations and endings — minutiae appear by themselves, as on real fingers.
 * `active` marks the pixels to grow (the finger area with a margin).
 *
 * Work is done per block: a block is filtered again only when some value within filter reach
 * changed in the last iteration, so areas the pattern has not reached yet cost nothing (the
 * result is the same as filtering everything).
 */
export function growRidges(
  random: SeededRandom,
  orientation: OrientationField,
  period: RidgePeriodMap,
  active: Uint8Array,
  seedCount: number,
  schedule: GrowthSchedule,
): GrownRidges {
  const { width, height } = orientation;
  const { acrossRadius, alongRadius } = schedule;
  const bank = gaborFilterBank(width + 2 * (Math.max(acrossRadius, alongRadius) + 2), acrossRadius, alongRadius);
  const pad = bank.pad;
  const stride = width + 2 * pad;
  const size = stride * (height + 2 * pad);

  // Active pixels grouped by block (a pixel's new value depends only on its block's neighbours).
  const blockSize = schedule.blockSize;
  if (blockSize < acrossRadius + alongRadius) throw new RangeError('growth blocks must be at least the filters\' reach');
  const bw = Math.ceil(width / blockSize);
  const bh = Math.ceil(height / blockSize);
  const blocks = bw * bh;
  const blockStart = new Int32Array(blocks + 1);
  const blockColumn = new Int32Array(width);
  for (let x = 0; x < width; x++) blockColumn[x] = Math.floor(x / blockSize);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / blockSize) * bw + 1;
    for (let x = 0, src = y * width; x < width; x++, src++) if (active[src]) blockStart[row + blockColumn[x]!]!++;
  }
  for (let b = 0; b < blocks; b++) blockStart[b + 1]! += blockStart[b]!;
  const n = blockStart[blocks]!;
  const pixel = new Int32Array(n);
  const acrossKernel = new Uint16Array(n);
  const alongKernel = new Uint8Array(n);
  const fill = blockStart.slice(0, blocks);
  // Kernel index per pixel: orientation and period bins (inlined: this runs per pixel).
  const minBin = periodBin(schedule.minFilterPeriod);
  const periodBins = bank.periodBins;
  const orientationBins = bank.orientationBins;
  const binMin = FREQUENCY.binMin;
  const binStep = FREQUENCY.binStep;
  const angle = orientation.angle;
  const periods = period.period;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / blockSize) * bw;
    for (let x = 0; x < width; x++) {
      const src = y * width + x;
      if (!active[src]) continue;
      const i = fill[row + blockColumn[x]!]!++;
      pixel[i] = (y + pad) * stride + x + pad;
      let t = Math.round((angle[src]! / Math.PI) * orientationBins);
      if (t >= orientationBins) t -= orientationBins;
      const q = Math.round((periods[src]! - binMin) / binStep);
      alongKernel[i] = t;
      acrossKernel[i] = t * periodBins + (q < minBin ? minBin : q >= periodBins ? periodBins - 1 : q);
    }
  }

  const current = new Float32Array(size);
  const across = new Float32Array(size);
  /** Blocks whose values changed in the last iteration; blocks to filter in this one. */
  const changed = new Uint8Array(blocks);
  const update = new Uint8Array(blocks);
  /** Blocks whose across-ridge values are out of date (an input changed since they were computed). */
  const stale = new Uint8Array(blocks);
  /** Weak pixels per block when it was last filtered (all of them before). */
  const weakCount = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) weakCount[b] = blockStart[b + 1]! - blockStart[b]!;
  // Each seed is a small patch of ridges already at the local orientation and period, with a
  // random phase, so growth starts at once instead of first amplifying a dot.
  // Each seed is a patch of ridges already at the local orientation and period, with a random
  // phase, so growth starts at once instead of first amplifying a dot: a small disc, or (to
  // save the iterations that would spread it) the seed's whole cell, the pixels nearer to it
  // than to any other seed. Only in the area being grown: pixels outside it are never filtered.
  const seeds: Seed[] = [];
  for (let s = 0; s < seedCount && n > 0; s++) {
    const i = random.int(0, n - 1);
    const p = pixel[i]!;
    const src = (Math.floor(p / stride) - pad) * width + (p % stride) - pad;
    const theta = orientation.angle[src]!;
    seeds.push({
      x: (p % stride) - pad,
      y: Math.floor(p / stride) - pad,
      nx: -Math.sin(theta),
      ny: Math.cos(theta),
      omega: (2 * Math.PI) / period.period[src]!,
      phase: random.uniform(0, 2 * Math.PI),
    });
    changed[blockOfPixel(i, blockStart)] = 1;
  }
  if (schedule.seedCells) plantCells(seeds, current, pixel, blockStart, bw, blockSize, stride, pad, changed);
  else plantDiscs(seeds, current, active, width, height, stride, pad);

  const { acrossStart, acrossOffsets, acrossWeights, alongStart, alongOffsets, alongWeights } = bank;
  const gain = GROWTH.gain;
  const weak = GROWTH.settledLevel;
  /** filterAlong's tallies: weak pixels, ridge/valley flips, whether any value moved. */
  const counts = new Int32Array(3);
  let iterations = 0;
  for (; iterations < schedule.maxIterations; ) {
    iterations++;
    // Filter a block when it or a neighbour changed (filters reach less than one block).
    dilate(changed, update, bw, bh);
    for (let b = 0; b < blocks; b++) if (update[b]) stale[b] = 1;
    // Across-ridge pass, from the current values, wherever the along pass will read it.
    for (let by = 0; by < bh; by++) {
      for (let bx = 0; bx < bw; bx++) {
        const b = by * bw + bx;
        if (!stale[b] || !nearAny(update, bx, by, bw, bh)) continue;
        stale[b] = 0;
        filterAcross(pixel, acrossKernel, acrossStart, acrossOffsets, acrossWeights, current, across, blockStart[b]!, blockStart[b + 1]!);
      }
    }
    // Along-ridge pass, amplify and clip: the new values (the across pass has read all it needs).
    let empty = 0;
    let flips = 0;
    for (let b = 0; b < blocks; b++) {
      changed[b] = 0;
      if (!update[b]) {
        empty += weakCount[b]!;
        continue;
      }
      filterAlong(pixel, alongKernel, alongStart, alongOffsets, alongWeights, across, current, blockStart[b]!, blockStart[b + 1]!, gain, weak, counts);
      const weakHere = counts[0]!;
      flips += counts[1]!;
      const moved = counts[2]!;
      weakCount[b] = weakHere;
      empty += weakHere;
      changed[b] = moved;
    }
    if (empty < schedule.unsettledShare * n && flips < schedule.convergedFlipShare * n) break;
  }

  const ridges = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    ridges.set(current.subarray((y + pad) * stride + pad, (y + pad) * stride + pad + width), y * width);
  }
  return { width, height, ridges, iterations };
}

// The two passes are small functions of their own so the engine optimises them as such (not
// only through on-stack replacement of one long loop nest).

/** across[p] for the active pixels from … to − 1: band-pass across the ridges of `current`. */
function filterAcross(
  pixel: Int32Array,
  kernel: Uint16Array,
  start: Int32Array,
  offsets: Int32Array,
  weights: Float32Array,
  current: Float32Array,
  across: Float32Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const p = pixel[i]!;
    const k = kernel[i]!;
    let sum = 0;
    for (let j = start[k]!, end = start[k + 1]!; j < end; j++) sum += weights[j]! * current[p + offsets[j]!]!;
    across[p] = sum;
  }
}

/**
 * New current[p] for the active pixels from … to − 1: smoothing along the ridges of `across`,
 * amplified and clipped. counts ← [weak pixels, ridge/valley flips, 1 if any value moved].
 */
function filterAlong(
  pixel: Int32Array,
  kernel: Uint8Array,
  start: Int32Array,
  offsets: Int32Array,
  weights: Float32Array,
  across: Float32Array,
  current: Float32Array,
  from: number,
  to: number,
  gain: number,
  weak: number,
  counts: Int32Array,
): void {
  let weakHere = 0;
  let flips = 0;
  let moved = 0;
  for (let i = from; i < to; i++) {
    const p = pixel[i]!;
    const k = kernel[i]!;
    let sum = 0;
    for (let j = start[k]!, end = start[k + 1]!; j < end; j++) sum += weights[j]! * across[p + offsets[j]!]!;
    const v = sum * gain;
    const clipped = v > 1 ? 1 : v < -1 ? -1 : v;
    const before = current[p]!;
    const stored = Math.fround(clipped);
    current[p] = stored;
    if (clipped < weak && clipped > -weak) weakHere++;
    else if (before * clipped < 0) flips++;
    if (stored !== before) moved = 1;
  }
  counts[0] = weakHere;
  counts[1] = flips;
  counts[2] = moved;
}

/** out[b] = 1 when b or one of its 8 neighbours is set in `set`. */
function dilate(set: Uint8Array, out: Uint8Array, bw: number, bh: number): void {
  for (let by = 0; by < bh; by++) for (let bx = 0; bx < bw; bx++) out[by * bw + bx] = nearAny(set, bx, by, bw, bh) ? 1 : 0;
}

function nearAny(set: Uint8Array, bx: number, by: number, bw: number, bh: number): boolean {
  for (let y = Math.max(0, by - 1); y <= Math.min(bh - 1, by + 1); y++) {
    for (let x = Math.max(0, bx - 1); x <= Math.min(bw - 1, bx + 1); x++) if (set[y * bw + x]) return true;
  }
  return false;
}

/** Block holding the i-th active pixel (binary search of the block starts). */
function blockOfPixel(i: number, blockStart: Int32Array): number {
  let lo = 0;
  let hi = blockStart.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blockStart[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Seed {
  x: number;
  y: number;
  /** Unit normal to the ridges at the seed, ridge angular frequency (rad/px), phase. */
  nx: number;
  ny: number;
  omega: number;
  phase: number;
}

function plantDiscs(seeds: readonly Seed[], current: Float32Array, active: Uint8Array, width: number, height: number, stride: number, pad: number): void {
  const r = GROWTH.seedRadius;
  for (const s of seeds) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const x = s.x + dx;
        const y = s.y + dy;
        if (dx * dx + dy * dy > r * r || x < 0 || y < 0 || x >= width || y >= height || !active[y * width + x]) continue;
        current[(y + pad) * stride + x + pad] = Math.cos(s.omega * (dx * s.nx + dy * s.ny) + s.phase);
      }
    }
  }
}

/** Every active pixel gets the plane wave of its nearest seed (candidates short-listed per block). */
function plantCells(
  seeds: readonly Seed[],
  current: Float32Array,
  pixel: Int32Array,
  blockStart: Int32Array,
  bw: number,
  blockSize: number,
  stride: number,
  pad: number,
  changed: Uint8Array,
): void {
  const count = seeds.length;
  if (count === 0) return;
  // Seeds as flat arrays (hot loop: no object loads per pixel).
  const sx = Float64Array.from(seeds, (s) => s.x);
  const sy = Float64Array.from(seeds, (s) => s.y);
  const snx = Float64Array.from(seeds, (s) => s.nx);
  const sny = Float64Array.from(seeds, (s) => s.ny);
  const somega = Float64Array.from(seeds, (s) => s.omega);
  const sphase = Float64Array.from(seeds, (s) => s.phase);
  const half = blockSize / 2;
  // A pixel is at most this far from its block's centre: seeds farther than the nearest one
  // plus twice this cannot be nearest to any pixel of the block.
  const reach = 2 * half * Math.SQRT2;
  const distance = new Float64Array(count);
  const candidates = new Int32Array(count);
  const cosTable = COS_TABLE;
  const toTable = COS_STEPS / (2 * Math.PI);
  for (let b = 0; b + 1 < blockStart.length; b++) {
    if (blockStart[b] === blockStart[b + 1]) continue;
    changed[b] = 1;
    const cx = (b % bw) * blockSize + half;
    const cy = Math.floor(b / bw) * blockSize + half;
    let nearest = Infinity;
    for (let k = 0; k < count; k++) {
      const dx = sx[k]! - cx;
      const dy = sy[k]! - cy;
      distance[k] = Math.sqrt(dx * dx + dy * dy);
      if (distance[k]! < nearest) nearest = distance[k]!;
    }
    let shortlisted = 0;
    for (let k = 0; k < count; k++) if (distance[k]! <= nearest + reach) candidates[shortlisted++] = k;
    for (let i = blockStart[b]!, last = blockStart[b + 1]!; i < last; i++) {
      const p = pixel[i]!;
      const x = (p % stride) - pad;
      const y = ((p - x - pad) / stride) - pad;
      let best = candidates[0]!;
      let bestD2 = Infinity;
      for (let c = 0; c < shortlisted; c++) {
        const k = candidates[c]!;
        const ddx = sx[k]! - x;
        const ddy = sy[k]! - y;
        const d2 = ddx * ddx + ddy * ddy;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = k;
        }
      }
      const phase = somega[best]! * ((x - sx[best]!) * snx[best]! + (y - sy[best]!) * sny[best]!) + sphase[best]!;
      // A table is plenty for a starting pattern the filters reshape anyway.
      const r = Math.round(phase * toTable);
      // r & (COS_STEPS − 1) is r mod COS_STEPS for any int32 (no floating-point modulo).
      let t: number;
      if (r >= -0x80000000 && r <= 0x7fffffff) t = r & (COS_STEPS - 1);
      else {
        t = r % COS_STEPS;
        if (t < 0) t += COS_STEPS;
      }
      current[p] = cosTable[t]!;
    }
  }
}

const COS_STEPS = 1024;
const COS_TABLE = Float32Array.from({ length: COS_STEPS }, (_, i) => Math.cos((2 * Math.PI * i) / COS_STEPS));
