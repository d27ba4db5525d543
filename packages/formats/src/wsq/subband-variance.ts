import { CODED_SUBBAND_COUNT } from './constants.js';
import { ENCODER } from './encoder-parameters.js';
import type { Rect } from './subband-geometry.js';

const fround = Math.fround;

/** Sample variance of a window of the plane, accumulated in single precision like the reference encoder. */
function windowVariance(plane: Float32Array, stride: number, x: number, y: number, width: number, height: number): number {
  const n = width * height;
  if (n < 2) return 0;
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < height; r++) {
    let p = (y + r) * stride + x;
    for (let c = 0; c < width; c++, p++) {
      const v = plane[p]!;
      sum = fround(sum + v);
      squares = fround(squares + fround(v * v));
    }
  }
  const meanSquare = fround(fround(sum * sum) / fround(n));
  return fround(fround(squares - meanSquare) / (n - 1));
}

/** The central window the specification uses, so borders (mirroring artefacts) do not count. */
function centralVariance(plane: Float32Array, stride: number, b: Rect): number {
  const w = ENCODER.varianceWindow;
  const skipX = Math.floor((b.width * w.skipX[0]) / w.skipX[1]);
  const skipY = Math.floor((b.height * w.skipY[0]) / w.skipY[1]);
  const width = Math.floor((b.width * w.keepX[0]) / w.keepX[1]);
  const height = Math.floor((b.height * w.keepY[0]) / w.keepY[1]);
  return windowVariance(plane, stride, b.x + skipX, b.y + skipY, width, height);
}

/**
 * Variance of each of the 60 coded subbands (spec: subband variance estimation). Central windows,
 * unless the four lowest subbands vary little in total, in which case whole subbands are used.
 */
export function subbandVariances(plane: Float32Array, stride: number, subbands: readonly Rect[]): Float32Array {
  const variance = new Float32Array(CODED_SUBBAND_COUNT);
  let lowSum = 0;
  for (let k = 0; k < 4; k++) {
    variance[k] = centralVariance(plane, stride, subbands[k]!);
    lowSum = fround(lowSum + variance[k]!);
  }
  if (lowSum < ENCODER.smallVarianceSum) {
    for (let k = 0; k < CODED_SUBBAND_COUNT; k++) {
      const b = subbands[k]!;
      variance[k] = windowVariance(plane, stride, b.x, b.y, b.width, b.height);
    }
  } else {
    for (let k = 4; k < CODED_SUBBAND_COUNT; k++) variance[k] = centralVariance(plane, stride, subbands[k]!);
  }
  return variance;
}
