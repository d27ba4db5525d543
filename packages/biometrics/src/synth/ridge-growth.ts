import { gaborFilterBank, orientationBin, periodBin } from './gabor-filter-bank.js';
import type { OrientationField } from './orientation-field.js';
import { GROWTH } from './parameters.js';
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
 */
export function growRidges(
  random: SeededRandom,
  orientation: OrientationField,
  period: RidgePeriodMap,
  active: Uint8Array,
  seedCount: number,
): GrownRidges {
  const { width, height } = orientation;
  const bank = gaborFilterBank(width + 2 * (Math.max(GROWTH.acrossRadius, GROWTH.alongRadius) + 2));
  const pad = bank.pad;
  const stride = width + 2 * pad;
  const size = stride * (height + 2 * pad);

  // Active pixels grouped by 16 × 16 block, so blocks the growing pattern has not reached
  // yet (nor any neighbour of them) are skipped: early iterations cost little.
  const blockSize = GROWTH.blockSize;
  const bw = Math.ceil(width / blockSize);
  const bh = Math.ceil(height / blockSize);
  const perBlock: number[][] = Array.from({ length: bw * bh }, () => []);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (active[y * width + x]) perBlock[Math.floor(y / blockSize) * bw + Math.floor(x / blockSize)]!.push((y + pad) * stride + x + pad);
    }
  }
  const blockStart = new Int32Array(bw * bh + 1);
  const indices: number[] = [];
  const blockOfIndex: number[] = [];
  perBlock.forEach((list, b) => {
    blockStart[b] = indices.length;
    for (const p of list) {
      indices.push(p);
      blockOfIndex.push(b);
    }
  });
  blockStart[bw * bh] = indices.length;
  const n = indices.length;
  const pixel = Int32Array.from(indices);
  const acrossKernel = new Uint16Array(n);
  const alongKernel = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = pixel[i]!;
    const src = (Math.floor(p / stride) - pad) * width + (p % stride) - pad;
    const t = orientationBin(orientation.angle[src]!);
    alongKernel[i] = t;
    acrossKernel[i] = t * bank.periodBins + periodBin(period.period[src]!);
  }

  let current = new Float32Array(size);
  let next = new Float32Array(size);
  const across = new Float32Array(size);
  const reached = new Uint8Array(bw * bh);
  const live = new Uint8Array(bw * bh);
  // Each seed is a small patch of ridges already at the local orientation and period, with a
  // random phase, so growth starts at once instead of first amplifying a dot.
  const r = GROWTH.seedRadius;
  for (let s = 0; s < seedCount && n > 0; s++) {
    const i = random.int(0, n - 1);
    const p = pixel[i]!;
    const src = (Math.floor(p / stride) - pad) * width + (p % stride) - pad;
    const theta = orientation.angle[src]!;
    const omega = (2 * Math.PI) / period.period[src]!;
    const phase = random.uniform(0, 2 * Math.PI);
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (dx * dx + dy * dy > r * r) continue;
        current[p + dy * stride + dx] = Math.cos(omega * (-dx * Math.sin(theta) + dy * Math.cos(theta)) + phase);
      }
    }
    reached[blockOfIndex[i]!] = 1;
  }

  const { acrossStart, acrossOffsets, acrossWeights, alongStart, alongOffsets, alongWeights } = bank;
  const gain = GROWTH.gain;
  const weak = GROWTH.settledLevel;
  let iterations = 0;
  for (; iterations < GROWTH.maxIterations; ) {
    iterations++;
    // A block is live when it or a neighbour holds some pattern (filters reach < 1 block).
    for (let by = 0; by < bh; by++) {
      for (let bx = 0; bx < bw; bx++) {
        let any = 0;
        for (let dy = -1; dy <= 1 && !any; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const x = bx + dx;
            const y = by + dy;
            if (x >= 0 && y >= 0 && x < bw && y < bh && reached[y * bw + x]) {
              any = 1;
              break;
            }
          }
        }
        live[by * bw + bx] = any;
      }
    }
    for (let b = 0; b < bw * bh; b++) {
      if (!live[b]) continue;
      for (let i = blockStart[b]!, last = blockStart[b + 1]!; i < last; i++) {
        const p = pixel[i]!;
        const k = acrossKernel[i]!;
        let sum = 0;
        for (let j = acrossStart[k]!, end = acrossStart[k + 1]!; j < end; j++) sum += acrossWeights[j]! * current[p + acrossOffsets[j]!]!;
        across[p] = sum;
      }
    }
    let empty = 0;
    let flips = 0;
    for (let b = 0; b < bw * bh; b++) {
      if (!live[b]) {
        empty += blockStart[b + 1]! - blockStart[b]!;
        continue;
      }
      let nonzero = 0;
      for (let i = blockStart[b]!, last = blockStart[b + 1]!; i < last; i++) {
        const p = pixel[i]!;
        const k = alongKernel[i]!;
        let sum = 0;
        for (let j = alongStart[k]!, end = alongStart[k + 1]!; j < end; j++) sum += alongWeights[j]! * across[p + alongOffsets[j]!]!;
        const v = sum * gain;
        const clipped = v > 1 ? 1 : v < -1 ? -1 : v;
        next[p] = clipped;
        const before = current[p]!;
        if (clipped < weak && clipped > -weak) empty++;
        else if (before * clipped < 0) flips++;
        if (clipped !== 0) nonzero = 1;
      }
      reached[b] = nonzero;
    }
    const swap = current;
    current = next;
    next = swap;
    if (empty < GROWTH.unsettledShare * n && flips < GROWTH.convergedFlipShare * n) break;
  }

  const ridges = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    ridges.set(current.subarray((y + pad) * stride + pad, (y + pad) * stride + pad + width), y * width);
  }
  return { width, height, ridges, iterations };
}
