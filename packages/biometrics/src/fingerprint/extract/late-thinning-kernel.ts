/*
 * thinning's Zhang–Suen step in WebAssembly SIMD, on the packed image of thinning.ts (32 pixels per
 * i32 word, rows of `stride` words with a clear word at each end): four words per vector, each lane
 * doing removedBits' bitwise logic on its word — the same operations, so the same bits. A call tests
 * every word (the JavaScript form skips words whose result cannot have changed: the same removals),
 * then clears the removed pixels, and returns whether any was removed.
 */
import { compileKernels, coreOps, I32, instantiateKernels, kernelModuleBytes, simd, uleb, V128, vec } from '@kura/formats';

/** The instructions used, by name (memory immediates: alignment exponent, then byte offset). */
const op = {
  ...coreOps,
  load: (offset: number): number[] => simd(0x00, 4, ...uleb(offset)),
  store: (offset: number): number[] => simd(0x0b, 4, ...uleb(offset)),
  and: simd(0x4e),
  andNot: simd(0x4f),
  or: simd(0x50),
  anyTrue: simd(0x53),
  shl: simd(0xab),
  shrU: simd(0xad),
};

/** Words per vector. */
export const STEP_GROUP_WORDS = 4;

/**
 * firstStep / secondStep(first, removal, groupCount, rowBytes) → 1 when a pixel was removed, else 0:
 * `first` the byte address of the first word tested, `removal` where the removed bits go (as many
 * words), rowBytes = 4 · stride. groupCount is at least 1; the words around every tested word must
 * be in memory.
 */
