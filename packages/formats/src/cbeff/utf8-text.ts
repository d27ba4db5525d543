import { xmlError } from './cbeff-error.js';

/**
 * Bytes → text for the XML decoder, with a FormatError at the first byte that is not UTF-8
 * (TextDecoder alone would say only that something, somewhere, is wrong).
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw xmlError('BAD_VALUE', bad, 'encoding', 'the document is not valid UTF-8');
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** UTF-8 byte length of text[0, charIndex): turns the parser's character positions into byte offsets. */
export function utf8Offset(text: string, charIndex: number): number {
  return Buffer.byteLength(text.slice(0, Math.max(0, charIndex)), 'utf8');
}
