import type { FloatImage, GreyImage } from './grid.js';
import { TEMPLATE_PPI } from '../minutia.js';

/**
 * Resamples the input to 500 ppi (TEMPLATE_PPI), so every later stage works in physical units.
 * Downscaling averages the source pixels each target pixel covers (a box filter, no aliasing of the
 * ridge pattern); upscaling interpolates bilinearly. Separable: rows first, then columns.
 */
export function resampleTo500Ppi(image: GreyImage): FloatImage {
  const scale = TEMPLATE_PPI / image.ppi;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const src = new Float32Array(image.pixels.length);
  for (let i = 0; i < src.length; i++) src[i] = image.pixels[i]!;
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
  const taps = axisTaps(horizontal ? width : height, target);
  const outWidth = horizontal ? target : width;
  const out = new Float32Array(horizontal ? target * height : width * target);
  const lines = horizontal ? height : width;
  // stride between successive samples of one line, and between lines, in source and target
  const sourceStep = horizontal ? 1 : width;
  const sourceLine = horizontal ? width : 1;
  const targetStep = horizontal ? 1 : outWidth;
  const targetLine = horizontal ? outWidth : 1;
  for (let line = 0; line < lines; line++) {
    const sourceBase = line * sourceLine;
    const targetBase = line * targetLine;
    for (let t = 0; t < target; t++) {
      let sum = 0;
      const end = taps.start[t]! + taps.count[t]!;
      for (let k = taps.start[t]!; k < end; k++) sum += taps.weight[k]! * src[sourceBase + taps.index[k]! * sourceStep]!;
      out[targetBase + t * targetStep] = sum;
    }
  }
  return out;
}
