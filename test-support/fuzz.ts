import fc from 'fast-check';
import { isFormatError } from '../packages/formats/src/errors.js';

/**
 * How many mutated inputs each parser's fuzz test feeds it: 10,000 in CI (`npm test`),
 * 1,000,000 with `npm run fuzz` (which sets KURA_FUZZ_RUNS).
 */
export const fuzzRuns = Number(process.env.KURA_FUZZ_RUNS ?? 10_000);

/** Per-test timeout that grows with the number of runs, so `npm run fuzz` is not cut short. */
export const fuzzTimeoutMs = Math.max(120_000, fuzzRuns * 5);

/**
 * Mutations of a valid seed: flipped bytes, overwritten runs, truncation, extension,
 * and length-like fields blown up — the shapes real corruption and hostile files take.
 */
export function mutatedBytes(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = Math.max(1, seed.length);
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(n - 1), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('max' as const), at: fc.nat(n - 1), span: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(n) }),
    fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 32 }) }),
    fc.record({ kind: fc.constant('splice' as const), at: fc.nat(n - 1), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let out = Uint8Array.from(seed);
    for (const e of edits) {
      switch (e.kind) {
        case 'set':
          if (e.at < out.length) out[e.at] = e.value;
          break;
        case 'max':
          for (let i = e.at; i < Math.min(out.length, e.at + e.span); i++) out[i] = 0xff;
          break;
        case 'truncate':
          out = out.subarray(0, Math.min(e.at, out.length));
          break;
        case 'append': {
          const next = new Uint8Array(out.length + e.bytes.length);
          next.set(out);
          next.set(e.bytes, out.length);
          out = next;
          break;
        }
        case 'splice':
          out.set(e.bytes.subarray(0, Math.max(0, out.length - e.at)), Math.min(e.at, out.length));
          break;
      }
    }
    return out;
  });
}

/**
 * Runs `parse` on mutated seeds and on pure garbage: every outcome must be a value or a FormatError
 * (typed, with offset and field) — never another exception.
 */
export function assertOnlyFormatErrors(seeds: Uint8Array[], parse: (bytes: Uint8Array) => unknown, runs = fuzzRuns): void {
  const input = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...seeds).chain((s) => mutatedBytes(s)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  );
  fc.assert(
    fc.property(input, (bytes) => {
      try {
        parse(bytes);
      } catch (e) {
        if (!isFormatError(e)) throw e;
        if (!Number.isInteger(e.offset) || e.offset < 0 || !e.field) throw new Error(`FormatError without offset/field: ${e.message}`);
      }
    }),
    { numRuns: runs },
  );
}
