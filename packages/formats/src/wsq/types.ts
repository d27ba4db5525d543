/** An 8-bit grey image, row-major, one byte per pixel. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Scanning resolution in pixels per inch, when known. */
  ppi?: number;
}

/** SOF segment: image size and the shift/scale that map reconstructed values back to grey levels. */
export interface WsqFrameHeader {
  black: number;
  white: number;
  height: number;
  width: number;
  /** Mean removed by the encoder (M in the spec). */
  shift: number;
  /** Divisor applied by the encoder (R in the spec). */
  scale: number;
  encoderId: number;
  softwareId: number;
}

/** DTT segment: the analysis filters, full length, as single-precision values. */
export interface WsqTransformTable {
  lowpass: Float32Array;
  highpass: Float32Array;
}

/** DQT segment: bin centre C and per-subband step Q and zero-bin width Z (0 means "not coded"). */
export interface WsqQuantizationTable {
  binCenter: number;
  q: Float32Array;
  z: Float32Array;
}

/** DHT table: number of codes of each length 1..16, and the symbols in code order. */
export interface WsqHuffmanTable {
  id: number;
  counts: Uint8Array;
  symbols: Uint8Array;
}

/** One marker segment, as listed by inspectWsq. */
export interface WsqSegment {
  marker: number;
  name: string;
  /** Offset of the marker's first byte. */
  offset: number;
  /** Value of the length field (0 for SOI, EOI and RSTn, which have none). */
  length: number;
  /** For SOB: bytes of entropy-coded data that follow the header. */
  dataLength?: number;
  /** For SOB: the Huffman table selected. For DHT: table ids defined. */
  tables?: number[];
}

export interface WsqDecoded extends GreyImage {
  /** From the NIST_COM comment when present, else undefined. */
  ppi: number | undefined;
  /** Text of every COM segment, in order. */
  comments: string[];
  /** Key/value pairs of the NIST_COM comment, when present. */
  nistComment: Record<string, string> | undefined;
  frame: WsqFrameHeader;
  transform: WsqTransformTable;
  quantization: WsqQuantizationTable;
}

export interface WsqDecodeOptions {
  /** Refuse images with more pixels than this (default 2^28). */
  maxPixels?: number;
  /**
   * Refuse images whose pixel count exceeds this many pixels per input byte (default 256, i.e. ~0.03 bit/pixel,
   * far below any real WSQ rate), so a tiny input cannot make the decoder allocate gigabytes.
   * Images up to 4,194,304 pixels (e.g. a blank 2048 x 2048 box, a few hundred bytes) are always allowed.
   */
  maxPixelsPerByte?: number;
}

export interface WsqEncodeOptions {
  /** Target bit rate in bits per pixel: 0.75 (the FBI's rate for 500 ppi) or 2.25 typically. */
  bitRate: number;
  /**
   * COM segments to write, verbatim and in order (e.g. `decoded.comments` to keep a file's comments
   * through a decode-encode pass). A NIST_COM among them is refreshed when `nistComment` is set.
   */
  comments?: readonly string[];
  /**
   * Write a NIST_COM comment with the image attributes (size, depth, PPI when known, bit rate).
   * Default false, as NIST's reference codestreams have none.
   */
  nistComment?: boolean;
}

/** An image to encode: 8-bit grey, row-major. */
export type WsqEncodeInput = GreyImage;
