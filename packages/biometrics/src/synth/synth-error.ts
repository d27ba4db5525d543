/** The typed error of the synthetic fingerprint generator: which argument, and why. */
export type SynthErrorCode = 'BAD_SEED' | 'BAD_COUNT' | 'BAD_RESOLUTION' | 'BAD_SIZE' | 'BAD_CLASS' | 'BAD_OUTPUT' | 'BAD_RASTER';

export class SynthError extends Error {
  override readonly name = 'SynthError';
  constructor(
    readonly code: SynthErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export function assertSeed(seed: unknown, field = 'seed'): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new SynthError('BAD_SEED', field, `must be a non-negative integer (got ${String(seed)})`);
  }
}

export function assertCount(count: unknown, field: string, max = 1_000_000_000): asserts count is number {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || count > max) {
    throw new SynthError('BAD_COUNT', field, `must be an integer from 0 to ${max} (got ${String(count)})`);
  }
}
