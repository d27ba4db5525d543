import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWsq, encodeWsq, inspectWsq, type GreyImage } from '../src/index.js';
import { isFormatError, type FormatError } from '../src/errors.js';
import { assertOnlyFormatErrors, fuzzRuns, fuzzTimeoutMs } from '../../../test-support/fuzz.js';
import { sharedData } from '../../../test-support/shared-data.js';

/** Small images keep each decode well under a millisecond, so 10,000 runs stay quick. */
function pattern(width: number, height: number, salt: number): GreyImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels[y * width + x] = (128 + 100 * Math.sin((x + salt) / 2.3 + y / 3.1) + ((x * y * salt) % 17)) & 0xff;
  }
  return { width, height, pixels };
}

const plainSeed = encodeWsq(pattern(40, 48, 3), { bitRate: 2.25 });
const commentSeed = encodeWsq({ ...pattern(24, 20, 7), ppi: 500 }, { bitRate: 0.75, nistComment: true, comments: ['fuzz seed'] });

/** Offset of the first segment with this marker (after SOI). */
function segmentAt(bytes: Uint8Array, marker: number): number {
  const found = inspectWsq(bytes).segments.find((s) => s.marker === marker);
  if (found === undefined) throw new Error(`no marker ${marker.toString(16)}`);
  return found.offset;
}

/** The plain seed with its DTT swapped for an even-length filter bank from NIST's not_7_9 set. */
function evenFilterSeed(): Uint8Array | undefined {
  const dir = sharedData('formats', 'wsq-nist', 'wsq', 'not_7_9');
  if (dir === undefined) return undefined;
  const nist = new Uint8Array(readFileSync(join(dir, 'cmp00013.wsq')));
  const dttAt = segmentAt(nist, 0xffa4);
  const dtt = nist.subarray(dttAt, dttAt + 2 + ((nist[dttAt + 2]! << 8) | nist[dttAt + 3]!));
  const ownAt = segmentAt(plainSeed, 0xffa4);
  const ownEnd = ownAt + 2 + ((plainSeed[ownAt + 2]! << 8) | plainSeed[ownAt + 3]!);
  const out = new Uint8Array(plainSeed.length - (ownEnd - ownAt) + dtt.length);
  out.set(plainSeed.subarray(0, ownAt));
  out.set(dtt, ownAt);
  out.set(plainSeed.subarray(ownEnd), ownAt + dtt.length);
  return out;
}

function formatError(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    if (isFormatError(e)) return e;
    throw e;
  }
  throw new Error('expected a FormatError, got a result');
}

/** The fuzz decodes with a pixel cap so a mutated size field cannot make one run slow. */
const decodeSmall = (bytes: Uint8Array): unknown => decodeWsq(bytes, { maxPixels: 1 << 16 });

describe('WSQ fuzz: only FormatErrors, never a crash, a hang or a huge allocation', () => {
  it('seeds are valid, small codestreams', () => {
    const even = evenFilterSeed();
    for (const seed of [plainSeed, commentSeed, ...(even ? [even] : [])]) {
      expect(seed.length).toBeLessThan(2000);
      expect(() => decodeWsq(seed)).not.toThrow();
    }
    if (even) expect(inspectWsq(even).transform.lowpass.length % 2).toBe(0);
  });

  it(`decodes ${fuzzRuns} mutated codestreams and garbage`, () => {
    const even = evenFilterSeed();
    assertOnlyFormatErrors([plainSeed, commentSeed, ...(even ? [even] : [])], decodeSmall);
  }, fuzzTimeoutMs);

  it(`inspects ${fuzzRuns} mutated codestreams and garbage`, () => {
    assertOnlyFormatErrors([plainSeed, commentSeed], (b) => inspectWsq(b, { maxPixels: 1 << 16 }));
  }, fuzzTimeoutMs);

  it('rejects every truncation of a codestream with a FormatError naming offset and field', () => {
    for (const seed of [plainSeed, commentSeed]) {
      for (let n = 0; n < seed.length; n++) {
        const e = formatError(() => decodeWsq(seed.subarray(0, n)));
        expect(e.offset).toBeLessThanOrEqual(n);
        expect(e.field).not.toBe('');
      }
    }
  });

  it('rejects a segment length running past the end', () => {
    const bytes = Uint8Array.from(plainSeed);
    const dqt = segmentAt(bytes, 0xffa5);
    bytes[dqt + 2] = 0xff;
    bytes[dqt + 3] = 0xf0;
    const e = formatError(() => decodeWsq(bytes));
    expect(e).toMatchObject({ format: 'wsq', field: 'DQT.length', offset: dqt + 2 });
  });

  it('rejects huge SOF dimensions over a tiny body before allocating anything', () => {
    const bytes = Uint8Array.from(plainSeed);
    const sof = segmentAt(bytes, 0xffa2);
    bytes.set([0xff, 0xff, 0xff, 0xff], sof + 6); // height, width = 65535
    const started = performance.now();
    const e = formatError(() => decodeWsq(bytes));
    expect(e).toMatchObject({ code: 'TOO_LARGE', field: 'SOF.width', offset: sof });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('rejects Huffman counts that lie about the symbols that follow', () => {
    const dht = segmentAt(plainSeed, 0xffa6);
    // Table 0's 16-bit code count raised: its symbol list now swallows table 1's header.
    const more = Uint8Array.from(plainSeed);
    more[dht + 5 + 15] = 200;
    expect(formatError(() => decodeWsq(more)).field).toMatch(/^DHT/);
    // More codes of one length than the code space holds.
    const overfull = Uint8Array.from(plainSeed);
    overfull[dht + 5] = 3; // three 1-bit codes
    expect(formatError(() => decodeWsq(overfull))).toMatchObject({ code: 'BAD_VALUE', field: 'DHT.counts' });
    // No codes at all.
    const empty = Uint8Array.from(plainSeed);
    empty.fill(0, dht + 5, dht + 5 + 16);
    expect(formatError(() => decodeWsq(empty)).field).toMatch(/^DHT/);
  });

  it('rejects entropy-coded data that holds more or fewer coefficients than the subbands', () => {
    const sob = inspectWsq(plainSeed).segments.filter((s) => s.name === 'SOB');
    const last = sob[sob.length - 1]!;
    // Drop the last block's data: too few coefficients.
    const short = new Uint8Array([...plainSeed.subarray(0, last.offset + 5), 0xff, 0xa1]);
    expect(formatError(() => decodeWsq(short))).toMatchObject({ code: 'BAD_COUNT', field: 'SOB.data' });
  });

  it('rejects garbage and non-WSQ input as BAD_MAGIC', () => {
    expect(formatError(() => decodeWsq(new Uint8Array([0x89, 0x50, 0x4e, 0x47])))).toMatchObject({ code: 'BAD_MAGIC', field: 'SOI', offset: 0 });
    expect(formatError(() => decodeWsq(new Uint8Array(0)))).toMatchObject({ code: 'TRUNCATED' });
    const unknown = Uint8Array.from(plainSeed);
    unknown[3] = 0xc4; // a JPEG marker where DTT should be
    expect(formatError(() => decodeWsq(unknown))).toMatchObject({ code: 'BAD_MAGIC', field: 'marker', offset: 2 });
  });
});
