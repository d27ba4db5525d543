/*
 * Synthesis kernels in WebAssembly. JavaScript has only double arithmetic, so the JavaScript kernels
 * round every product and sum to single precision with Math.fround (two conversions each), which is
 * most of their cost. WebAssembly's f32 operations are IEEE single-precision operations: the same
 * correctly rounded results, with no conversion, and f32x4 does four columns at once. The module is
 * assembled here from its bytes (it is small), and the planes it filters live in its memory.
 */
import { compileKernels, coreOps, F32, I32, kernelModuleBytes, procedureType, uleb, V128, vec, webAssembly, type WasmModule } from '../wasm-assembly.js';


/** The instructions used, by name. */
const op = {
  ...coreOps,
  shl: [0x74],
  geU: [0x4f],
  gtU: [0x4b],
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
  f32Mul: [0x94],
  f32Add: [0x92],
  v128Load: [0xfd, ...uleb(0x00), 0, 0],
  v128LoadAt: (offset: number): number[] => [0xfd, ...uleb(0x00), 0, ...uleb(offset)],
  v128StoreAt: (offset: number): number[] => [0xfd, ...uleb(0x0b), 0, ...uleb(offset)],
  f32LoadAt: (offset: number): number[] => [0x2a, 2, ...uleb(offset)],
  i32LoadAt: (offset: number): number[] => [0x28, 2, ...uleb(offset)],
  mul: [0x6c],
  f32StoreAt: (offset: number): number[] => [0x38, 2, ...uleb(offset)],
  shuffle: (lanes: number[]): number[] => [0xfd, ...uleb(0x0d), ...lanes],
  f32: (x: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  f32Min: [0x96],
  f32Max: [0x97],
  truncSat: [0xfc, ...uleb(0x00)],
  store8At: (offset: number): number[] => [0x3a, 0, ...uleb(offset)],
  f32x4TruncSat: [0xfd, ...uleb(0xf8)],
  narrow32To16: [0xfd, ...uleb(0x85)],
  narrow16To8: [0xfd, ...uleb(0x66)],
  v128Store: [0xfd, ...uleb(0x0b), 0, 0],
  splat: [0xfd, ...uleb(0x13)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
} as const;

/**
 * columnPair(low, high, even, odd, stride, width, e0..e6, d0..d8, pairs), addresses and stride in bytes:
 * for each of `width` columns, even = ((((((l0 e0 + l1 e1) + l2 e2) + h0 e3) + h1 e4) + h2 e5) + h3 e6)
 * and odd = l0 d0 + ... + l3 d3 + h0 d4 + ... + h4 d8, summed left to right in single precision,
 * where l_j is the sample j rows below `low` and h_j j rows below `high`. Then the same for the
 * next pair of output rows (two rows down) from the windows one row down, `pairs` times in all:
 * away from the edges consecutive pairs share their terms, and one call makes them all.
 */
function columnPairBody(): number[] {
  const [low, high, even, odd, stride, width] = [0, 1, 2, 3, 4, 5];
  const coef = (j: number): number => 6 + j; // e0..e6 then d0..d8
  const pairs = 22;
  // Locals after the 23 parameters.
  const c = 23;
  const pL = 24;
  const pH = 25;
  const pE = 26;
  const pO = 27;
  const s2 = 28;
  const s3 = 29;
  const s4 = 30;
  const r = 31;
  const splat = (j: number): number => 32 + j; // 16 of them
  const sample = (j: number): number => 48 + j; // l0..l3 then h0..h4, as v128
  const scalar = (j: number): number => 57 + j; // the same as f32
  const locals = vec([
    [...uleb(9), I32],
    [...uleb(16 + 9), V128],
    [...uleb(9), F32],
  ]);
  const rowAddress = (base: number, j: number): number[] => (j === 0 ? op.get(base) : [...op.get(base), ...op.get(j === 1 ? stride : j === 2 ? s2 : j === 3 ? s3 : s4), ...op.add]);
  const rowOf = (s: number): [number, number] => (s < 4 ? [pL, s] : [pH, s - 4]);

  const body: number[] = [];
  body.push(...op.get(stride), ...op.i32(1), ...op.shl, ...op.set(s2));
  body.push(...op.get(s2), ...op.get(stride), ...op.add, ...op.set(s3));
  body.push(...op.get(s2), ...op.i32(1), ...op.shl, ...op.set(s4));
  for (let j = 0; j < 16; j++) body.push(...op.get(coef(j)), ...op.splat, ...op.set(splat(j)));
  body.push(...op.i32(0), ...op.set(r));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(r), ...op.get(pairs), ...op.geU, ...op.brIf(1));
  body.push(...op.get(low), ...op.set(pL), ...op.get(high), ...op.set(pH), ...op.get(even), ...op.set(pE), ...op.get(odd), ...op.set(pO));
  body.push(...op.i32(0), ...op.set(c));
  const advance = (bytes: number): number[] => {
    const out: number[] = [];
    for (const p of [pL, pH, pE, pO]) out.push(...op.get(p), ...op.i32(bytes), ...op.add, ...op.set(p));
    out.push(...op.get(c), ...op.i32(bytes >> 2), ...op.add, ...op.set(c));
    return out;
  };
  // Four columns at a time while at least four remain.
  body.push(...op.block, ...op.loop);
  body.push(...op.get(c), ...op.i32(4), ...op.add, ...op.get(width), ...op.gtU, ...op.brIf(1));
  for (let s = 0; s < 9; s++) {
    const [base, j] = rowOf(s);
    body.push(...rowAddress(base, j), ...op.v128Load, ...op.set(sample(s)));
  }
  body.push(...op.get(pE), ...termSum(EVEN_TERMS, op.f32x4Mul, op.f32x4Add, (s) => op.get(sample(s)), (j) => op.get(splat(j))), ...op.v128Store);
  body.push(...op.get(pO), ...termSum(ODD_TERMS, op.f32x4Mul, op.f32x4Add, (s) => op.get(sample(s)), (j) => op.get(splat(j))), ...op.v128Store);
  body.push(...advance(16), ...op.br(0), ...op.end, ...op.end);
  // The last columns one by one.
  body.push(...op.block, ...op.loop);
  body.push(...op.get(c), ...op.get(width), ...op.geU, ...op.brIf(1));
  for (let s = 0; s < 9; s++) {
    const [base, j] = rowOf(s);
    body.push(...rowAddress(base, j), ...op.f32Load, ...op.set(scalar(s)));
  }
  body.push(...op.get(pE), ...termSum(EVEN_TERMS, op.f32Mul, op.f32Add, (s) => op.get(scalar(s)), (j) => op.get(coef(j))), ...op.f32Store);
  body.push(...op.get(pO), ...termSum(ODD_TERMS, op.f32Mul, op.f32Add, (s) => op.get(scalar(s)), (j) => op.get(coef(j))), ...op.f32Store);
  body.push(...advance(4), ...op.br(0), ...op.end, ...op.end);
  // Next pair: the windows move one row down, the outputs two.
  for (const p of [low, high]) body.push(...op.get(p), ...op.get(stride), ...op.add, ...op.set(p));
  for (const p of [even, odd]) body.push(...op.get(p), ...op.get(s2), ...op.add, ...op.set(p));
  body.push(...op.get(r), ...op.i32(1), ...op.add, ...op.set(r), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/** Terms of the even output (sample, coefficient) and of the odd one: samples l0..l3 are 0..3, h0..h4 4..8. */
const EVEN_TERMS: [number, number][] = [[0, 0], [1, 1], [2, 2], [4, 3], [5, 4], [6, 5], [7, 6]];
const ODD_TERMS: [number, number][] = [[0, 7], [1, 8], [2, 9], [3, 10], [4, 11], [5, 12], [6, 13], [7, 14], [8, 15]];

/** Sum of the terms, left to right: value(s) pushes sample s, k(j) coefficient j. */
function termSum(terms: [number, number][], mul: readonly number[], add: readonly number[], value: (s: number) => number[], k: (j: number) => number[]): number[] {
  const out: number[] = [];
  terms.forEach(([s, j], i) => {
    out.push(...value(s), ...k(j), ...mul);
    if (i > 0) out.push(...add);
  });
  return out;
}

/**
 * columnLowPair(low, even, odd, stride, width, e0..e2, d0..d3, pairs), addresses and stride in bytes:
 * columnPair for outputs that read only the low band (a 7/9 synthesis whose high band is known to
 * be zero, its terms left out): even = (l0 e0 + l1 e1) + l2 e2 and odd = ((l0 d0 + l1 d1) + l2 d2) + l3 d3,
 * left to right in single precision, for `pairs` pairs of output rows, each reading one row further.
 */
function columnLowPairBody(): number[] {
  const [low, even, odd, stride, width] = [0, 1, 2, 3, 4];
  const coef = (j: number): number => 5 + j; // e0..e2 then d0..d3
  const pairs = 12;
  const c = 13;
  const pL = 14;
  const pE = 15;
  const pO = 16;
  const s2 = 17;
  const s3 = 18;
  const r = 19;
  const splat = (j: number): number => 20 + j; // 7 of them
  const sample = (j: number): number => 27 + j; // l0..l3 as v128
  const scalar = (j: number): number => 31 + j; // the same as f32
  const locals = vec([
    [...uleb(7), I32],
    [...uleb(7 + 4), V128],
    [...uleb(4), F32],
  ]);
  const rowAddress = (j: number): number[] => (j === 0 ? op.get(pL) : [...op.get(pL), ...op.get(j === 1 ? stride : j === 2 ? s2 : s3), ...op.add]);
  const advance = (bytes: number): number[] => {
    const out: number[] = [];
    for (const p of [pL, pE, pO]) out.push(...op.get(p), ...op.i32(bytes), ...op.add, ...op.set(p));
    out.push(...op.get(c), ...op.i32(bytes >> 2), ...op.add, ...op.set(c));
    return out;
  };
  const body: number[] = [];
  body.push(...op.get(stride), ...op.i32(1), ...op.shl, ...op.set(s2));
  body.push(...op.get(s2), ...op.get(stride), ...op.add, ...op.set(s3));
  for (let j = 0; j < 7; j++) body.push(...op.get(coef(j)), ...op.splat, ...op.set(splat(j)));
  body.push(...op.i32(0), ...op.set(r));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(r), ...op.get(pairs), ...op.geU, ...op.brIf(1));
  body.push(...op.get(low), ...op.set(pL), ...op.get(even), ...op.set(pE), ...op.get(odd), ...op.set(pO), ...op.i32(0), ...op.set(c));
  // Four columns at a time while at least four remain.
  body.push(...op.block, ...op.loop);
  body.push(...op.get(c), ...op.i32(4), ...op.add, ...op.get(width), ...op.gtU, ...op.brIf(1));
  for (let j = 0; j < 4; j++) body.push(...rowAddress(j), ...op.v128Load, ...op.set(sample(j)));
  body.push(...op.get(pE), ...termSum(EVEN_LOW_TERMS, op.f32x4Mul, op.f32x4Add, (j) => op.get(sample(j)), (j) => op.get(splat(j))), ...op.v128Store);
  body.push(...op.get(pO), ...termSum(ODD_LOW_TERMS, op.f32x4Mul, op.f32x4Add, (j) => op.get(sample(j)), (j) => op.get(splat(j))), ...op.v128Store);
  body.push(...advance(16), ...op.br(0), ...op.end, ...op.end);
  // The last columns one by one.
  body.push(...op.block, ...op.loop);
  body.push(...op.get(c), ...op.get(width), ...op.geU, ...op.brIf(1));
  for (let j = 0; j < 4; j++) body.push(...rowAddress(j), ...op.f32Load, ...op.set(scalar(j)));
  body.push(...op.get(pE), ...termSum(EVEN_LOW_TERMS, op.f32Mul, op.f32Add, (j) => op.get(scalar(j)), (j) => op.get(coef(j))), ...op.f32Store);
  body.push(...op.get(pO), ...termSum(ODD_LOW_TERMS, op.f32Mul, op.f32Add, (j) => op.get(scalar(j)), (j) => op.get(coef(j))), ...op.f32Store);
  body.push(...advance(4), ...op.br(0), ...op.end, ...op.end);
  // Next pair: the window moves one row down, the outputs two.
  body.push(...op.get(low), ...op.get(stride), ...op.add, ...op.set(low));
  for (const p of [even, odd]) body.push(...op.get(p), ...op.get(s2), ...op.add, ...op.set(p));
  body.push(...op.get(r), ...op.i32(1), ...op.add, ...op.set(r), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/** Terms of columnLowPair's even and odd outputs (sample, coefficient): samples l0..l3, coefficients e0..e2 then d0..d3. */
const EVEN_LOW_TERMS: [number, number][] = [[0, 0], [1, 1], [2, 2]];
const ODD_LOW_TERMS: [number, number][] = [[0, 3], [1, 4], [2, 5], [3, 6]];

/**
 * rowPair(low, high, out, count, e0..e6, d0..d8), addresses in bytes: the SlidingPair of
 * separable-filter.ts. Pair m writes out[2m] = l0 e0 + l1 e1 + l2 e2 + h0 e3 + ... + h3 e6 and
 * out[2m + 1] = l0 d0 + ... + l3 d3 + h0 d4 + ... + h4 d8, summed left to right in single precision,
 * where l_j = low[m + j] and h_j = high[m + j]. Four pairs at a time: lane i of each vector is pair m + i.
 */
function rowPairBody(): number[] {
  const [low, high, out, count] = [0, 1, 2, 3];
  const coef = (j: number): number => 4 + j;
  const [rows, stride] = [20, 21];
  const m = 22;
  const pL = 23;
  const pH = 24;
  const pO = 25;
  const r = 26;
  const splat = (j: number): number => 27 + j;
  const sample = (j: number): number => 43 + j;
  const a = 52;
  const b = 53;
  const scalar = (j: number): number => 54 + j;
  const locals = vec([
    [...uleb(5), I32],
    [...uleb(16 + 9 + 2), V128],
    [...uleb(9), F32],
  ]);
  const at = (s: number, bytes: number): [number, number] => (s < 4 ? [pL, s * bytes] : [pH, (s - 4) * bytes]);
  const body: number[] = [];
  for (let j = 0; j < 16; j++) body.push(...op.get(coef(j)), ...op.splat, ...op.set(splat(j)));
  const advance = (pairs: number): number[] => [
    ...op.get(pL), ...op.i32(4 * pairs), ...op.add, ...op.set(pL),
    ...op.get(pH), ...op.i32(4 * pairs), ...op.add, ...op.set(pH),
    ...op.get(pO), ...op.i32(8 * pairs), ...op.add, ...op.set(pO),
    ...op.get(m), ...op.i32(pairs), ...op.add, ...op.set(m),
  ];
  body.push(...op.i32(0), ...op.set(r));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(r), ...op.get(rows), ...op.geU, ...op.brIf(1));
  body.push(...op.get(low), ...op.set(pL), ...op.get(high), ...op.set(pH), ...op.get(out), ...op.set(pO), ...op.i32(0), ...op.set(m));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(m), ...op.i32(4), ...op.add, ...op.get(count), ...op.gtU, ...op.brIf(1));
  for (let s = 0; s < 9; s++) {
    const [p, offset] = at(s, 4);
    body.push(...op.get(p), ...op.v128LoadAt(offset), ...op.set(sample(s)));
  }
  body.push(...termSum(EVEN_TERMS, op.f32x4Mul, op.f32x4Add, (s) => op.get(sample(s)), (j) => op.get(splat(j))), ...op.set(a));
  body.push(...termSum(ODD_TERMS, op.f32x4Mul, op.f32x4Add, (s) => op.get(sample(s)), (j) => op.get(splat(j))), ...op.set(b));
  // Interleave: even0 odd0 even1 odd1, then even2 odd2 even3 odd3.
  const lanes = (first: number): number[] => [0, 1].flatMap((k) => [...[0, 1, 2, 3].map((x) => (first + k) * 4 + x), ...[0, 1, 2, 3].map((x) => 16 + (first + k) * 4 + x)]);
  body.push(...op.get(pO), ...op.get(a), ...op.get(b), ...op.shuffle(lanes(0)), ...op.v128StoreAt(0));
  body.push(...op.get(pO), ...op.get(a), ...op.get(b), ...op.shuffle(lanes(2)), ...op.v128StoreAt(16));
  body.push(...advance(4), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.block, ...op.loop);
  body.push(...op.get(m), ...op.get(count), ...op.geU, ...op.brIf(1));
  for (let s = 0; s < 9; s++) {
    const [p, offset] = at(s, 4);
    body.push(...op.get(p), ...op.f32LoadAt(offset), ...op.set(scalar(s)));
  }
  body.push(...op.get(pO), ...termSum(EVEN_TERMS, op.f32Mul, op.f32Add, (s) => op.get(scalar(s)), (j) => op.get(coef(j))), ...op.f32StoreAt(0));
  body.push(...op.get(pO), ...termSum(ODD_TERMS, op.f32Mul, op.f32Add, (s) => op.get(scalar(s)), (j) => op.get(coef(j))), ...op.f32StoreAt(4));
  body.push(...advance(1), ...op.br(0), ...op.end, ...op.end);
  // Next row.
  for (const p of [low, high, out]) body.push(...op.get(p), ...op.get(stride), ...op.add, ...op.set(p));
  body.push(...op.get(r), ...op.i32(1), ...op.add, ...op.set(r), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/**
 * rowTerms(input, output, rows, stride, table, outputs), addresses and stride in bytes: for each of
 * `rows` rows (`stride` apart) and each of `outputs` entries of the table, output[n] = the sum of
 * input[source] x coef over the entry's terms, left to right in single precision. An entry is
 * n (bytes), count (at least 1), then count pairs of source (bytes) and coefficient (f32).
 */
function rowTermsBody(): number[] {
  const [input, output, rows, stride, table, outputs] = [0, 1, 2, 3, 4, 5];
  const r = 6;
  const e = 7;
  const tp = 8;
  const count = 9;
  const t = 10;
  const acc = 11;
  const locals = vec([
    [...uleb(5), I32],
    [...uleb(1), F32],
  ]);
  const term = (at: number): number[] => [...op.get(input), ...op.get(tp), ...op.i32LoadAt(at), ...op.add, ...op.f32LoadAt(0), ...op.get(tp), ...op.f32LoadAt(at + 4), ...op.f32Mul];
  const body: number[] = [];
  body.push(...op.i32(0), ...op.set(r));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(r), ...op.get(rows), ...op.geU, ...op.brIf(1));
  body.push(...op.get(table), ...op.set(tp), ...op.i32(0), ...op.set(e));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(e), ...op.get(outputs), ...op.geU, ...op.brIf(1));
  body.push(...op.get(tp), ...op.i32LoadAt(4), ...op.set(count));
  body.push(...term(8), ...op.set(acc));
  // Terms 1.. : tp moves to each term in turn (the entry's n and count stay at a fixed distance behind).
  body.push(...op.i32(1), ...op.set(t));
  body.push(...op.block, ...op.loop);
  body.push(...op.get(t), ...op.get(count), ...op.geU, ...op.brIf(1));
  body.push(...op.get(tp), ...op.i32(8), ...op.add, ...op.set(tp));
  body.push(...op.get(acc), ...term(8), ...op.f32Add, ...op.set(acc));
  body.push(...op.get(t), ...op.i32(1), ...op.add, ...op.set(t), ...op.br(0), ...op.end, ...op.end);
  // tp is at the entry's last term minus one step: the entry started at tp - 8 (count - 1).
  body.push(...op.get(output));
  body.push(...op.get(tp), ...op.get(count), ...op.i32(1), ...op.sub, ...op.i32(8), ...op.mul, ...op.sub, ...op.i32LoadAt(0));
  body.push(...op.add, ...op.get(acc), ...op.f32StoreAt(0));
  body.push(...op.get(tp), ...op.i32(16), ...op.add, ...op.set(tp));
  body.push(...op.get(e), ...op.i32(1), ...op.add, ...op.set(e), ...op.br(0), ...op.end, ...op.end);
  for (const p of [input, output]) body.push(...op.get(p), ...op.get(stride), ...op.add, ...op.set(p));
  body.push(...op.get(r), ...op.i32(1), ...op.add, ...op.set(r), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/**
 * columnTerms(output, width, table, count): for each of `width` columns, output = the sum of
 * row_j x coef_j over the table's `count` (at least 1) pairs of row address (bytes) and coefficient
 * (f32), left to right in single precision. Four columns at a time.
 */
function columnTermsBody(): number[] {
  const [output, width, table, count] = [0, 1, 2, 3];
  const c = 4;
  const end = 5;
  const tp = 6;
  const t = 7;
  const acc = 8;
  const scalar = 9;
  const locals = vec([
    [...uleb(4), I32],
    [...uleb(1), V128],
    [...uleb(1), F32],
  ]);
  const vectorTerm = [...op.get(tp), ...op.i32LoadAt(0), ...op.get(c), ...op.add, ...op.v128LoadAt(0), ...op.get(tp), ...op.f32LoadAt(4), ...op.splat, ...op.f32x4Mul];
  const scalarTerm = [...op.get(tp), ...op.i32LoadAt(0), ...op.get(c), ...op.add, ...op.f32LoadAt(0), ...op.get(tp), ...op.f32LoadAt(4), ...op.f32Mul];
  const loop = (step: number, term: number[], local: number, store: number[]): number[] => [
    ...op.block, ...op.loop,
    ...op.get(c), ...op.i32(step), ...op.add, ...op.get(end), ...op.gtU, ...op.brIf(1),
    ...op.get(table), ...op.set(tp), ...term, ...op.set(local),
    ...op.i32(1), ...op.set(t),
    ...op.block, ...op.loop,
    ...op.get(t), ...op.get(count), ...op.geU, ...op.brIf(1),
    ...op.get(tp), ...op.i32(8), ...op.add, ...op.set(tp),
    ...op.get(local), ...term, ...(step === 16 ? op.f32x4Add : op.f32Add), ...op.set(local),
    ...op.get(t), ...op.i32(1), ...op.add, ...op.set(t), ...op.br(0), ...op.end, ...op.end,
    ...op.get(output), ...op.get(c), ...op.add, ...op.get(local), ...store,
    ...op.get(c), ...op.i32(step), ...op.add, ...op.set(c), ...op.br(0), ...op.end, ...op.end,
  ];
  const body: number[] = [];
  body.push(...op.get(width), ...op.i32(2), ...op.shl, ...op.set(end), ...op.i32(0), ...op.set(c));
  body.push(...loop(16, vectorTerm, acc, op.v128StoreAt(0)));
  body.push(...loop(4, scalarTerm, scalar, op.f32StoreAt(0)));
  body.push(...op.end);
  return [...locals, ...body];
}

/**
 * grey(src, dst, count, shift, scale), addresses in bytes: the byte at dst + i is
 * ((src[i] x scale) + shift) + 1/2 in single precision, clamped to 0..255 and truncated (NaN gives 0),
 * as greyRun in dequantize.ts. Sixteen samples at a time.
 */
function greyBody(): number[] {
  const [src, dst, count, shift, scale] = [0, 1, 2, 3, 4];
  const i = 5;
  const ps = 6;
  const pd = 7;
  const shiftV = 8;
  const scaleV = 9;
  const halfV = 10;
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(3), V128],
  ]);
  const body: number[] = [];
  body.push(...op.get(shift), ...op.splat, ...op.set(shiftV), ...op.get(scale), ...op.splat, ...op.set(scaleV));
  body.push(...op.f32(0.5), ...op.splat, ...op.set(halfV));
  body.push(...op.get(src), ...op.set(ps), ...op.get(dst), ...op.set(pd), ...op.i32(0), ...op.set(i));
  const advance = (samples: number): number[] => [
    ...op.get(ps), ...op.i32(4 * samples), ...op.add, ...op.set(ps),
    ...op.get(pd), ...op.i32(samples), ...op.add, ...op.set(pd),
    ...op.get(i), ...op.i32(samples), ...op.add, ...op.set(i),
  ];
  // No clamping before the truncation here: it saturates (NaN gives 0), and so do both narrowings
  // (signed 32 to 16 bits, then unsigned 16 to 8 bits, which maps negatives to 0 and more than 255
  // to 255); a value below 0 truncates to at most 0 and one of 255 or more to at least 255, so the
  // bytes are those of clamping first.
  const vector = (q: number): number[] => [
    ...op.get(ps), ...op.v128LoadAt(16 * q), ...op.get(scaleV), ...op.f32x4Mul, ...op.get(shiftV), ...op.f32x4Add, ...op.get(halfV), ...op.f32x4Add,
    ...op.f32x4TruncSat,
  ];
  body.push(...op.block, ...op.loop);
  body.push(...op.get(i), ...op.i32(16), ...op.add, ...op.get(count), ...op.gtU, ...op.brIf(1));
  body.push(...op.get(pd), ...vector(0), ...vector(1), ...op.narrow32To16, ...vector(2), ...vector(3), ...op.narrow32To16, ...op.narrow16To8, ...op.v128StoreAt(0));
  body.push(...advance(16), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.block, ...op.loop);
  body.push(...op.get(i), ...op.get(count), ...op.geU, ...op.brIf(1));
  body.push(...op.get(pd), ...op.get(ps), ...op.f32LoadAt(0), ...op.get(scale), ...op.f32Mul, ...op.get(shift), ...op.f32Add, ...op.f32(0.5), ...op.f32Add);
  body.push(...op.f32(0), ...op.f32Max, ...op.f32(255), ...op.f32Min, ...op.truncSat, ...op.store8At(0));
  body.push(...advance(1), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

function moduleBytes(): Uint8Array {
  const coefficients = Array<number>(16).fill(F32);
  const i32s = (n: number): number[] => Array<number>(n).fill(I32);
  return kernelModuleBytes(
    [
      procedureType([...i32s(6), ...coefficients, I32]),
      procedureType([...i32s(4), ...coefficients, I32, I32]),
      procedureType([I32, I32, I32, F32, F32]),
      procedureType(i32s(6)),
      procedureType(i32s(4)),
      procedureType([...i32s(5), ...Array<number>(7).fill(F32), I32]),
    ],
    [
      { name: 'columnPair', type: 0, body: columnPairBody() },
      { name: 'rowPair', type: 1, body: rowPairBody() },
      { name: 'grey', type: 2, body: greyBody() },
      { name: 'rowTerms', type: 3, body: rowTermsBody() },
      { name: 'columnTerms', type: 4, body: columnTermsBody() },
      { name: 'columnLowPair', type: 5, body: columnLowPairBody() },
    ],
  );
}

export type ColumnPairKernel = (
  low: number, high: number, even: number, odd: number, stride: number, width: number,
  e0: number, e1: number, e2: number, e3: number, e4: number, e5: number, e6: number,
  d0: number, d1: number, d2: number, d3: number, d4: number, d5: number, d6: number, d7: number, d8: number,
  pairs: number,
) => void;

export type ColumnLowPairKernel = (
  low: number, even: number, odd: number, stride: number, width: number,
  e0: number, e1: number, e2: number, d0: number, d1: number, d2: number, d3: number,
  pairs: number,
) => void;

export type RowPairKernel = (
  low: number, high: number, out: number, count: number,
  e0: number, e1: number, e2: number, e3: number, e4: number, e5: number, e6: number,
  d0: number, d1: number, d2: number, d3: number, d4: number, d5: number, d6: number, d7: number, d8: number,
  rows: number, stride: number,
) => void;

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly (with SIMD) is not available. */
function kernelModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileKernels(moduleBytes());
  return compiled;
}

/** Float planes in a WebAssembly memory, with the kernels bound to it. */
export interface KernelMemory {
  buffer: ArrayBuffer;
  columnPair: ColumnPairKernel;
  rowPair: RowPairKernel;
  grey: (src: number, dst: number, count: number, shift: number, scale: number) => void;
  rowTerms: (input: number, output: number, rows: number, stride: number, table: number, outputs: number) => void;
  columnTerms: (output: number, width: number, table: number, count: number) => void;
  columnLowPair: ColumnLowPairKernel;
  /** A scratch area for the tables of rowTerms and columnTerms: its address and views. */
  table: number;
  tableWords: Int32Array;
  tableFloats: Float32Array;
}

/** Bytes of the table area. */
export const TABLE_BYTES = 8192;

/** A memory of at least `bytes` bytes with its kernels, or undefined without WebAssembly. */
export function kernelMemory(bytes: number): KernelMemory | undefined {
  const module = kernelModule();
  if (module === null || webAssembly === undefined) return undefined;
  const table = Math.ceil(bytes / 8) * 8;
  const memory = new webAssembly.Memory({ initial: Math.max(1, Math.ceil((table + TABLE_BYTES) / 65536)) });
  const instance = new webAssembly.Instance(module, { e: { m: memory } });
  return {
    buffer: memory.buffer,
    columnPair: instance.exports.columnPair as ColumnPairKernel,
    rowPair: instance.exports.rowPair as RowPairKernel,
    grey: instance.exports.grey as KernelMemory['grey'],
    rowTerms: instance.exports.rowTerms as KernelMemory['rowTerms'],
    columnTerms: instance.exports.columnTerms as KernelMemory['columnTerms'],
    columnLowPair: instance.exports.columnLowPair as ColumnLowPairKernel,
    table,
    tableWords: new Int32Array(memory.buffer, table, TABLE_BYTES / 4),
    tableFloats: new Float32Array(memory.buffer, table, TABLE_BYTES / 4),
  };
}
