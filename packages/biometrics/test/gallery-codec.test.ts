import { FormatError } from '@kura/formats';
import { describe, expect, it } from 'vitest';
import {
  createTemplate,
  decodeGalleryBatch,
  encodeGalleryBatch,
  FingerprintMatcher,
  MAX_PACKED_FINGER_BYTES,
  packedMinutiaIndices,
  packFinger,
  unpackFinger,
  type Minutia,
  type PackedGalleryFinger,
} from '../src/index.js';
import { assertOnlyFormatErrors, fuzzRuns, fuzzTimeoutMs } from '../../../test-support/fuzz.js';
import { sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { fvcDb1b, isoTemplate } from './match-helpers.js';
import { syntheticFingers } from './gallery-helpers.js';

const synth = syntheticFingers(2);

describe('packed gallery fingers', () => {
  it('are deterministic, at most 1 KB, and unpack to the same minutiae', () => {
    const t = synth.impression(0, 0);
    const packed = packFinger(t);
    expect(packFinger(t)).toEqual(packed);
    expect(packed.length).toBeLessThanOrEqual(MAX_PACKED_FINGER_BYTES);
    expect(MAX_PACKED_FINGER_BYTES).toBeLessThanOrEqual(1000);
    const back = unpackFinger(packed);
    expect(back.width).toBe(t.width);
    expect(back.height).toBe(t.height);
    expect(back.orientation).toBeUndefined();
    expect(back.minutiae.map(({ x, y, direction, type }) => ({ x, y, direction, type }))).toEqual(t.minutiae.map(({ x, y, direction, type }) => ({ x, y, direction, type })));
    back.minutiae.forEach((m, i) => expect(Math.abs(m.reliability - t.minutiae[i]!.reliability)).toBeLessThanOrEqual(0.0101));
    // Packing the unpacked form again changes nothing.
    expect(packFinger(back)).toEqual(packed);
  });

  it.skipIf(!fvcDb1b)(`score the same as the original template (FVC ISO templates)${fvcDb1b ? '' : ` — ${sharedDataMissingMessage}`}`, () => {
    for (const finger of [101, 102, 103, 104]) {
      const probe = new FingerprintMatcher(isoTemplate(finger, 2));
      const original = isoTemplate(finger, 1);
      const kept = packedMinutiaIndices(original);
      // Same minutiae kept (≤ 120 here), so the same score exactly.
      expect(kept.length).toBe(Math.min(120, original.minutiae.length));
      const reference = kept.length === original.minutiae.length ? original : createTemplate({ ...original, minutiae: kept.map((i) => original.minutiae[i]!) });
      expect(probe.match(unpackFinger(packFinger(original)))).toBeCloseTo(probe.match(reference), 9);
    }
  });

  it('keep the 120 most reliable minutiae of a larger template, in their order', () => {
    const minutiae: Minutia[] = Array.from({ length: 150 }, (_, i) => ({ x: 10 + ((i * 37) % 400), y: 10 + ((i * 53) % 500), direction: i / 10, type: 'ending', reliability: ((i * 7) % 100) / 100 }));
    const t = createTemplate({ width: 420, height: 520, minutiae });
    const kept = packedMinutiaIndices(t);
    expect(kept).toHaveLength(120);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    const dropped = t.minutiae.map((_, i) => i).filter((i) => !kept.includes(i));
    expect(Math.max(...dropped.map((i) => t.minutiae[i]!.reliability))).toBeLessThanOrEqual(Math.min(...kept.map((i) => t.minutiae[i]!.reliability)));
    const packed = packFinger(t);
    expect(packed.length).toBeLessThanOrEqual(MAX_PACKED_FINGER_BYTES);
    expect(unpackFinger(packed).minutiae.map((m) => m.x)).toEqual(kept.map((i) => t.minutiae[i]!.x));
  });

  it('refuse corrupt bytes with a FormatError', () => {
    const packed = packFinger(synth.impression(1, 0));
    expect(() => unpackFinger(packed.subarray(0, 5))).toThrow(FormatError);
    expect(() => unpackFinger(packed.subarray(0, packed.length - 1))).toThrow(/need/);
    const badVersion = packed.slice();
    badVersion[0] = 9;
    expect(() => unpackFinger(badVersion)).toThrow(/version 9/);
    const badType = packed.slice();
    badType[packed.length - 3] = 3; // last minutia's type bits
    expect(() => unpackFinger(badType)).toThrow(/type/);
  });
});

describe('gallery batches', () => {
  const fingers: PackedGalleryFinger[] = [
    { subjectId: 1, position: 2, packed: packFinger(synth.impression(0, 0)) },
    { subjectId: 0xffffffff, position: 10, packed: packFinger(synth.impression(1, 0)) },
    { subjectId: 7, position: 7, packed: packFinger(createTemplate({ width: 300, height: 300, minutiae: [] })) },
  ];

  it('round-trip', () => {
    const bytes = encodeGalleryBatch(fingers);
    expect(decodeGalleryBatch(bytes)).toEqual(fingers);
    expect(encodeGalleryBatch(decodeGalleryBatch(bytes))).toEqual(bytes);
    expect(decodeGalleryBatch(encodeGalleryBatch([]))).toEqual([]);
  });

  it('refuse bad records on encoding and corrupt bytes on decoding', () => {
    expect(() => encodeGalleryBatch([{ ...fingers[0]!, subjectId: -1 }])).toThrow(/subjectId/);
    expect(() => encodeGalleryBatch([{ ...fingers[0]!, position: 11 as 1 }])).toThrow(/position/);
    expect(() => encodeGalleryBatch([{ ...fingers[0]!, packed: new Uint8Array(3) }])).toThrow(/packed/);
    const bytes = encodeGalleryBatch(fingers);
    const wrongPosition = bytes.slice();
    wrongPosition[12 + 4] = 0;
    expect(() => decodeGalleryBatch(wrongPosition)).toThrow(/position 0/);
    expect(() => decodeGalleryBatch(bytes.subarray(0, bytes.length - 1))).toThrow(FormatError);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodeGalleryBatch(longer)).toThrow(/unexpected bytes/);
    const hugeCount = bytes.slice();
    hugeCount.set([0xff, 0xff, 0xff, 0x7f], 8);
    expect(() => decodeGalleryBatch(hugeCount)).toThrow(/cannot fit/);
  });

  it(
    'decoding mutated batches: a FormatError or a batch, never anything else',
    () => {
      const seed = encodeGalleryBatch(fingers.slice(0, 1).map((f) => ({ ...f, packed: packFinger(createTemplate({ ...unpackFinger(f.packed), minutiae: unpackFinger(f.packed).minutiae.slice(0, 6) })) })));
      assertOnlyFormatErrors([seed, encodeGalleryBatch([])], (bytes) => decodeGalleryBatch(bytes).forEach((f) => unpackFinger(f.packed)), Math.ceil(fuzzRuns / 2));
    },
    fuzzTimeoutMs,
  );
});
