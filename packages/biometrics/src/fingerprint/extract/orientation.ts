import { smoothBlockFields, type BlockGrid, type FloatImage } from './grid.js';

/** Sums of the gradient tensor components (Gx², Gy², GxGy) over each block. */
export interface GradientTensors {
  xx: Float32Array;
  yy: Float32Array;
  xy: Float32Array;
}

/**
 * Ridge orientation per block. `angle` is the ridge orientation in image coordinates (x right,
 * y down), in [0, π): a ridge runs along (cos angle, sin angle). `coherence` in [0, 1] says how
 * consistently the gradients agree (1 = parallel ridges, 0 = isotropic noise or flat).
 */
export interface OrientationField {
  angle: Float32Array;
  coherence: Float32Array;
  /** Smoothed doubled-angle vector of the ridge orientation (for interpolation between blocks). */
  cos2: Float32Array;
  sin2: Float32Array;
}

/** Sobel gradients accumulated into per-block tensor sums. */
export function blockGradientTensors(image: FloatImage, grid: BlockGrid): GradientTensors {
  const { width, height, data } = image;
  const n = grid.columns * grid.rows;
  const xx = new Float32Array(n);
  const yy = new Float32Array(n);
  const xy = new Float32Array(n);
  const { size, columns } = grid;
  for (let y = 1; y < height - 1; y++) {
    const rowBase = Math.floor(y / size) * columns;
    const up = (y - 1) * width;
    const mid = y * width;
    const down = (y + 1) * width;
    // one block's stretch of the row at a time, its sums held in locals (rounded to float32 after
    // every add, as the Float32Array element was)
    for (let c = 0; c < columns; c++) {
      const from = Math.max(1, c * size);
      const to = Math.min(width - 1, (c + 1) * size);
      if (from >= to) continue;
      const b = rowBase + c;
      let sxx = xx[b]!;
      let syy = yy[b]!;
      let sxy = xy[b]!;
      for (let x = from; x < to; x++) {
        const gx = data[up + x + 1]! + 2 * data[mid + x + 1]! + data[down + x + 1]! - data[up + x - 1]! - 2 * data[mid + x - 1]! - data[down + x - 1]!;
        const gy = data[down + x - 1]! + 2 * data[down + x]! + data[down + x + 1]! - data[up + x - 1]! - 2 * data[up + x]! - data[up + x + 1]!;
        sxx = Math.fround(sxx + gx * gx);
        syy = Math.fround(syy + gy * gy);
        sxy = Math.fround(sxy + gx * gy);
      }
      xx[b] = sxx;
      yy[b] = syy;
      xy[b] = sxy;
    }
  }
  return { xx, yy, xy };
}

/**
 * Orientation field by Gaussian averaging of the block tensors — the same as averaging the
 * doubled-angle gradient vectors weighted by squared magnitude, so opposite gradients on the two
 * flanks of a ridge reinforce instead of cancelling.
 */
export function orientationField(tensors: GradientTensors, grid: BlockGrid, sigmaBlocks: number, mask?: Uint8Array): OrientationField {
  const [xx, yy, xy] = smoothBlockFields([tensors.xx, tensors.yy, tensors.xy], grid, sigmaBlocks, mask) as [Float32Array, Float32Array, Float32Array];
  const n = xx.length;
  const angle = new Float32Array(n);
  const coherence = new Float32Array(n);
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    const vx = xx[b]! - yy[b]!;
    const vy = 2 * xy[b]!;
    const magnitude = Math.hypot(vx, vy);
    const energy = xx[b]! + yy[b]!;
    coherence[b] = energy > 1e-9 ? magnitude / energy : 0;
    // the ridge runs perpendicular to the dominant gradient: doubled angle + π
    const ridgeCos2 = magnitude > 1e-12 ? -vx / magnitude : 1;
    const ridgeSin2 = magnitude > 1e-12 ? -vy / magnitude : 0;
    cos2[b] = ridgeCos2;
    sin2[b] = ridgeSin2;
    let a = 0.5 * Math.atan2(ridgeSin2, ridgeCos2);
    if (a < 0) a += Math.PI;
    angle[b] = a;
  }
  return { angle, coherence, cos2, sin2 };
}
