import { earlyKernels, TENSOR_GROUP_BLOCKS, TENSOR_GROUP_BYTES, uploadImage, type EarlyKernels } from './early-kernels.js';
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

/**
 * Sobel gradients accumulated into per-block tensor sums. `wholeGreys` says that every pixel is an
 * integer in 0 … 255 (as the bytes of a grey image are), which lets the kernel work in float32.
 * `imageInKernels` says that the kernels' memory still holds this image as blockStatistics left it
 * (nothing used the kernels since), so it is not copied again.
 */
export function blockGradientTensors(image: FloatImage, grid: BlockGrid, wholeGreys = false, imageInKernels = false): GradientTensors {
  const n = grid.columns * grid.rows;
  const tensors = { xx: new Float32Array(n), yy: new Float32Array(n), xy: new Float32Array(n) };
  const kernels = earlyKernels(grid.size);
  if (kernels === null) addBlockTensors(image, grid, 0, grid.columns, tensors);
  else addBlockTensorsWithKernels(kernels, image, grid, tensors, wholeGreys, imageInKernels);
  return tensors;
}

/**
 * The blocks whose pixels (and their neighbours) lie whole inside the image, four at a time, in the
 * WebAssembly kernel (the same sums, see early-kernels.ts); the blocks along the left and right
 * edges and those left over in JavaScript. Every block is summed by one of the two, over its rows
 * in order, so the order of the two does not matter.
 */
function addBlockTensorsWithKernels(kernels: EarlyKernels, image: FloatImage, grid: BlockGrid, tensors: GradientTensors, wholeGreys: boolean, imageInKernels: boolean): void {
  const { width, height, data } = image;
  const { size, columns, rows } = grid;
  const groupBlocks = TENSOR_GROUP_BLOCKS;
  // blocks 1 … innerEnd − 1 have a pixel on both sides of every one of theirs
  const innerEnd = Math.max(1, Math.floor((width - 1) / size));
  const groups = Math.floor((innerEnd - 1) / groupBlocks);
  if (groups === 0 || height < 3) {
    addBlockTensors(image, grid, 0, columns, tensors);
    return;
  }
  const outAt = data.length * 4;
  if (!imageInKernels) uploadImage(kernels, data);
  kernels.reserve(outAt + groups * TENSOR_GROUP_BYTES);
  const sums = new Float32Array(kernels.buffer(), outAt, groups * groupBlocks * 3);
  const { xx, yy, xy } = tensors;
  for (let r = 0; r < rows; r++) {
    const from = Math.max(1, r * size);
    const to = Math.min(height - 1, (r + 1) * size);
    if (from >= to) break;
    // the pixel left of block 1's first one, in the block row's first pixel row
    (wholeGreys ? kernels.tensorsOfGreys : kernels.tensors)((from * width + size - 1) * 4, width * 4, to - from, groups, outAt);
    for (let g = 0; g < groups; g++) {
      for (let k = 0; k < groupBlocks; k++) {
        const b = r * columns + 1 + g * groupBlocks + k;
        const at = g * 3 * groupBlocks + k;
        xx[b] = sums[at]!;
        yy[b] = sums[at + groupBlocks]!;
        xy[b] = sums[at + 2 * groupBlocks]!;
      }
    }
  }
  addBlockTensors(image, grid, 0, 1, tensors);
  addBlockTensors(image, grid, 1 + groups * groupBlocks, columns, tensors);
}

/** Adds the tensor sums of the block columns [firstColumn, endColumn) (all rows) to `tensors`. */
function addBlockTensors(image: FloatImage, grid: BlockGrid, firstColumn: number, endColumn: number, tensors: GradientTensors): void {
  const { width, height, data } = image;
  const { size, columns } = grid;
  const { xx, yy, xy } = tensors;
  const start = Math.max(1, firstColumn * size);
  if (start >= width - 1) return;
  for (let y = 1; y < height - 1; y++) {
    const rowBase = Math.floor(y / size) * columns;
    const up = (y - 1) * width;
    const mid = y * width;
    const down = (y + 1) * width;
    // The 3×3 neighbourhood slides along the row: two of its columns carry over, one is read
    // (mid already doubled, as the Sobel weights want it: exact).
    let upLeft = data[up + start - 1]!;
    let twoMidLeft = 2 * data[mid + start - 1]!;
    let downLeft = data[down + start - 1]!;
    let upCentre = data[up + start]!;
    let twoMidCentre = 2 * data[mid + start]!;
    let downCentre = data[down + start]!;
    // one block's stretch of the row at a time, its sums held in locals (rounded to float32 after
    // every add, as the Float32Array element was)
    for (let c = firstColumn; c < endColumn; c++) {
      const from = Math.max(1, c * size);
      const to = Math.min(width - 1, (c + 1) * size);
      if (from >= to) break;
      const b = rowBase + c;
      let sxx = xx[b]!;
      let syy = yy[b]!;
      let sxy = xy[b]!;
      for (let x = from; x < to; x++) {
        const upRight = data[up + x + 1]!;
        const twoMidRight = 2 * data[mid + x + 1]!;
        const downRight = data[down + x + 1]!;
        const gx = upRight + twoMidRight + downRight - upLeft - twoMidLeft - downLeft;
        const gy = downLeft + 2 * downCentre + downRight - upLeft - 2 * upCentre - upRight;
        sxx = Math.fround(sxx + gx * gx);
        syy = Math.fround(syy + gy * gy);
        sxy = Math.fround(sxy + gx * gy);
        upLeft = upCentre;
        twoMidLeft = twoMidCentre;
        downLeft = downCentre;
        upCentre = upRight;
        twoMidCentre = twoMidRight;
        downCentre = downRight;
      }
      xx[b] = sxx;
      yy[b] = syy;
      xy[b] = sxy;
    }
  }
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
    const magnitude = hypot(vx, vy);
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

/**
 * orientationField's coherence (unmasked) alone, the same operations, at the blocks set in `blocks`
 * (0 elsewhere): for the foreground segmentation, which reads it only where the contrast is high.
 */
export function orientationCoherence(tensors: GradientTensors, grid: BlockGrid, sigmaBlocks: number, blocks: Uint8Array): Float32Array {
  const [xx, yy, xy] = smoothBlockFields([tensors.xx, tensors.yy, tensors.xy], grid, sigmaBlocks) as [Float32Array, Float32Array, Float32Array];
  const coherence = new Float32Array(xx.length);
  for (let b = 0; b < coherence.length; b++) {
    if (!blocks[b]) continue;
    const energy = xx[b]! + yy[b]!;
    coherence[b] = energy > 1e-9 ? hypot(xx[b]! - yy[b]!, 2 * xy[b]!) / energy : 0;
  }
  return coherence;
}

/**
 * Math.hypot(x, y) computed by V8's own steps (scale both by the larger magnitude, add the
 * squares, square root, scale back: builtins-math.cc), giving the same bits without the call into
 * the runtime, which the optimising compiler does not inline and costs several times more. Zero,
 * infinities and NaN go to the builtin.
 */
function hypot(x: number, y: number): number {
  const a = Math.abs(x);
  const b = Math.abs(y);
  if (!(a < Infinity && b < Infinity) || (a === 0 && b === 0)) return Math.hypot(x, y);
  const largest = a > b ? a : b;
  const p = a / largest;
  const q = b / largest;
  return Math.sqrt(p * p + q * q) * largest;
}
