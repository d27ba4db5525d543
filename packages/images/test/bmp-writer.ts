/**
 * A test-only BMP writer, written apart from the decoder so the two check each other: the layouts
 * a reader meets in practice (palette depths, 24/32-bit, bottom-up and top-down, OS/2 core header).
 */
export interface BmpFixtureOptions {
  bitsPerPixel: 1 | 4 | 8 | 24 | 32;
  topDown?: boolean;
  pixelsPerMetre?: number;
  /** OS/2 12-byte header (3-byte palette entries, no resolution). */
  coreHeader?: boolean;
  /** Compression field to declare (default 0 = uncompressed). */
  compression?: number;
}

/** Grey pixels → BMP. Palette depths quantise grey to 2^bits levels spread over 0..255. */
export function writeBmp(width: number, height: number, grey: Uint8Array, options: BmpFixtureOptions): Uint8Array {
  const { bitsPerPixel: bits, topDown = false, pixelsPerMetre = 0, coreHeader = false } = options;
  const dibSize = coreHeader ? 12 : 40;
  const paletteEntries = bits <= 8 ? 2 ** bits : 0;
  const entryBytes = coreHeader ? 3 : 4;
  const stride = Math.floor((bits * width + 31) / 32) * 4;
  const dataOffset = 14 + dibSize + paletteEntries * entryBytes;
  const out = new Uint8Array(dataOffset + stride * height);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, out.length, true);
  v.setUint32(10, dataOffset, true);
  v.setUint32(14, dibSize, true);
  if (coreHeader) {
    v.setUint16(18, width, true);
    v.setUint16(20, height, true);
    v.setUint16(22, 1, true);
    v.setUint16(24, bits, true);
  } else {
    v.setInt32(18, width, true);
    v.setInt32(22, topDown ? -height : height, true);
    v.setUint16(26, 1, true);
    v.setUint16(28, bits, true);
    v.setUint32(30, options.compression ?? 0, true);
    v.setUint32(34, stride * height, true);
    v.setInt32(38, pixelsPerMetre, true);
    v.setInt32(42, pixelsPerMetre, true);
  }
  const levels = paletteEntries;
  for (let i = 0; i < paletteEntries; i++) {
    const g = Math.round((i * 255) / (levels - 1));
    const p = 14 + dibSize + i * entryBytes;
    out[p] = g;
    out[p + 1] = g;
    out[p + 2] = g;
  }
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const g = grey[y * width + x]!;
      if (bits === 24) out.set([g, g, g], row + x * 3);
      else if (bits === 32) out.set([g, g, g, 0], row + x * 4);
      else {
        const index = Math.round((g * (levels - 1)) / 255);
        const bit = x * bits;
        out[row + (bit >> 3)]! |= index << (8 - bits - (bit & 7));
      }
    }
  }
  return out;
}

/** The grey value a palette BMP of `bits` bits stores for `g`. */
export function quantised(g: number, bits: number): number {
  const levels = 2 ** bits;
  return Math.round((Math.round((g * (levels - 1)) / 255) * 255) / (levels - 1));
}
