/*
 * The per-pixel and per-block loops of the extractor's early stages in WebAssembly SIMD, each giving
 * the bits of its JavaScript form: every float64 lane does exactly the JavaScript's sequence for one
 * result — f32→f64 promotion, f64 add, subtract, multiply and divide in the same order, no fused
 * multiply-add, no reassociation — and f32.demote rounds as a Float32Array store or Math.fround does.
 *  - tensors: the Sobel tensor sums of blockGradientTensors. Each block's Gx², Gy², GxGy are added
 *    pixel by pixel in row-major order, the sum rounded to float32 after every add (demote, then
 *    promote back). A vector's lanes are two neighbouring blocks and a call walks four blocks side
 *    by side: the adds of one block still wait on one another, those of different blocks do not.
 *    tensorsOfGreys does the same for an image of whole grey levels in float32 lanes, four blocks
 *    per vector (exact there, see its comment).
 *  - statistics: blockStatistics' grey sums and sums of squares (float64 throughout), laid out as
 *    the tensors.
 *  - normalizeRow: normalizeLocally, two pixels of a row per vector.
 *  - project: the x-signature of a window inside the image (frequency.ts, projectInsideEight), two
 *    positions across the ridges per vector; the pixel coordinates truncated as `| 0` does (they
 *    are inside the image, far from the int32 limits).
 *  - convolve: smoothBlockFields' row and column passes, sums of weight · sample in tap order from
 *    0, eight sums side by side.
 * The module is assembled here from its bytes (the tensors and statistics unrolled for one block
 * size); the data it works on is copied into its memory.
 */
import { compileKernels, coreOps, F64, I32, instantiateKernels, kernelModuleBytes, procedureType, simd, uleb, V128, vec } from '@kura/formats';

/** The instructions used, by name (memory immediates: alignment exponent, then byte offset). */
const op = {
  ...coreOps,
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  f64: (value: number): number[] => {
    const bytes = new DataView(new ArrayBuffer(8));
    bytes.setFloat64(0, value, true);
    return [0x44, ...new Uint8Array(bytes.buffer)];
  },
  load32Zero: (offset: number): number[] => simd(0x5c, 2, ...uleb(offset)),
  load32Lane: (offset: number, lane: number): number[] => simd(0x56, 2, ...uleb(offset), lane),
  store64Lane: (offset: number): number[] => simd(0x5b, 3, ...uleb(offset), 0),
  load: (offset: number): number[] => simd(0x00, 4, ...uleb(offset)),
  store: (offset: number): number[] => simd(0x0b, 4, ...uleb(offset)),
  load64Zero: (offset: number): number[] => simd(0x5d, 3, ...uleb(offset)),
  i32Load: (offset: number): number[] => [0x28, 2, ...uleb(offset)],
  f64Load: [0x2b, 3, 0],
  f64x2Splat: simd(0x14),
  load64Splat: (offset: number): number[] => simd(0x0a, 3, ...uleb(offset)),
  i32x4Splat: simd(0x11),
  i32x4ExtractLane: (lane: number): number[] => simd(0x1b, lane),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  i32x4Mul: simd(0xb5),
  i32x4TruncSatF64x2Zero: simd(0xfc),
  f64x2Div: simd(0xf3),
  f64x2Max: simd(0xf5),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  promoteLow: simd(0x5f),
  demoteZero: simd(0x5e),
};

/** Blocks one call of `tensors` sums side by side (two vectors of two lanes). */
export const TENSOR_GROUP_BLOCKS = 4;
/** Bytes `tensors` writes per group: Gx² of its four blocks (f32), then Gy², then GxGy. */
export const TENSOR_GROUP_BYTES = 3 * TENSOR_GROUP_BLOCKS * 4;

/**
 * tensors(first, rowBytes, rowCount, groupCount, out) for blocks `size` pixels wide: per group of
 * four consecutive blocks, the sums over rowCount pixel rows of every pixel of the four blocks (each
 * needs its left, right, upper and lower neighbour in memory). `first` is the byte address of the
 * pixel left of the first group's first pixel in the first row; groups follow one another along the
 * row. Both counts are at least 1.
 */