function stepBody(secondStep: boolean): number[] {
  const [first, removal, groupCount, rowBytes] = [0, 1, 2, 3];
  const [word, out, left] = [4, 5, 6];
  const [centre, above, below, n, ne, e, se, s, sw, w, nw, once, twice, t, removed, any] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(16), V128],
  ]);
  const get = op.get;
  const rowOf = (row: number): number[] => [...get(word), ...(row === 0 ? [] : [...get(rowBytes), ...(row < 0 ? op.sub : op.add)])];
  /** the four words at the tested ones' position in row −1, 0 or +1, shifted by `words` (−1, 0, +1) */
  const load = (row: number, words: number): number[] => (words < 0 ? [...rowOf(row), ...op.i32(4), ...op.sub, ...op.load(0)] : [...rowOf(row), ...op.load(4 * words)]);
  // east(word, next) = word >>> 1 | next << 31; west(word, previous) = word << 1 | previous >>> 31
  const east = (row: number[], next: number[]): number[] => [...row, ...op.i32(1), ...op.shrU, ...next, ...op.i32(31), ...op.shl, ...op.or];
  const west = (row: number[], previous: number[]): number[] => [...row, ...op.i32(1), ...op.shl, ...previous, ...op.i32(31), ...op.shrU, ...op.or];
  const body: number[] = [];
  body.push(...get(first), ...op.set(word), ...get(removal), ...op.set(out), ...get(groupCount), ...op.set(left), ...op.zero, ...op.set(any));
  // test every word (into `removal`) before any is changed
  body.push(...op.loop);
  body.push(...load(0, 0), ...op.set(centre), ...load(-1, 0), ...op.set(above), ...load(1, 0), ...op.set(below));
  body.push(...get(above), ...op.set(n));
  body.push(...east(get(above), load(-1, 1)), ...op.set(ne));
  body.push(...east(get(centre), load(0, 1)), ...op.set(e));
  body.push(...east(get(below), load(1, 1)), ...op.set(se));
  body.push(...get(below), ...op.set(s));
  body.push(...west(get(below), load(1, -1)), ...op.set(sw));
  body.push(...west(get(centre), load(0, -1)), ...op.set(w));
  body.push(...west(get(above), load(-1, -1)), ...op.set(nw));
  // 0→1 transitions t_k = ¬p_k ∧ p_k+1 (andNot(p_k+1, p_k)) around the ring; once / twice as in removedBits
  const ring = [n, ne, e, se, s, sw, w, nw];
  for (let k = 0; k < 8; k++) {
    body.push(...get(ring[(k + 1) % 8]!), ...get(ring[k]!), ...op.andNot, ...op.set(t));
    if (k === 0) {
      body.push(...get(t), ...op.set(once), ...op.zero, ...op.set(twice));
    } else {
      body.push(...get(twice), ...get(once), ...get(t), ...op.and, ...op.or, ...op.set(twice));
      body.push(...get(once), ...get(t), ...op.or, ...op.set(once));
    }
  }
  // removed = centre ∧ once ∧ ¬twice ∧ adjacentSet ∧ adjacentClear ∧ sides
  body.push(...get(centre), ...get(once), ...op.and, ...get(twice), ...op.andNot, ...op.set(removed));
  // adjacentSet = ∨ (p_k ∧ p_k+1)
  for (let k = 0; k < 8; k++) {
    body.push(...get(ring[k]!), ...get(ring[(k + 1) % 8]!), ...op.and);
    if (k > 0) body.push(...op.or);
  }
  body.push(...get(removed), ...op.and, ...op.set(removed));
  // adjacentClear = ¬ ∧ (p_k ∨ p_k+1)
  for (let k = 0; k < 8; k++) {
    body.push(...get(ring[k]!), ...get(ring[(k + 1) % 8]!), ...op.or);
    if (k > 0) body.push(...op.and);
  }
  body.push(...op.set(t), ...get(removed), ...get(t), ...op.andNot, ...op.set(removed));
  // sides: first step ¬(E ∧ S ∧ (N ∨ W)), second ¬(N ∧ W ∧ (E ∨ S))
  const [a, b, c, d] = secondStep ? [n, w, e, s] : [e, s, n, w];
  body.push(...get(removed), ...get(a), ...get(b), ...op.and, ...get(c), ...get(d), ...op.or, ...op.and, ...op.andNot, ...op.set(removed));
  body.push(...get(out), ...get(removed), ...op.store(0));
  body.push(...get(any), ...get(removed), ...op.or, ...op.set(any));
  body.push(...get(word), ...op.i32(16), ...op.add, ...op.set(word), ...get(out), ...op.i32(16), ...op.add, ...op.set(out));
  body.push(...get(left), ...op.i32(1), ...op.sub, ...op.set(left));
  body.push(...op.i32(0), ...get(left), ...op.ltU, ...op.brIf(0), ...op.end);
  // then clear the removed pixels
  body.push(...get(first), ...op.set(word), ...get(removal), ...op.set(out), ...get(groupCount), ...op.set(left));
  body.push(...op.loop);
  body.push(...get(word), ...load(0, 0), ...get(out), ...op.load(0), ...op.andNot, ...op.store(0));
  body.push(...get(word), ...op.i32(16), ...op.add, ...op.set(word), ...get(out), ...op.i32(16), ...op.add, ...op.set(out));
  body.push(...get(left), ...op.i32(1), ...op.sub, ...op.set(left));
  body.push(...op.i32(0), ...get(left), ...op.ltU, ...op.brIf(0), ...op.end);
  body.push(...get(any), ...op.anyTrue);
  body.push(...op.end);
  return [...locals, ...body];
}

/** The kernels bound to one growable memory (kept from one call to the next). */
export interface ThinningKernels {
  /** The memory's current buffer (replaced when it grows). */
  buffer(): ArrayBuffer;
  /** Grows the memory to at least `bytes` bytes. */
  reserve(bytes: number): void;
  firstStep(first: number, removal: number, groupCount: number, rowBytes: number): number;
  secondStep(first: number, removal: number, groupCount: number, rowBytes: number): number;
}

let kept: ThinningKernels | null | undefined;

/** The kernels, or null where WebAssembly (with SIMD) is not available. */
export function thinningKernels(): ThinningKernels | null {
  if (kept === undefined) {
    const stepType = [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[I32]])];
    const module = compileKernels(
      kernelModuleBytes(
        [stepType],
        [
          { name: 'firstStep', type: 0, body: stepBody(false) },
          { name: 'secondStep', type: 0, body: stepBody(true) },
        ],
      ),
    );
    kept = module === null ? null : instantiateKernels<ThinningKernels>(module, ['firstStep', 'secondStep']);
  }
  return kept;
}
