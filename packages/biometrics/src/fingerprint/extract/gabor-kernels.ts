/*
 * The Gabor passes' inner sums in WebAssembly SIMD. The JavaScript filter sums each pixel in float64:
 * 0 + w0·s0 + w1·s1 + … in tap order (weights float32 held as float64, samples float32), then stores
 * the sum to a Float32Array (round to nearest). Here each f64x2 lane does exactly that sequence for
 * one pixel — f32→f64 promotion, f64 multiply, f64 add, no fused multiply-add, no reassociation — and
 * f32.demote rounds as the typed-array store does: the same bits, two pixels per instruction.
 * The module is assembled here from its bytes (it is small); the images it filters live in its memory.
 */
import { compileKernels, coreOps, I32, instantiateKernels, kernelModuleBytes, procedureType, simd, uleb, V128, vec } from '@kura/formats';


/** The instructions used, by name (memory immediates: alignment exponent, then byte offset). */
const op = {
  ...coreOps,
  i32Load: (offset: number): number[] => [0x28, 2, ...uleb(offset)],
  f64Load: [0x2b, 3, 0],
  load32Zero: simd(0x5c, 2, 0),
  load64Zero: (offset: number): number[] => simd(0x5d, 3, ...uleb(offset)),
  load32Lane: (lane: number): number[] => simd(0x56, 2, 0, lane),
  store32Lane: (lane: number): number[] => simd(0x5a, 2, 0, lane),
  store64LaneAt: (offset: number): number[] => simd(0x5b, 3, ...uleb(offset), 0),
  f64x2Splat: simd(0x14),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  promoteLow: simd(0x5f),
  demoteZero: simd(0x5e),
};

/** Bytes per tap in memory: its weight (f64) at 0, its byte offset from the centre sample (i32) at 8. */
export const TAP_BYTES = 16;
/** Bytes per run record: first tap, end of taps, first centre sample, first target (byte addresses); eight pixels side by side. */
export const RUN_RECORD_BYTES = 16;
/** Bytes per gathered record: first tap, end of taps, eight centre samples, eight targets (byte addresses). */
export const GATHERED_RECORD_BYTES = 72;

/** acc += w · promote(sample pair) for f64x2 accumulator `acc`; the pair's two f32 are on the stack. */
const accumulate = (acc: number, weight: number): number[] => [...op.promoteLow, ...op.get(weight), ...op.f64x2Mul, ...op.get(acc), ...op.f64x2Add, ...op.set(acc)];

/**
 * runs(records, recordsEnd): per record, the eight pixels centre … centre + 7 (adjacent samples) with
 * one filter; lane pair k holds pixels 2k and 2k + 1. Records hold at least one tap.
 */