function tensorsBody(size: number): number[] {
  const [first, rowBytes, rowCount, groupCount, out] = [0, 1, 2, 3, 4];
  const [groupStart, rowsLeft, up, mid, down] = [5, 6, 7, 8, 9];
  // v128 locals: per pair of blocks (lane 0 the left block, lane 1 the one `size` pixels right)
  // its three sums, three columns (left, centre, right) of the up, doubled middle and down rows,
  // and the two gradients
  const v128Base = 10;
  const perPair = 3 + 9 + 2;
  const pairLocal = (pair: number, slot: number): number => v128Base + pair * perPair + slot;
  const sum = (pair: number, component: number): number => pairLocal(pair, component);
  const sample = (pair: number, row: number, column: number): number => pairLocal(pair, 3 + row * 3 + column);
  const gx = (pair: number): number => pairLocal(pair, 12);
  const gy = (pair: number): number => pairLocal(pair, 13);
  const locals = vec([
    [...uleb(5), I32],
    [...uleb(2 * perPair), V128],
  ]);
  const rowPointers = [up, mid, down];
  const f64x2 = (a: number, b: number, operation: number[]): number[] => [...op.get(a), ...op.get(b), ...operation];

  /** The samples at pixel column `column` (0 = left of the group) of both blocks of `pair`, row `row` (0 up, 1 middle doubled, 2 down), into `into`. */
  const loadSamples = (pair: number, row: number, column: number, into: number): number[] => {
    const offset = 4 * (2 * pair * size + column);
    const code = [...op.get(rowPointers[row]!), ...op.get(rowPointers[row]!), ...op.load32Zero(offset), ...op.load32Lane(offset + 4 * size, 1), ...op.promoteLow];
    // the middle row is doubled, as the Sobel weights want it (exact)
    if (row === 1) code.push(...op.tee(into), ...op.get(into), ...op.f64x2Add);
    return [...code, ...op.set(into)];
  };
  /** sum = float32(sum + a · b), kept as float64 */
  const accumulate = (target: number, a: number, b: number): number[] => [...op.get(target), ...f64x2(a, b, op.f64x2Mul), ...op.f64x2Add, ...op.demoteZero, ...op.promoteLow, ...op.set(target)];
  /** 2 · a (exact), on the stack */
  const doubled = (a: number): number[] => f64x2(a, a, op.f64x2Add);

  const body: number[] = [];
  body.push(...op.get(first), ...op.set(groupStart));
  body.push(...op.loop);
  for (let pair = 0; pair < 2; pair++) for (let component = 0; component < 3; component++) body.push(...op.zero, ...op.set(sum(pair, component)));
  body.push(...op.get(groupStart), ...op.set(mid), ...op.get(rowCount), ...op.set(rowsLeft));
  body.push(...op.loop);
  body.push(...op.get(mid), ...op.get(rowBytes), ...op.sub, ...op.set(up));
  body.push(...op.get(mid), ...op.get(rowBytes), ...op.add, ...op.set(down));
  // The three columns rotate through three locals each: the new right column takes the slot of the
  // old left one.
  for (let pair = 0; pair < 2; pair++) for (let row = 0; row < 3; row++) for (let column = 0; column < 2; column++) body.push(...loadSamples(pair, row, column, sample(pair, row, column)));
  for (let x = 0; x < size; x++) {
    const [left, centre, right] = [x % 3, (x + 1) % 3, (x + 2) % 3];
    for (let pair = 0; pair < 2; pair++) {
      for (let row = 0; row < 3; row++) body.push(...loadSamples(pair, row, x + 2, sample(pair, row, right)));
      const [u, m, d] = [0, 1, 2].map((row) => (column: number) => sample(pair, row, column)) as [(c: number) => number, (c: number) => number, (c: number) => number];
      // gx = upRight + twoMidRight + downRight − upLeft − twoMidLeft − downLeft, left to right
      body.push(...f64x2(u(right), m(right), op.f64x2Add), ...op.get(d(right)), ...op.f64x2Add, ...op.get(u(left)), ...op.f64x2Sub, ...op.get(m(left)), ...op.f64x2Sub, ...op.get(d(left)), ...op.f64x2Sub, ...op.set(gx(pair)));
      // gy = downLeft + 2·downCentre + downRight − upLeft − 2·upCentre − upRight, left to right
      body.push(...op.get(d(left)), ...doubled(d(centre)), ...op.f64x2Add, ...op.get(d(right)), ...op.f64x2Add, ...op.get(u(left)), ...op.f64x2Sub, ...doubled(u(centre)), ...op.f64x2Sub, ...op.get(u(right)), ...op.f64x2Sub, ...op.set(gy(pair)));
      body.push(...accumulate(sum(pair, 0), gx(pair), gx(pair)), ...accumulate(sum(pair, 1), gy(pair), gy(pair)), ...accumulate(sum(pair, 2), gx(pair), gy(pair)));
    }
  }
  body.push(...op.get(mid), ...op.get(rowBytes), ...op.add, ...op.set(mid));
  body.push(...op.get(rowsLeft), ...op.i32(1), ...op.sub, ...op.tee(rowsLeft), ...op.brIf(0), ...op.end);
  // the sums are float32 values held as float64: demoted exactly, two blocks per store
  for (let component = 0; component < 3; component++) {
    for (let pair = 0; pair < 2; pair++) body.push(...op.get(out), ...op.get(sum(pair, component)), ...op.demoteZero, ...op.store64Lane(16 * component + 8 * pair));
  }
  body.push(...op.get(out), ...op.i32(TENSOR_GROUP_BYTES), ...op.add, ...op.set(out));
  body.push(...op.get(groupStart), ...op.i32(4 * TENSOR_GROUP_BLOCKS * size), ...op.add, ...op.set(groupStart));
  body.push(...op.get(groupCount), ...op.i32(1), ...op.sub, ...op.tee(groupCount), ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/**
 * tensorsOfGreys: `tensors` for an image of whole grey levels (integers 0 … 255), with the four
 * blocks of a group in the four float32 lanes of one vector. The same results: every gradient is
 * an integer of magnitude at most 4 · 255 and every product at most 1020² < 2²⁴, all exact in
 * float32 as in float64, and the float32 add of two float32 values is the float32 rounding of
 * their exact sum, which is also what rounding their float64 sum to float32 gives (float64 holds
 * more than twice float32's precision, so the double rounding is harmless).
 */
function tensorsOfGreysBody(size: number): number[] {
  const [first, rowBytes, rowCount, groupCount, out] = [0, 1, 2, 3, 4];
  const [groupStart, rowsLeft, up, mid, down] = [5, 6, 7, 8, 9];
  // v128 locals: the three sums, three columns (left, centre, right) of the up, doubled middle and
  // down rows, and the two gradients; lane k is block k of the group
  const sum = (component: number): number => 10 + component;
  const sample = (row: number, column: number): number => 13 + row * 3 + column;
  const [gx, gy] = [22, 23];
  const locals = vec([
    [...uleb(5), I32],
    [...uleb(14), V128],
  ]);
  const rowPointers = [up, mid, down];
  /** The samples at pixel column `column` (0 = left of the group) of the four blocks, row `row` (0 up, 1 middle doubled, 2 down), into `into`. */
  const loadSamples = (row: number, column: number, into: number): number[] => {
    const pointer = rowPointers[row]!;
    const offset = 4 * column;
    // one address per lane, pushed first: each lane load takes the one under the vector
    const loads: number[] = [];
    for (let lane = 0; lane < 4; lane++) loads.push(...op.get(pointer));
    loads.push(...op.load32Zero(offset));
    for (let lane = 1; lane < 4; lane++) loads.push(...op.load32Lane(offset + 4 * size * lane, lane));
    // the middle row is doubled, as the Sobel weights want it (exact)
    if (row === 1) loads.push(...op.tee(into), ...op.get(into), ...op.f32x4Add);
    return [...loads, ...op.set(into)];
  };
  const f32x4 = (a: number, b: number, operation: number[]): number[] => [...op.get(a), ...op.get(b), ...operation];
  /** sum += a · b (float32) */
  const accumulate = (target: number, a: number, b: number): number[] => [...op.get(target), ...f32x4(a, b, op.f32x4Mul), ...op.f32x4Add, ...op.set(target)];
  const doubled = (a: number): number[] => f32x4(a, a, op.f32x4Add);

  const body: number[] = [];
  body.push(...op.get(first), ...op.set(groupStart));
  body.push(...op.loop);
  for (let component = 0; component < 3; component++) body.push(...op.zero, ...op.set(sum(component)));
  body.push(...op.get(groupStart), ...op.set(mid), ...op.get(rowCount), ...op.set(rowsLeft));
  body.push(...op.loop);
  body.push(...op.get(mid), ...op.get(rowBytes), ...op.sub, ...op.set(up));
  body.push(...op.get(mid), ...op.get(rowBytes), ...op.add, ...op.set(down));
  // the three columns rotate through three locals each: the new right column takes the old left one's
  for (let row = 0; row < 3; row++) for (let column = 0; column < 2; column++) body.push(...loadSamples(row, column, sample(row, column)));
  for (let x = 0; x < size; x++) {
    const [left, centre, right] = [x % 3, (x + 1) % 3, (x + 2) % 3];
    for (let row = 0; row < 3; row++) body.push(...loadSamples(row, x + 2, sample(row, right)));
    const [u, m, d] = [0, 1, 2].map((row) => (column: number) => sample(row, column)) as [(c: number) => number, (c: number) => number, (c: number) => number];
    // gx = upRight + twoMidRight + downRight − upLeft − twoMidLeft − downLeft, left to right
    body.push(...f32x4(u(right), m(right), op.f32x4Add), ...op.get(d(right)), ...op.f32x4Add, ...op.get(u(left)), ...op.f32x4Sub, ...op.get(m(left)), ...op.f32x4Sub, ...op.get(d(left)), ...op.f32x4Sub, ...op.set(gx));
    // gy = downLeft + 2·downCentre + downRight − upLeft − 2·upCentre − upRight, left to right
    body.push(...op.get(d(left)), ...doubled(d(centre)), ...op.f32x4Add, ...op.get(d(right)), ...op.f32x4Add, ...op.get(u(left)), ...op.f32x4Sub, ...doubled(u(centre)), ...op.f32x4Sub, ...op.get(u(right)), ...op.f32x4Sub, ...op.set(gy));
    body.push(...accumulate(sum(0), gx, gx), ...accumulate(sum(1), gy, gy), ...accumulate(sum(2), gx, gy));
  }
  body.push(...op.get(mid), ...op.get(rowBytes), ...op.add, ...op.set(mid));
  body.push(...op.get(rowsLeft), ...op.i32(1), ...op.sub, ...op.tee(rowsLeft), ...op.brIf(0), ...op.end);
  for (let component = 0; component < 3; component++) body.push(...op.get(out), ...op.get(sum(component)), ...op.store(16 * component));
  body.push(...op.get(out), ...op.i32(TENSOR_GROUP_BYTES), ...op.add, ...op.set(out));
  body.push(...op.get(groupStart), ...op.i32(4 * TENSOR_GROUP_BLOCKS * size), ...op.add, ...op.set(groupStart));
  body.push(...op.get(groupCount), ...op.i32(1), ...op.sub, ...op.tee(groupCount), ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/**
 * normalizeRow(source, out, pairs, ay, by, meanTop, contrastTop, meanBottom, contrastBottom): for
 * pixels x = 0 … 2·pairs − 1 of one row (float32 at `source`, results float32 at `out`), with the
 * block rows' horizontal interpolations (float64 arrays indexed by x):
 * out[x] = (source[x] − f32(meanTop[x]·by + meanBottom[x]·ay)) / max(f32(contrastTop[x]·by + contrastBottom[x]·ay), 1).
 * `pairs` is at least 1.
 */
function normalizeRowBody(): number[] {
  const [source, out, pairs, ay, by, meanTop, contrastTop, meanBottom, contrastBottom] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [pixelBytes, rowBytes] = [9, 10];
  const [ayLanes, byLanes, one, mean] = [11, 12, 13, 14];
  const locals = vec([
    [...uleb(2), I32],
    [...uleb(4), V128],
  ]);
  const at = (row: number): number[] => [...op.get(row), ...op.get(rowBytes), ...op.add, ...op.load(0)];
  /** f32(top·by + bottom·ay), kept as float64, on the stack */
  const interpolated = (top: number, bottom: number): number[] => [...at(top), ...op.get(byLanes), ...op.f64x2Mul, ...at(bottom), ...op.get(ayLanes), ...op.f64x2Mul, ...op.f64x2Add, ...op.demoteZero, ...op.promoteLow];
  const body: number[] = [];
  body.push(...op.get(ay), ...op.f64x2Splat, ...op.set(ayLanes), ...op.get(by), ...op.f64x2Splat, ...op.set(byLanes));
  body.push(...op.f64(1), ...op.f64x2Splat, ...op.set(one));
  body.push(...op.loop);
  body.push(...interpolated(meanTop, meanBottom), ...op.set(mean));
  body.push(...op.get(out), ...op.get(pixelBytes), ...op.add);
  body.push(...op.get(source), ...op.get(pixelBytes), ...op.add, ...op.load64Zero(0), ...op.promoteLow, ...op.get(mean), ...op.f64x2Sub);
  // f64x2.max is Math.max here: NaN if either is, and ±0 never meets ±0 (the other operand is 1)
  body.push(...interpolated(contrastTop, contrastBottom), ...op.get(one), ...op.f64x2Max, ...op.f64x2Div, ...op.demoteZero, ...op.store64Lane(0));
  body.push(...op.get(pixelBytes), ...op.i32(8), ...op.add, ...op.set(pixelBytes));
  body.push(...op.get(rowBytes), ...op.i32(16), ...op.add, ...op.set(rowBytes));
  body.push(...op.get(pairs), ...op.i32(1), ...op.sub, ...op.tee(pairs), ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/** Bytes `statistics` writes per group: the grey sums of its four blocks (f64), then the sums of squares. */
export const STATISTICS_GROUP_BYTES = 2 * TENSOR_GROUP_BLOCKS * 8;

/**
 * statistics(first, rowBytes, rowCount, groupCount, out) for blocks `size` pixels wide: per group
 * of four consecutive blocks, the float64 sums of the grey levels and of their squares over rowCount
 * pixel rows, each block's pixels added in row-major order from 0 (as blockStatistics does). `first`
 * is the byte address of the first group's first pixel in the first row. Both counts are at least 1.
 */
function statisticsBody(size: number): number[] {
  const [first, rowBytes, rowCount, groupCount, out] = [0, 1, 2, 3, 4];
  const [groupStart, rowsLeft, row] = [5, 6, 7];
  const sum = (pair: number): number => 8 + pair;
  const squares = (pair: number): number => 10 + pair;
  const value = 12;
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(5), V128],
  ]);
  const body: number[] = [];
  body.push(...op.get(first), ...op.set(groupStart));
  body.push(...op.loop);
  for (let pair = 0; pair < 2; pair++) body.push(...op.zero, ...op.set(sum(pair)), ...op.zero, ...op.set(squares(pair)));
  body.push(...op.get(groupStart), ...op.set(row), ...op.get(rowCount), ...op.set(rowsLeft));
  body.push(...op.loop);
  for (let x = 0; x < size; x++) {
    for (let pair = 0; pair < 2; pair++) {
      const offset = 4 * (2 * pair * size + x);
      body.push(...op.get(row), ...op.get(row), ...op.load32Zero(offset), ...op.load32Lane(offset + 4 * size, 1), ...op.promoteLow, ...op.set(value));
      body.push(...op.get(sum(pair)), ...op.get(value), ...op.f64x2Add, ...op.set(sum(pair)));
      body.push(...op.get(squares(pair)), ...op.get(value), ...op.get(value), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(squares(pair)));
    }
  }
  body.push(...op.get(row), ...op.get(rowBytes), ...op.add, ...op.set(row));
  body.push(...op.get(rowsLeft), ...op.i32(1), ...op.sub, ...op.tee(rowsLeft), ...op.brIf(0), ...op.end);
  for (let pair = 0; pair < 2; pair++) body.push(...op.get(out), ...op.get(sum(pair)), ...op.store(16 * pair), ...op.get(out), ...op.get(squares(pair)), ...op.store(32 + 16 * pair));
  body.push(...op.get(out), ...op.i32(STATISTICS_GROUP_BYTES), ...op.add, ...op.set(out));
  body.push(...op.get(groupStart), ...op.i32(4 * TENSOR_GROUP_BLOCKS * size), ...op.add, ...op.set(groupStart));
  body.push(...op.get(groupCount), ...op.i32(1), ...op.sub, ...op.tee(groupCount), ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/** Bytes per tap in memory: its weight (f64) at 0, its byte offset from the output's own sample (i32) at 8. */
export const CONVOLVE_TAP_BYTES = 16;
/** Outputs `convolve` computes side by side. */
export const CONVOLVE_GROUP = 8;

/**
 * convolve(source, target, groups, taps, tapsEnd): per group, the eight adjacent outputs
 * target[0 … 7] = f32(0 + w₀·source[i + o₀] + w₁·source[i + o₁] + …) over the taps (at least one)
 * in order, i = 0 … 7; then source and target move on by eight floats. Lane pair k holds outputs
 * 2k and 2k + 1.
 */
function convolveBody(): number[] {
  const [source, target, groups, taps, tapsEnd] = [0, 1, 2, 3, 4];
  const [tap, at] = [5, 6];
  const weight = 7;
  const acc = (k: number): number => 8 + k;
  const locals = vec([
    [...uleb(2), I32],
    [...uleb(5), V128],
  ]);
  const body: number[] = [];
  body.push(...op.loop);
  for (let k = 0; k < 4; k++) body.push(...op.zero, ...op.set(acc(k)));
  body.push(...op.get(taps), ...op.set(tap));
  body.push(...op.loop);
  body.push(...op.get(tap), ...op.f64Load, ...op.f64x2Splat, ...op.set(weight));
  body.push(...op.get(source), ...op.get(tap), ...op.i32Load(8), ...op.add, ...op.set(at));
  for (let k = 0; k < 4; k++) body.push(...op.get(acc(k)), ...op.get(at), ...op.load64Zero(8 * k), ...op.promoteLow, ...op.get(weight), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(acc(k)));
  body.push(...op.get(tap), ...op.i32(CONVOLVE_TAP_BYTES), ...op.add, ...op.tee(tap), ...op.get(tapsEnd), ...op.ltU, ...op.brIf(0), ...op.end);
  for (let k = 0; k < 4; k++) body.push(...op.get(target), ...op.get(acc(k)), ...op.demoteZero, ...op.store64Lane(8 * k));
  body.push(...op.get(source), ...op.i32(4 * CONVOLVE_GROUP), ...op.add, ...op.set(source));
  body.push(...op.get(target), ...op.i32(4 * CONVOLVE_GROUP), ...op.add, ...op.set(target));
  body.push(...op.get(groups), ...op.i32(1), ...op.sub, ...op.tee(groups), ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

/**
 * project(cx, cy, nx, ny, pairs, alongX, alongY, across, signature, width): per position pair p (positions
 * 2p and 2p + 1, offsets across[2p], across[2p + 1], float64), the line base = (cx, cy) + across ·
 * (nx, ny), and signature[k] = f32((0 + s₀ + … + s₇) / 8) with s_j the image (float32 at address 0,
 * `width` wide) at ((base + along_j + ½) | 0) for the eight offsets along (alongX[0 … 7],
 * alongY[0 … 7], float64). `pairs` is at least 1; every sample must lie inside the image.
 */
function projectBody(): number[] {
  const [cx, cy, nx, ny, pairs, alongX, alongY, across, signature, width] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [baseX, baseY, sum, sample, widths, half, eighth] = [10, 11, 12, 13, 14, 15, 16];
  const locals = vec([[...uleb(7), V128]]);
  const splat = (parameter: number): number[] => [...op.get(parameter), ...op.f64x2Splat];
  /** (base + along_j + ½) | 0 in the low two i32 lanes */
  const coordinate = (base: number, along: number, j: number): number[] => [...op.get(base), ...op.get(along), ...op.load64Splat(8 * j), ...op.f64x2Add, ...op.get(half), ...op.f64x2Add, ...op.i32x4TruncSatF64x2Zero];
  const body: number[] = [];
  body.push(...op.get(width), ...op.i32x4Splat, ...op.set(widths));
  body.push(...op.f64(0.5), ...op.f64x2Splat, ...op.set(half), ...op.f64(8), ...op.f64x2Splat, ...op.set(eighth));
  body.push(...op.loop);
  body.push(...splat(cx), ...op.get(across), ...op.load(0), ...splat(nx), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(baseX));
  body.push(...splat(cy), ...op.get(across), ...op.load(0), ...splat(ny), ...op.f64x2Mul, ...op.f64x2Add, ...op.set(baseY));
  body.push(...op.zero, ...op.set(sum));
  for (let j = 0; j < 8; j++) {
    // byte address of the pixel, (y · width + x) · 4, in both lanes
    body.push(...coordinate(baseY, alongY, j), ...op.get(widths), ...op.i32x4Mul, ...coordinate(baseX, alongX, j), ...op.i32x4Add, ...op.i32(2), ...op.i32x4Shl, ...op.set(sample));
    body.push(...op.get(sample), ...op.i32x4ExtractLane(1), ...op.get(sample), ...op.i32x4ExtractLane(0), ...op.load32Zero(0), ...op.load32Lane(0, 1));
    body.push(...op.promoteLow, ...op.get(sum), ...op.f64x2Add, ...op.set(sum));
  }
  body.push(...op.get(signature), ...op.get(sum), ...op.get(eighth), ...op.f64x2Div, ...op.demoteZero, ...op.store64Lane(0));
  body.push(...op.get(across), ...op.i32(16), ...op.add, ...op.set(across));
  body.push(...op.get(signature), ...op.i32(8), ...op.add, ...op.set(signature));
  body.push(...op.get(pairs), ...op.i32(1), ...op.sub, ...op.tee(pairs), ...op.brIf(0), ...op.end);
  body.push(...op.end);
  return [...locals, ...body];
}

function moduleBytes(blockSize: number): Uint8Array {
  return kernelModuleBytes(
    [procedureType([I32, I32, I32, I32, I32]), procedureType([I32, I32, I32, F64, F64, I32, I32, I32, I32]), procedureType([F64, F64, F64, F64, I32, I32, I32, I32, I32, I32])],
    [
      { name: 'tensors', type: 0, body: tensorsBody(blockSize) },
      { name: 'normalizeRow', type: 1, body: normalizeRowBody() },
      { name: 'convolve', type: 0, body: convolveBody() },
      { name: 'statistics', type: 0, body: statisticsBody(blockSize) },
      { name: 'project', type: 2, body: projectBody() },
      { name: 'tensorsOfGreys', type: 0, body: tensorsOfGreysBody(blockSize) },
    ],
  );
}

/** The kernels for one block size, bound to one growable memory (kept from one call to the next). */
export interface EarlyKernels {
  /** The memory's current buffer (replaced when it grows). */
  buffer(): ArrayBuffer;
  /** Grows the memory to at least `bytes` bytes. */
  reserve(bytes: number): void;
  tensors(first: number, rowBytes: number, rowCount: number, groupCount: number, out: number): void;
  /** `tensors` for an image whose every value is an integer in 0 … 255 (faster, the same results). */
  tensorsOfGreys(first: number, rowBytes: number, rowCount: number, groupCount: number, out: number): void;
  normalizeRow(source: number, out: number, pairs: number, ay: number, by: number, meanTop: number, contrastTop: number, meanBottom: number, contrastBottom: number): void;
  convolve(source: number, target: number, groups: number, taps: number, tapsEnd: number): void;
  statistics(first: number, rowBytes: number, rowCount: number, groupCount: number, out: number): void;
  project(cx: number, cy: number, nx: number, ny: number, pairs: number, alongX: number, alongY: number, across: number, signature: number, width: number): void;
}

/** Copies a float32 image to the start of the kernels' memory, where the per-pixel kernels read it. */
export function uploadImage(kernels: EarlyKernels, data: Float32Array): void {
  kernels.reserve(data.length * 4);
  new Float32Array(kernels.buffer(), 0, data.length).set(data);
}

const kept = new Map<number, EarlyKernels | null>();

/** The kernels for blocks `blockSize` pixels wide, or null where WebAssembly (with SIMD) is not available. */
export function earlyKernels(blockSize: number): EarlyKernels | null {
  let kernels = kept.get(blockSize);
  if (kernels === undefined) {
    const module = Number.isInteger(blockSize) && blockSize >= 1 && blockSize <= 64 ? compileKernels(moduleBytes(blockSize)) : null;
    kernels = module === null ? null : instantiateKernels<EarlyKernels>(module, ['tensors', 'tensorsOfGreys', 'normalizeRow', 'convolve', 'statistics', 'project']);
    kept.set(blockSize, kernels);
  }
  return kernels;
}
