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
 * alive at once never share memory. Buffers come back zeroed, as new ones do. Buffers larger than
 * maxKeptScratchBytes are never kept.
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
  if (!reusing || bytes > maxKeptScratchBytes) return new ArrayBuffer(bytes);
  const kept = slots.get(slot);
  if (kept && kept.byteLength >= bytes) {
    new Uint8Array(kept, 0, bytes).fill(0);
    return kept;
  }
  const fresh = new ArrayBuffer(bytes);
  slots.set(slot, fresh);
  return fresh;
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