function runsBody(): number[] {
  const [record, recordsEnd] = [0, 1];
  const [tap, tapsEnd, centre, target] = [2, 3, 4, 5];
  const weight = 6;
  const acc = (k: number): number => 7 + k;
  const locals = vec([
    [...uleb(4), I32],
    [...uleb(5), V128],
  ]);
  const body: number[] = [];
  body.push(...op.loop);
  body.push(...op.get(record), ...op.i32Load(0), ...op.set(tap));
  body.push(...op.get(record), ...op.i32Load(4), ...op.set(tapsEnd));
  body.push(...op.get(record), ...op.i32Load(8), ...op.set(centre));
  body.push(...op.get(record), ...op.i32Load(12), ...op.set(target));
  for (let k = 0; k < 4; k++) body.push(...op.zero, ...op.set(acc(k)));
  body.push(...op.loop);
  body.push(...op.get(tap), ...op.f64Load, ...op.f64x2Splat, ...op.set(weight));
  for (let k = 0; k < 4; k++) {
    body.push(...op.get(centre), ...op.get(tap), ...op.i32Load(8), ...op.add, ...op.load64Zero(8 * k), ...accumulate(acc(k), weight));
  }
  body.push(...op.get(tap), ...op.i32(TAP_BYTES), ...op.add, ...op.set(tap));
  body.push(...op.get(tap), ...op.get(tapsEnd), ...op.ltU, ...op.brIf(0), ...op.end);
  for (let k = 0; k < 4; k++) body.push(...op.get(target), ...op.get(acc(k)), ...op.demoteZero, ...op.store64LaneAt(8 * k));
  body.push(...op.get(record), ...op.i32(RUN_RECORD_BYTES), ...op.add, ...op.set(record));
  body.push(...op.get(record), ...op.get(recordsEnd), ...op.ltU, ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/** gathered(records, recordsEnd): per record, eight pixels anywhere with one filter; lane pair k holds pixels 2k and 2k + 1. */
function gatheredBody(): number[] {
  const [record, recordsEnd] = [0, 1];
  const [tap, tapsEnd, offset] = [2, 3, 4];
  const centre = (i: number): number => 5 + i;
  const target = (i: number): number => 13 + i;
  const weight = 21;
  const acc = (k: number): number => 22 + k;
  const rounded = 26;
  const locals = vec([
    [...uleb(19), I32],
    [...uleb(6), V128],
  ]);
  const body: number[] = [];
  body.push(...op.loop);
  body.push(...op.get(record), ...op.i32Load(0), ...op.set(tap));
  body.push(...op.get(record), ...op.i32Load(4), ...op.set(tapsEnd));
  for (let i = 0; i < 8; i++) body.push(...op.get(record), ...op.i32Load(8 + 4 * i), ...op.set(centre(i)));
  for (let i = 0; i < 8; i++) body.push(...op.get(record), ...op.i32Load(40 + 4 * i), ...op.set(target(i)));
  for (let k = 0; k < 4; k++) body.push(...op.zero, ...op.set(acc(k)));
  body.push(...op.loop);
  body.push(...op.get(tap), ...op.f64Load, ...op.f64x2Splat, ...op.set(weight));
  body.push(...op.get(tap), ...op.i32Load(8), ...op.set(offset));
  for (let k = 0; k < 4; k++) {
    body.push(...op.get(centre(2 * k)), ...op.get(offset), ...op.add, ...op.load32Zero);
    body.push(...op.set(rounded), ...op.get(centre(2 * k + 1)), ...op.get(offset), ...op.add, ...op.get(rounded), ...op.load32Lane(1));
    body.push(...accumulate(acc(k), weight));
  }
  body.push(...op.get(tap), ...op.i32(TAP_BYTES), ...op.add, ...op.set(tap));
  body.push(...op.get(tap), ...op.get(tapsEnd), ...op.ltU, ...op.brIf(0), ...op.end);
  for (let k = 0; k < 4; k++) {
    body.push(...op.get(acc(k)), ...op.demoteZero, ...op.set(rounded));
    body.push(...op.get(target(2 * k)), ...op.get(rounded), ...op.store32Lane(0));
    body.push(...op.get(target(2 * k + 1)), ...op.get(rounded), ...op.store32Lane(1));
  }
  body.push(...op.get(record), ...op.i32(GATHERED_RECORD_BYTES), ...op.add, ...op.set(record));
  body.push(...op.get(record), ...op.get(recordsEnd), ...op.ltU, ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

function moduleBytes(): Uint8Array {
  return kernelModuleBytes(
    [procedureType([I32, I32])],
    [
      { name: 'runs', type: 0, body: runsBody() },
      { name: 'gathered', type: 0, body: gatheredBody() },
    ],
  );
}

/** The kernels bound to one growable memory (kept from one call to the next). */
export interface GaborKernels {
  /** The memory's current buffer (replaced when it grows). */
  buffer(): ArrayBuffer;
  /** Grows the memory to at least `bytes` bytes. */
  reserve(bytes: number): void;
  runs(records: number, recordsEnd: number): void;
  gathered(records: number, recordsEnd: number): void;
}

let kept: GaborKernels | null | undefined;

/** The kernels, or null where WebAssembly (with SIMD) is not available. */
export function gaborKernels(): GaborKernels | null {
  if (kept === undefined) {
    const module = compileKernels(moduleBytes());
    kept = module === null ? null : instantiateKernels<GaborKernels>(module, ['runs', 'gathered']);
  }
  return kept;
}
