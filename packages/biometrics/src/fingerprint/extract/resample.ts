import type { FloatImage, GreyImage } from './grid.js';
import { TEMPLATE_PPI } from '../minutia.js';
import { unzeroedScratchUint8 } from './scratch.js';

/**
 * Resamples the input to 500 ppi (TEMPLATE_PPI), so every later stage works in physical units.
 * Downscaling averages the source pixels each target pixel covers (a box filter, no aliasing of the
 * ridge pattern); upscaling interpolates bilinearly. Separable: rows first, then columns.
 */
export function resampleTo500Ppi(image: GreyImage): FloatImage {
  const scale = TEMPLATE_PPI / image.ppi;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  // every element is written at once: a kept buffer need not be cleared first
  const src = new Float32Array(unzeroedScratchUint8('resample.source', 4 * image.pixels.length).buffer, 0, image.pixels.length);
  src.set(image.pixels);
  // the grey bytes as they are (index.ts counts on this: an image of the input's size holds whole grey levels)
  if (width === image.width && height === image.height) return { width, height, data: src };
  const horizontal = resampleAxis(src, image.width, image.height, width, true);
  const data = resampleAxis(horizontal, width, image.height, height, false);
  return { width, height, data };
}

/** Source taps (index, weight) of every target position along one axis. */
function axisTaps(sourceLength: number, target: number): { start: Int32Array; count: Int32Array; index: Int32Array; weight: Float32Array } {
  const ratio = sourceLength / target;
  const start = new Int32Array(target);
  const count = new Int32Array(target);
  const index: number[] = [];
  const weight: number[] = [];
  for (let t = 0; t < target; t++) {
    start[t] = index.length;
    if (ratio > 1) {
      // box filter over [t·ratio, (t+1)·ratio)
      const from = t * ratio;
      const to = Math.min(sourceLength, from + ratio);
      for (let p = Math.floor(from); p < to; p++) {
        index.push(p);
        weight.push((Math.min(to, p + 1) - Math.max(from, p)) / (to - from));
      }
    } else {
      const position = Math.min(Math.max((t + 0.5) * ratio - 0.5, 0), sourceLength - 1);
      const i0 = Math.floor(position);
      const a = position - i0;
      index.push(i0, Math.min(i0 + 1, sourceLength - 1));
      weight.push(1 - a, a);
    }
    count[t] = index.length - start[t]!;
  }
  return { start, count, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/** Resamples one axis of a row-major image: `horizontal` changes the width, otherwise the height. */
function resampleAxis(src: Float32Array, width: number, height: number, target: number, horizontal: boolean): Float32Array {
  const { start, count, index, weight } = axisTaps(horizontal ? width : height, target);
  if (horizontal) {
    const out = new Float32Array(target * height);
    let line = 0;
    // four lines side by side share each tap's index and weight; each pixel's sum adds its taps in order
    for (; line + 3 < height; line += 4) {
      const sourceBase = line * width;
      const targetBase = line * target;
      for (let t = 0; t < target; t++) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        const end = start[t]! + count[t]!;
        for (let k = start[t]!; k < end; k++) {
          const w = weight[k]!;
          const at = sourceBase + index[k]!;
          s0 += w * src[at]!;
          s1 += w * src[at + width]!;
          s2 += w * src[at + 2 * width]!;
          s3 += w * src[at + 3 * width]!;
        }
        out[targetBase + t] = s0;
        out[targetBase + target + t] = s1;
        out[targetBase + 2 * target + t] = s2;
        out[targetBase + 3 * target + t] = s3;
      }
    }
    for (; line < height; line++) {
      const sourceBase = line * width;
      const targetBase = line * target;
      for (let t = 0; t < target; t++) {
        let sum = 0;
        const end = start[t]! + count[t]!;
        for (let k = start[t]!; k < end; k++) sum += weight[k]! * src[sourceBase + index[k]!]!;
        out[targetBase + t] = sum;
      }
    }
    return out;
  }
  // Vertically, whole rows at a time (memory order); each pixel's sum (float64) still adds its taps in order.
  const out = new Float32Array(width * target);
  const sums = new Float64Array(width);
  for (let t = 0; t < target; t++) {
    sums.fill(0);
    const end = start[t]! + count[t]!;
    for (let k = start[t]!; k < end; k++) {
      const w = weight[k]!;
      const row = index[k]! * width;
      for (let x = 0; x < width; x++) sums[x]! += w * src[row + x]!;
    }
    out.set(sums, t * width);
  }
  return out;
}
