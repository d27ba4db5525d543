import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnsiNist, readAnsiNistMinutiae, summarizeTransaction, ansiNistImages, writeAnsiNist, type AnsiNistTransaction } from '../src/ansi-nist/index.js';
import { isFormatError } from '../src/errors.js';
import { assertOnlyFormatErrors, fuzzRuns, fuzzTimeoutMs } from '../../../test-support/fuzz.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const dir = sharedData('formats', 'ansi-nist');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir!, name)));

/** A small seed made of real records: Type-1, Type-2 and the first Type-9 of a reference file. */
function minutiaeSeed(name: string): Uint8Array {
  const t = parseAnsiNist(read(name));
  const small: AnsiNistTransaction = { records: t.records.filter((r) => r.type <= 2 || r.type === 9).slice(0, 3) };
  return writeAnsiNist(small);
}

/** A hand-built transaction with every binary record type and a tagged image record. */
function binarySeed(): Uint8Array {
  const fgp = [1, 255, 255, 255, 255, 255];
  const data = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
  const t: AnsiNistTransaction = {
    records: [
      {
        kind: 'tagged',
        type: 1,
        fields: [
          { kind: 'text', number: 1, subfields: [['0']] },
          { kind: 'text', number: 2, subfields: [['0502']] },
          { kind: 'text', number: 3, subfields: [['1', '0']] },
          { kind: 'text', number: 11, subfields: [['19.69']] },
          { kind: 'text', number: 12, subfields: [['09.84']] },
        ],
      },
      { kind: 'tagged', type: 2, fields: [{ kind: 'text', number: 2, subfields: [['00']] }, { kind: 'text', number: 3, subfields: [['a', 'b'], ['c']] }] },
      { kind: 'fingerprint-image', type: 3, idc: 1, impression: 0, fingerPositions: fgp, scanningResolution: 0, width: 4, height: 2, compression: 0, data: data(8) },
      { kind: 'fingerprint-image', type: 4, idc: 2, impression: 0, fingerPositions: fgp, scanningResolution: 1, width: 4, height: 4, compression: 0, data: data(16) },
      { kind: 'fingerprint-image', type: 5, idc: 3, impression: 0, fingerPositions: fgp, scanningResolution: 0, width: 8, height: 2, compression: 0, data: data(2) },
      { kind: 'fingerprint-image', type: 6, idc: 4, impression: 0, fingerPositions: fgp, scanningResolution: 0, width: 8, height: 2, compression: 1, data: data(2) },
      { kind: 'user-defined', type: 7, idc: 5, body: data(20) },
      { kind: 'signature', type: 8, idc: 6, signatureType: 0, representation: 0, scanningResolution: 0, width: 8, height: 1, data: data(1) },
      {
        kind: 'tagged',
        type: 14,
        fields: [
          { kind: 'text', number: 2, subfields: [['07']] },
          { kind: 'text', number: 6, subfields: [['4']] },
          { kind: 'text', number: 7, subfields: [['4']] },
          { kind: 'text', number: 8, subfields: [['1']] },
          { kind: 'text', number: 9, subfields: [['500']] },
          { kind: 'text', number: 10, subfields: [['500']] },
          { kind: 'text', number: 11, subfields: [['NONE']] },
          { kind: 'binary', number: 999, data: Uint8Array.from([0x1c, 0x1d, 0x1e, 0x1f, 0x31, 0x2e, 0x3a, 0, 1, 2, 3, 4, 5, 6, 7, 8]) },
        ],
      },
    ],
  };
  return writeAnsiNist(t);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Parse (strictly, then leniently), then everything a caller may do with what parsed: summary, images, minutiae, and the writer,
 * which must accept any parsed transaction and be idempotent (write ∘ parse ∘ write = write).
 */
function parseAndUse(bytes: Uint8Array): void {
  try {
    parseAnsiNist(bytes);
  } catch (e) {
    if (!isFormatError(e)) throw e;
  }
  // The lenient reading reaches the writer with more inputs; the rewrite is then read strictly.
  const t = parseAnsiNist(bytes, { checkIdc: false });
  JSON.stringify(summarizeTransaction(t));
  ansiNistImages(t);
  for (const r of t.records) {
    if (r.kind === 'tagged' && r.type === 9) {
      try {
        readAnsiNistMinutiae(r);
      } catch (e) {
        if (!isFormatError(e)) throw e;
      }
    }
  }
  let written: Uint8Array;
  let rewritten: Uint8Array;
  try {
    written = writeAnsiNist(t);
    rewritten = writeAnsiNist(parseAnsiNist(written));
  } catch (e) {
    // Not a FormatError on purpose: the writer must never refuse what the reader accepted.
    throw new Error(`writer or re-parse refused a parsed transaction: ${(e as Error).message}`);
  }
  if (!sameBytes(written, rewritten)) throw new Error('writing is not idempotent on this input');
}

describe.skipIf(!dir)('ANSI/NIST fuzz: only FormatErrors, never a crash or a hang', () => {
  it(
    `survives ${fuzzRuns} mutated transactions and random bytes`,
    () => {
      const seeds = [read('rec01_rec02_rec16.nst.an2'), read('type-8-sig-fax.an2'), binarySeed(), minutiaeSeed('type-9-13-std.an2'), minutiaeSeed('type-9-4-iafis.an2'), minutiaeSeed('type-9-13-m1.an2')];
      for (const s of seeds) {
        expect(s.length).toBeLessThan(8000);
        parseAndUse(s); // every seed is valid before mutation
      }
      assertOnlyFormatErrors(seeds, parseAndUse);
    },
    fuzzTimeoutMs,
  );
});

if (!dir) {
  describe('ANSI/NIST fuzz', () => {
    it.skip(sharedDataMissingMessage, () => {});
  });
}
