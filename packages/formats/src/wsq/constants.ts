/** Marker codes of the WSQ codestream (FBI WSQ specification, table of markers). */
export const MARKER = {
  SOI: 0xffa0, // start of image
  EOI: 0xffa1, // end of image
  SOF: 0xffa2, // start of frame
  SOB: 0xffa3, // start of block
  DTT: 0xffa4, // define transform table
  DQT: 0xffa5, // define quantisation table
  DHT: 0xffa6, // define Huffman table(s)
  DRT: 0xffa7, // define restart interval
  COM: 0xffa8, // comment
} as const;

/** Restart markers RST0..RST7 may appear inside entropy-coded data. */
export const RST_FIRST = 0xffb0;
export const RST_LAST = 0xffb7;

/** The decomposition yields 64 subbands; the last four are never coded. */
export const SUBBAND_COUNT = 64;
export const CODED_SUBBAND_COUNT = 60;

/** Subbands grouped in the three blocks an encoder codes with separate SOB segments: [first, end). */
export const BLOCK_SUBBANDS: readonly (readonly [number, number])[] = [
  [0, 19],
  [19, 52],
  [52, 60],
];

/** Huffman symbol alphabet (spec, table of coefficient categories). */
export const SYMBOL = {
  MAX_ZERO_RUN: 100, // symbols 1..100: that many zero coefficients
  POSITIVE_8BIT: 101,
  NEGATIVE_8BIT: 102,
  POSITIVE_16BIT: 103,
  NEGATIVE_16BIT: 104,
  ZERO_RUN_8BIT: 105,
  ZERO_RUN_16BIT: 106,
  /** Symbols 107..254 carry a coefficient value directly: value = symbol - 180. */
  DIRECT_OFFSET: 180,
  MIN_DIRECT: -73,
  MAX_DIRECT: 74,
} as const;

/**
 * Longest filter the decoder accepts. WSQ banks are short (7/9; NIST's other test banks reach 11);
 * the one-byte length field allows 255, which would let a tiny file demand hundreds of millions of
 * multiply-adds and very large filter plans.
 */
export const MAX_FILTER_TAPS = 32;

/** Largest code length a Huffman table may use. */
export const MAX_CODE_LENGTH = 16;

export function markerName(marker: number): string {
  for (const [name, code] of Object.entries(MARKER)) if (code === marker) return name;
  if (marker >= RST_FIRST && marker <= RST_LAST) return `RST${marker - RST_FIRST}`;
  return `0x${marker.toString(16).padStart(4, '0')}`;
}
