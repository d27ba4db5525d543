/*
 * binarize's threshold in WebAssembly SIMD: ridge pixel = (mask byte ≠ 0) ∧ (response < 0), sixteen
 * pixels per vector, and where the value changes from one pixel to the next (the row cuts), as bits.
 *  - f32x4.lt against 0 is the JavaScript `<` on the float32 value: false for NaN and for −0, as
 *    there. The lanes' all-ones / zero results are narrowed (signed, saturating: −1 stays −1) to
 *    bytes, cleared where the mask byte is 0, and negated to 1 / 0.
 *  - Change bits: pixel i's bit is set when its value differs from pixel i − 1's (pixel −1 counts
 *    as 0); bit i of the 32-bit word ⌊i / 32⌋, little-endian as the memory is.
 * The module is assembled here from its bytes; the image and mask are copied into its memory.
 */
import { compileKernels, coreOps, I32, instantiateKernels, kernelModuleBytes, procedureType, simd, uleb, V128, vec } from '@kura/formats';

/** The instructions used, by name (memory immediates: alignment exponent, then byte offset). */
const op = {
  ...coreOps,
  shl: [0x74],
  or: [0x72],
  i32Store: (offset: number): number[] => [0x36, 2, ...uleb(offset)],
  load: (offset: number): number[] => simd(0x00, 4, ...uleb(offset)),
  store: (offset: number): number[] => simd(0x0b, 4, ...uleb(offset)),
  /** lanes 15 … 30 of the two operands side by side: the previous vector's last byte, then the first fifteen of this one */
  shiftInPrevious: simd(0x0d, ...Array.from({ length: 16 }, (_, k) => 15 + k)),
  i8x16Eq: simd(0x23),
  f32x4Lt: simd(0x43),
  andNot: simd(0x4f),
  xor: simd(0x51),
  i8x16Neg: simd(0x61),
  i8x16Bitmask: simd(0x64),
  i8x16NarrowI16x8S: simd(0x65),
  i16x8NarrowI32x4S: simd(0x85),
};

/** Pixels one loop turn handles: two vectors of sixteen, one word of change bits. */
export const THRESHOLD_GROUP_PIXELS = 32;

/**
 * threshold(data, mask, binary, changes, groupCount): per group of 32 pixels, the response at `data`
 * (float32), the mask at `mask` (bytes), the ridge bytes to `binary`, the change bits to `changes`
 * (one i32). All four are byte addresses of the group-0 element; groupCount is at least 1.
 */
function thresholdBody(): number[] {
  const [data, mask, binary, changes, groupCount] = [0, 1, 2, 3, 4];
  const [bits] = [5];
  const [previous, value, zero] = [6, 7, 8];
  const locals = vec([
    [...uleb(1), I32],
    [...uleb(3), V128],
  ]);
  const body: number[] = [];
  body.push(...op.zero, ...op.set(previous), ...op.zero, ...op.set(zero));
  body.push(...op.loop);
  for (let half = 0; half < 2; half++) {
    // response < 0 as −1 / 0 bytes
    for (let pair = 0; pair < 2; pair++) {
      for (let k = 0; k < 2; k++) body.push(...op.get(data), ...op.load(64 * half + 32 * pair + 16 * k), ...op.get(zero), ...op.f32x4Lt);
      body.push(...op.i16x8NarrowI32x4S);
    }
    body.push(...op.i8x16NarrowI16x8S);
    // cleared where the mask byte is 0
    body.push(...op.get(mask), ...op.load(16 * half), ...op.get(zero), ...op.i8x16Eq, ...op.andNot, ...op.set(value));
    body.push(...op.get(binary), ...op.get(value), ...op.i8x16Neg, ...op.store(16 * half));
    // change bits: value xor the value one pixel before
    body.push(...op.get(value), ...op.get(previous), ...op.get(value), ...op.shiftInPrevious, ...op.xor, ...op.i8x16Bitmask);
    if (half === 0) body.push(...op.set(bits));
    else body.push(...op.i32(16), ...op.shl, ...op.get(bits), ...op.or, ...op.set(bits));
    body.push(...op.get(value), ...op.set(previous));
  }
  body.push(...op.get(changes), ...op.get(bits), ...op.i32Store(0));
  body.push(...op.get(data), ...op.i32(4 * THRESHOLD_GROUP_PIXELS), ...op.add, ...op.set(data));
  body.push(...op.get(mask), ...op.i32(THRESHOLD_GROUP_PIXELS), ...op.add, ...op.set(mask));
  body.push(...op.get(binary), ...op.i32(THRESHOLD_GROUP_PIXELS), ...op.add, ...op.set(binary));
  body.push(...op.get(changes), ...op.i32(4), ...op.add, ...op.set(changes));
  body.push(...op.get(groupCount), ...op.i32(-1), ...op.add, ...op.set(groupCount));
  body.push(...op.i32(0), ...op.get(groupCount), ...op.ltU, ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/** The kernel bound to one growable memory (kept from one call to the next). */
export interface ThresholdKernel {
  /** The memory's current buffer (replaced when it grows). */
  buffer(): ArrayBuffer;
  /** Grows the memory to at least `bytes` bytes. */
  reserve(bytes: number): void;
  threshold(data: number, mask: number, binary: number, changes: number, groupCount: number): void;
}

let kept: ThresholdKernel | null | undefined;

/** The kernel, or null where WebAssembly (with SIMD) is not available. */
export function thresholdKernel(): ThresholdKernel | null {
  if (kept === undefined) {
    const module = compileKernels(kernelModuleBytes([procedureType([I32, I32, I32, I32, I32])], [{ name: 'threshold', type: 0, body: thresholdBody() }]));
    kept = module === null ? null : instantiateKernels<ThresholdKernel>(module, ['threshold']);
  }
  return kept;
}
