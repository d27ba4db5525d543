/**
 * Strict base64 for xs:base64Binary (and the URL-safe variant MOSIP's schema also allows):
 * whitespace is ignored, anything else outside the alphabet is refused rather than skipped,
 * as Node's lenient decoder would.
 */

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/** The decoded bytes, or a description of what is wrong with the text. */
export function decodeBase64Strict(text: string): Uint8Array | string {
  const compact = text.replace(/[ \t\r\n]+/g, '');
  const padded = compact.endsWith('=');
  if (STANDARD.test(compact)) {
    if (compact.length % 4 !== 0) return `length ${compact.length} is not a multiple of 4`;
  } else if (URL_SAFE.test(compact)) {
    if (padded ? compact.length % 4 !== 0 : compact.length % 4 === 1) return `length ${compact.length} cannot be base64`;
  } else {
    return 'characters outside the base64 alphabet';
  }
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
