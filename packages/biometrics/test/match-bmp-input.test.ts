import { isFormatError } from '@kura/formats';
import { describe, expect, it } from 'vitest';
import { decodeBmpGrey, isBmp } from '../src/index.js';

/** A BMP written by hand: 8-bit grey palette or 24-bit BGR, bottom-up unless topDown. */
function bmp(width: number, height: number, pixel: (x: number, y: number) => number, bits: 8 | 24, topDown = false): Uint8Array {
  const row = Math.ceil((width * bits) / 32) * 4;
  const paletteBytes = bits === 8 ? 1024 : 0;
  const offset = 54 + paletteBytes;
  const out = new Uint8Array(offset + row * height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, topDown ? -height : height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bits, true);
  if (bits === 8) for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + 4 * i);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = offset + (topDown ? y : height - 1 - y) * row + x * (bits / 8);
      const g = pixel(x, y);
      if (bits === 8) out[at] = g;
      else out.set([g, g, g], at);
    }
  return out;
}

describe('BMP input', () => {
  const pattern = (x: number, y: number) => (x * 7 + y * 13) & 0xff;

  it('decodes 8-bit and 24-bit, bottom-up and top-down, with padded rows', () => {
    for (const bits of [8, 24] as const)
      for (const topDown of [false, true]) {
        const image = decodeBmpGrey(bmp(13, 5, pattern, bits, topDown));
        expect([image.width, image.height]).toEqual([13, 5]);
        for (let y = 0; y < 5; y++) for (let x = 0; x < 13; x++) expect(image.pixels[y * 13 + x]).toBe(pattern(x, y));
      }
    expect(isBmp(bmp(2, 2, pattern, 8))).toBe(true);
    expect(isBmp(new Uint8Array([0x49, 0x49]))).toBe(false);
  });

  it('rejects truncated, compressed and oversized bitmaps with typed errors', () => {
    const good = bmp(13, 5, pattern, 8);
    const cases = [
      good.subarray(0, 30),
      good.subarray(0, good.length - 1),
      Uint8Array.from(good, (b, i) => (i === 30 ? 1 : b)), // RLE8
      Uint8Array.from(good, (b, i) => (i === 28 ? 4 : b)), // 4 bits per pixel
      Uint8Array.from(good, (b, i) => (i >= 18 && i < 22 ? 0x7f : b)), // huge width
    ];
    for (const bytes of cases) {
      let caught: unknown;
      try {
        decodeBmpGrey(bytes);
      } catch (e) {
        caught = e;
      }
      expect(isFormatError(caught)).toBe(true);
    }
  });
});
