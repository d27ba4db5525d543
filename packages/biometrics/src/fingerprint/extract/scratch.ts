import { maxKeptScratchBytes } from './parameters.js';

/**
 * Full-image work buffers kept from one extraction to the next instead of allocated per image.
 * A typed array's backing store lives outside the JS heap but still counts towards the collector's
 * limits: a dozen full-image buffers per image made V8 run a full mark-compact every few images,
 * mostly on its helper threads. Each thread (worker) has its own module instance and extraction
 * is synchronous, so a slot is never used by two extractions at once.
 *
 * Reuse happens only inside `withScratchReuse` (extractFingerprint without an observer); anywhere
 * else the functions below return fresh buffers, so a stage called on its own, or an intermediate
 * handed to an observer, is never overwritten later. Each call site names its own slot: two buffers
 * alive at once never share memory. Buffers come back zeroed, as new ones do — except from the
 * `unzeroed…` functions, for a caller that writes every element before reading it (clearing a kept
 * buffer then is wasted work). Buffers larger than maxKeptScratchBytes are never kept.
 */
const slots = new Map<string, ArrayBuffer>();
let reusing = false;

/** Runs `extract` with the scratch slots reused; whatever it returns must not hold a scratch buffer. */
export function withScratchReuse<T>(extract: () => T): T {
  const outer = reusing;
  reusing = true;
  try {
    return extract();
  } finally {
    reusing = outer;
  }
}

function zeroedBuffer(slot: string, bytes: number): ArrayBuffer {
  const buffer = keptBuffer(slot, bytes);
  if (buffer !== undefined) {
    new Uint8Array(buffer, 0, bytes).fill(0);
    return buffer;
  }
  return freshBuffer(slot, bytes);
}

/** A slot's kept buffer with at least `bytes`, with whatever the last user left in it. */
function keptBuffer(slot: string, bytes: number): ArrayBuffer | undefined {
  if (!reusing || bytes > maxKeptScratchBytes) return undefined;
  const kept = slots.get(slot);
  return kept && kept.byteLength >= bytes ? kept : undefined;
}

function freshBuffer(slot: string, bytes: number): ArrayBuffer {
  const fresh = new ArrayBuffer(bytes);
  if (reusing && bytes <= maxKeptScratchBytes) slots.set(slot, fresh);
  return fresh;
}

function unzeroedBuffer(slot: string, bytes: number): ArrayBuffer {
  return keptBuffer(slot, bytes) ?? freshBuffer(slot, bytes);
}

export function scratchFloat32(slot: string, length: number): Float32Array {
  return new Float32Array(zeroedBuffer(slot, length * Float32Array.BYTES_PER_ELEMENT), 0, length);
}

export function scratchInt32(slot: string, length: number): Int32Array {
  return new Int32Array(zeroedBuffer(slot, length * Int32Array.BYTES_PER_ELEMENT), 0, length);
}

export function scratchUint8(slot: string, length: number): Uint8Array {
  return new Uint8Array(zeroedBuffer(slot, length), 0, length);
}

/** Like scratchInt32, but a kept buffer comes back as its last user left it: every element must be written before it is read. */
export function unzeroedScratchInt32(slot: string, length: number): Int32Array {
  return new Int32Array(unzeroedBuffer(slot, length * Int32Array.BYTES_PER_ELEMENT), 0, length);
}

/** Like scratchUint8, but a kept buffer comes back as its last user left it: every element must be written before it is read. */
export function unzeroedScratchUint8(slot: string, length: number): Uint8Array {
  return new Uint8Array(unzeroedBuffer(slot, length), 0, length);
}
