import { FormatError } from '@kura/formats';

/**
 * Reads an uncompressed Windows bitmap (8-bit palette, 24- or 32-bit) as 8-bit grey — the other
 * container fingerprint sets come in besides TIFF and PNG, which sharp does not read. Pure: bytes in,
 * pixels out. Grey = the palette entry's (or pixel's) luma, ITU-R BT.601.
 */
const FORMAT = 'BMP';
const FILE_HEADER_BYTES = 14;
const MIN_INFO_HEADER_BYTES = 40;
/** Refuse absurd sizes before allocating (a 20,000 × 20,000 grey image is already 400 MB). */
const MAX_SIDE = 20_000;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export function decodeBmpGrey(bytes: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const fail = (code: ConstructorParameters<typeof FormatError>[1], offset: number, field: string, message: string): never => {
    throw new FormatError(FORMAT, code, offset, field, message);
  };
  if (!isBmp(bytes)) fail('BAD_MAGIC', 0, 'signature', 'not a BMP file (expected "BM")');
  if (bytes.length < FILE_HEADER_BYTES + MIN_INFO_HEADER_BYTES) fail('TRUNCATED', bytes.length, 'header', 'file ends inside its headers');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const infoSize = view.getUint32(14, true);
  if (infoSize < MIN_INFO_HEADER_BYTES) fail('UNSUPPORTED', 14, 'infoHeaderSize', `info header of ${infoSize} bytes (OS/2 bitmaps are not read)`);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) fail('BAD_VALUE', 18, 'size', `image size ${width} × ${rawHeight} is out of range`);
  // BI_RGB (0), or BI_BITFIELDS (3) with the usual 32-bit layout.
  if (compression !== 0 && !(compression === 3 && bitsPerPixel === 32)) fail('UNSUPPORTED', 30, 'compression', `compression ${compression} is not read`);
  if (bitsPerPixel !== 8 && bitsPerPixel !== 24 && bitsPerPixel !== 32) fail('UNSUPPORTED', 28, 'bitsPerPixel', `${bitsPerPixel} bits per pixel is not read`);
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (dataOffset + rowBytes * height > bytes.length) fail('TRUNCATED', bytes.length, 'pixels', `${width} × ${height} pixels need ${rowBytes * height} bytes from offset ${dataOffset}`);
  const luma = (r: number, g: number, b: number) => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  let palette: Uint8Array | undefined;
  if (bitsPerPixel === 8) {
    const declared = view.getUint32(46, true);
    const colours = declared === 0 ? 256 : Math.min(256, declared);
    const paletteOffset = FILE_HEADER_BYTES + infoSize;
    if (paletteOffset + colours * 4 > dataOffset) fail('BAD_LENGTH', 46, 'coloursUsed', `${colours} palette entries do not fit before the pixels`);
    palette = new Uint8Array(256);
    for (let i = 0; i < colours; i++) palette[i] = luma(bytes[paletteOffset + 4 * i + 2]!, bytes[paletteOffset + 4 * i + 1]!, bytes[paletteOffset + 4 * i]!);
  }
  const pixels = new Uint8Array(width * height);
  const step = bitsPerPixel / 8;
  for (let y = 0; y < height; y++) {
    // Positive heights are stored bottom row first.
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const at = row + x * step;
      pixels[y * width + x] = palette ? palette[bytes[at]!]! : luma(bytes[at + 2]!, bytes[at + 1]!, bytes[at]!);
    }
  }
  return { width, height, pixels };
}
