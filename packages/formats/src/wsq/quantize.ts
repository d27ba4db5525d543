import { BLOCK_SUBBANDS } from './constants.js';
import { ENCODER } from './encoder-parameters.js';
import type { QuantizerSteps } from './quantizer-design.js';
import type { Rect } from './subband-geometry.js';

const fround = Math.fround;

/** Quantised coefficients of the coded subbands, in codestream order, and where each block ends. */
export interface QuantizedImage {
  coefficients: Int32Array;
  /** blockEnd[b] = index just past block b's last coefficient (three blocks). */
  blockEnd: number[];
}

/**
 * Uniform scalar quantisation with a dead zone (spec: quantisation): values within +/-Z/2 become 0,
 * others p = floor((|v| - Z/2) / Q) + 1 with v's sign. Single precision, as the reference encoder.
 */
export function quantize(plane: Float32Array, stride: number, subbands: readonly Rect[], steps: QuantizerSteps): QuantizedImage {
  let total = 0;
  for (let k = 0; k < BLOCK_SUBBANDS[2]![1]; k++) if (steps.q[k] !== 0) total += subbands[k]!.width * subbands[k]!.height;
  const coefficients = new Int32Array(total);
  const blockEnd: number[] = [];
  const limit = ENCODER.maxCoefficient;
  let i = 0;
  for (const [first, end] of BLOCK_SUBBANDS) {
    for (let k = first; k < end; k++) {
      const q = steps.q[k]!;
      if (q === 0) continue;
      const halfZero = fround(steps.z[k]! / 2);
      const { x, y, width, height } = subbands[k]!;
      for (let r = 0; r < height; r++) {
        let p = (y + r) * stride + x;
        for (let c = 0; c < width; c++, p++) {
          const v = plane[p]!;
          let n = 0;
          if (v > halfZero) n = Math.trunc(fround(fround(v - halfZero) / q) + 1);
          else if (v < -halfZero) n = Math.trunc(fround(fround(v + halfZero) / q) - 1);
          coefficients[i++] = n > limit ? limit : n < -limit ? -limit : n;
        }
      }
    }
    blockEnd.push(i);
  }
  return { coefficients, blockEnd };
}
