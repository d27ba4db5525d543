/**
 * The coding process of a JPEG file, from its SOF marker (ITU-T T.81 Table B.1). The JPEG library
 * inside sharp reads baseline, extended and progressive JPEG but not the lossless process
 * (SOF3, used by ANSI/NIST "JPEGL" records), which it would report as a corrupt file.
 */
const DHT = 0xc4;
const JPG_RESERVED = 0xc8;
const DAC = 0xcc;
const SOS = 0xda;
const LOSSLESS_SOF = new Set([0xc3, 0xc7, 0xcb, 0xcf]);

/** The SOFn marker byte (0xC0–0xCF), or undefined if none comes before the first scan. */
export function jpegFrameMarker(bytes: Uint8Array): number | undefined {
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return undefined;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== DHT && marker !== JPG_RESERVED && marker !== DAC) return marker;
    if (marker === SOS) return undefined;
    pos += 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
  }
  return undefined;
}

export function isLosslessJpeg(bytes: Uint8Array): boolean {
  const marker = jpegFrameMarker(bytes);
  return marker !== undefined && LOSSLESS_SOF.has(marker);
}
