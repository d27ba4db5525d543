/**
 * Field text <-> bytes. ANSI/NIST text is ASCII, or UTF-8 where the transaction declares it; bytes
 * that are not valid UTF-8 are read one byte per character (latin1) so that writing them back gives
 * the same bytes.
 */

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Characters decoded per String.fromCharCode call, below any engine's argument limit. */
const CHUNK = 4096;

function byteString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

/** Below this many bytes a plain loop beats creating a subarray for the decoder. */
const SHORT = 12;

function shortString(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

export interface DecodedText {
  text: string;
  latin1: boolean;
}

/** Decodes bytes[start, end); `ascii` says the caller already saw no byte above 0x7f. */
export function decodeText(bytes: Uint8Array, start: number, end: number, ascii: boolean): DecodedText {
  // ASCII is valid UTF-8, and the native decoder is the fastest way to make a string of it.
  if (ascii) return { text: end - start < SHORT ? shortString(bytes, start, end) : utf8Decoder.decode(bytes.subarray(start, end)), latin1: false };
  try {
    return { text: utf8Decoder.decode(bytes.subarray(start, end)), latin1: false };
  } catch {
    return { text: byteString(bytes, start, end), latin1: true };
  }
}

/** Encodes text as UTF-8, or one byte per character when `latin1` (undefined if a character does not fit). */
export function encodeText(text: string, latin1: boolean): Uint8Array | undefined {
  if (!latin1) {
    // Pure ASCII is by far the common case; it needs no encoder.
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) return utf8Encoder.encode(text);
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}
