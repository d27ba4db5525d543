import type { DecodedImage } from './grey-image.js';
import { ImageDecodeError } from './image-decode-error.js';
import { METRES_PER_INCH } from './limits.js';
import { luma } from './luma.js';

/**
 * Windows bitmap reader (this sharp build has no BMP loader): uncompressed 1/4/8-bit palette,
 * 24-bit BGR and 32-bit BGRX (BI_RGB or BI_BITFIELDS masks), bottom-up or top-down, with the
 * header's pixels per metre as resolution. RLE and embedded JPEG/PNG bitmaps are refused.
 */
const FILE_HEADER_BYTES = 14;
const CORE_HEADER_BYTES = 12; // OS/2 BITMAPCOREHEADER: 16-bit sizes, 3-byte palette entries
const INFO_HEADER_BYTES = 40; // BITMAPINFOHEADER and its V2–V5 extensions
const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const COMPRESSION_NAMES: Readonly<Record<number, string>> = { 1: 'RLE8', 2: 'RLE4', 4: 'JPEG', 5: 'PNG' };

function fail(code: 'CORRUPT' | 'TRUNCATED' | 'UNSUPPORTED' | 'TOO_LARGE', message: string): ImageDecodeError {
  return new ImageDecodeError(code, 'bmp', message);
}

interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  pixelsPerMetre: number;
  paletteOffset: number;
  paletteEntryBytes: number;
  paletteSize: number;
  masks: [number, number, number] | undefined;
}

function readHeader(view: DataView, length: number): BmpHeader {
  if (length < FILE_HEADER_BYTES + 4) throw fail('TRUNCATED', 'file ends inside the headers');
  const dibSize = view.getUint32(FILE_HEADER_BYTES, true);
  if (dibSize !== CORE_HEADER_BYTES && dibSize < INFO_HEADER_BYTES) throw fail('CORRUPT', `unknown header size ${dibSize}`);
  if (FILE_HEADER_BYTES + dibSize > length) throw fail('TRUNCATED', 'file ends inside the headers');
  const at = FILE_HEADER_BYTES + 4;
  if (dibSize === CORE_HEADER_BYTES) {
    return {
      width: view.getUint16(at, true),
      height: view.getUint16(at + 2, true),
      topDown: false,
      bitsPerPixel: view.getUint16(at + 6, true),
      compression: BI_RGB,
      pixelsPerMetre: 0,
      paletteOffset: FILE_HEADER_BYTES + dibSize,
      paletteEntryBytes: 3,
      paletteSize: 0,
      masks: undefined,
    };
  }
  const signedHeight = view.getInt32(at + 4, true);
  const compression = view.getUint32(at + 12, true);
  const bitfields = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
  // Masks sit 40 bytes into the DIB header: just after a 40-byte header, inside V2 and later ones.
  const masksAt = FILE_HEADER_BYTES + INFO_HEADER_BYTES;
  const masksBytes = dibSize === INFO_HEADER_BYTES && bitfields ? (compression === BI_ALPHABITFIELDS ? 16 : 12) : 0;
  if (bitfields && masksAt + 12 > length) throw fail('TRUNCATED', 'file ends inside the colour masks');
  return {
    width: view.getInt32(at, true),
    height: Math.abs(signedHeight),
    topDown: signedHeight < 0,
    bitsPerPixel: view.getUint16(at + 10, true),
    compression,
    pixelsPerMetre: view.getInt32(at + 20, true),
    paletteOffset: FILE_HEADER_BYTES + dibSize + masksBytes,
    paletteEntryBytes: 4,
    paletteSize: view.getUint32(at + 28, true),
    masks: bitfields ? [view.getUint32(masksAt, true), view.getUint32(masksAt + 4, true), view.getUint32(masksAt + 8, true)] : undefined,
  };
}

/** Grey value of each palette entry (palettes are stored blue, green, red[, reserved]). */
function readPalette(bytes: Uint8Array, header: BmpHeader): Uint8Array {
  const max = 2 ** header.bitsPerPixel;
  const count = header.paletteSize === 0 ? max : Math.min(header.paletteSize, max);
  const end = header.paletteOffset + count * header.paletteEntryBytes;
  if (end > bytes.length) throw fail('TRUNCATED', 'file ends inside the palette');
  // Indices past a short palette read as black rather than out of bounds.
  const grey = new Uint8Array(max);
  for (let i = 0; i < count; i++) {
    const p = header.paletteOffset + i * header.paletteEntryBytes;
    grey[i] = luma(bytes[p + 2]!, bytes[p + 1]!, bytes[p]!);
  }
  return grey;
}

/** Reads one channel through a bit mask, scaled to 8 bits. */
function maskReader(mask: number): (value: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (value) => Math.round((((value & mask) >>> shift) * 255) / max);
}

export function decodeBmp(bytes: Uint8Array, maxPixels: number): DecodedImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw fail('CORRUPT', 'missing "BM" signature');
  const header = readHeader(view, bytes.length);
  const { width, height, bitsPerPixel, compression } = header;
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw fail('UNSUPPORTED', `${COMPRESSION_NAMES[compression] ?? `compression ${compression}`} bitmaps are not supported (only uncompressed)`);
  }
  if (![1, 4, 8, 24, 32].includes(bitsPerPixel)) throw fail('UNSUPPORTED', `${bitsPerPixel}-bit bitmaps are not supported (1, 4, 8, 24, 32)`);
  if (header.masks && bitsPerPixel !== 32) throw fail('UNSUPPORTED', `bit-field masks with ${bitsPerPixel}-bit pixels are not supported`);
  if (width <= 0 || height <= 0) throw fail('CORRUPT', `impossible size ${width} x ${height}`);
  if (width * height > maxPixels) throw fail('TOO_LARGE', `${width} x ${height} exceeds the allowed ${maxPixels} pixels`);
  const dataOffset = view.getUint32(10, true);
  const stride = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) {
    throw fail('TRUNCATED', `pixel data needs ${stride * height} bytes from offset ${dataOffset}; the file has ${bytes.length} bytes`);
  }

  const pixels = new Uint8Array(width * height);
  const palette = bitsPerPixel <= 8 ? readPalette(bytes, header) : undefined;
  const [red, green, blue] = (header.masks ?? [0x00ff0000, 0x0000ff00, 0x000000ff]).map(maskReader) as [
    (v: number) => number,
    (v: number) => number,
    (v: number) => number,
  ];
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (header.topDown ? y : height - 1 - y) * stride;
    const out = y * width;
    if (palette) {
      const perByte = 8 / bitsPerPixel;
      const mask = (1 << bitsPerPixel) - 1;
      for (let x = 0; x < width; x++) {
        const byte = bytes[row + Math.floor(x / perByte)]!;
        const shift = 8 - bitsPerPixel * ((x % perByte) + 1);
        pixels[out + x] = palette[(byte >> shift) & mask]!;
      }
    } else if (bitsPerPixel === 24) {
      for (let x = 0, p = row; x < width; x++, p += 3) pixels[out + x] = luma(bytes[p + 2]!, bytes[p + 1]!, bytes[p]!);
    } else {
      for (let x = 0, p = row; x < width; x++, p += 4) {
        const v = view.getUint32(p, true);
        pixels[out + x] = luma(red(v), green(v), blue(v));
      }
    }
  }
  const ppi = header.pixelsPerMetre > 0 ? Math.round(header.pixelsPerMetre * METRES_PER_INCH) : undefined;
  return { width, height, pixels, format: 'bmp', ...(ppi === undefined ? {} : { ppi }) };
}
