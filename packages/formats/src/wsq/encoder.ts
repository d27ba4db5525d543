import { ByteWriter } from './byte-writer.js';
import { MARKER } from './constants.js';
import { countSymbols, encodeBlock } from './entropy-encoder.js';
import { ENCODER } from './encoder-parameters.js';
import { writeFrameHeader } from './frame-header.js';
import { buildHuffmanTable, HUFFMAN_ALPHABET } from './huffman-builder.js';
import { canonicalCodes, writeHuffmanTables } from './huffman-table.js';
import { normalizeImage } from './image-normalization.js';
import { buildNistComment, isNistComment, parseNistComment } from './nist-comment.js';
import { writeQuantizationTable } from './quantization-table.js';
import { quantize } from './quantize.js';
import { designQuantizer } from './quantizer-design.js';
import { wsqGeometry } from './subband-geometry.js';
import { subbandVariances } from './subband-variance.js';
import { standardTransformTable, writeTransformTable } from './transform-table.js';
import type { WsqEncodeInput, WsqEncodeOptions } from './types.js';
import { decompose } from './wavelet-analysis.js';
import { wsqError } from './wsq-error.js';

const MAX_DIMENSION = 0xffff;
const MAX_COMMENT_BYTES = 0xffff - 2;

function checkInput(image: WsqEncodeInput, options: WsqEncodeOptions): void {
  const { width, height, pixels } = image;
  // Encoder inputs are not bytes of a file: offset 0 and the option's name locate the fault.
  if (!Number.isInteger(width) || width < 1 || width > MAX_DIMENSION) throw wsqError('BAD_VALUE', 0, 'width', `width ${width} not in 1..${MAX_DIMENSION}`);
  if (!Number.isInteger(height) || height < 1 || height > MAX_DIMENSION) throw wsqError('BAD_VALUE', 0, 'height', `height ${height} not in 1..${MAX_DIMENSION}`);
  if (pixels.length !== width * height) throw wsqError('BAD_LENGTH', 0, 'pixels', `${pixels.length} pixels for a ${width}x${height} image`);
  if (!(options.bitRate > 0 && options.bitRate <= 8)) throw wsqError('BAD_VALUE', 0, 'bitRate', `bit rate ${options.bitRate} not in (0, 8]`);
}

function writeComment(w: ByteWriter, text: string): void {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw wsqError('BAD_VALUE', i, 'comment', 'comments are Latin-1 text');
    bytes[i] = c;
  }
  if (bytes.length > MAX_COMMENT_BYTES) throw wsqError('TOO_LARGE', 0, 'comment', `comment of ${bytes.length} bytes exceeds ${MAX_COMMENT_BYTES}`);
  w.u16(MARKER.COM);
  w.u16(bytes.length + 2);
  w.bytes(bytes);
}

/** The COM segments to write: the caller's, with a fresh NIST_COM first when one is asked for. */
function commentsToWrite(image: WsqEncodeInput, options: WsqEncodeOptions): string[] {
  const given = [...(options.comments ?? [])];
  if (options.nistComment !== true) return given;
  const previous = given.find(isNistComment);
  const nist = buildNistComment(
    { width: image.width, height: image.height, ppi: image.ppi, bitRate: options.bitRate },
    previous === undefined ? {} : parseNistComment(previous),
  );
  return [nist, ...given.filter((c) => !isNistComment(c))];
}

/**
 * Encode an 8-bit grey image as WSQ (FBI WSQ specification 3.1) at the given bit rate, with the
 * standard 7/9 filters. Segments in the order of NIST's reference files:
 * SOI, [COM...], DTT, DQT, SOF, DHT (both tables), SOB 0, SOB 1, SOB 1, EOI.
 */
export function encodeWsq(image: WsqEncodeInput, options: WsqEncodeOptions): Uint8Array {
  checkInput(image, options);
  const { width, height } = image;
  const comments = commentsToWrite(image, options);

  const { plane, shift, scale } = normalizeImage(image.pixels, width * height);
  const geometry = wsqGeometry(width, height);
  const transform = standardTransformTable();
  decompose(plane, new Float32Array(width * height), width, geometry, transform);
  const steps = designQuantizer(subbandVariances(plane, width, geometry.subbands), options.bitRate);
  const { coefficients, blockEnd } = quantize(plane, width, geometry.subbands, steps);
  const [end0, end1, end2] = blockEnd as [number, number, number];

  // Block 0 has its own table; blocks 1 and 2 share one built from both.
  const counts0 = new Float64Array(HUFFMAN_ALPHABET);
  countSymbols(coefficients, 0, end0, counts0);
  const counts1 = new Float64Array(HUFFMAN_ALPHABET);
  countSymbols(coefficients, end0, end1, counts1);
  countSymbols(coefficients, end1, end2, counts1);
  const table0 = buildHuffmanTable(0, counts0);
  const table1 = buildHuffmanTable(1, counts1);

  const w = new ByteWriter(Math.max(1 << 12, Math.ceil((width * height * options.bitRate) / 8) + 2048));
  w.u16(MARKER.SOI);
  for (const c of comments) writeComment(w, c);
  writeTransformTable(w, transform);
  writeQuantizationTable(w, { binCenter: 0.44, q: steps.q, z: steps.z }, ENCODER.binCenter);
  writeFrameHeader(w, { black: 0, white: 255, height, width, shift, scale, encoderId: ENCODER.encoderId, softwareId: ENCODER.softwareId });
  writeHuffmanTables(w, [table0, table1]);
  const blocks: [number, number, number][] = [
    [0, 0, end0],
    [1, end0, end1],
    [1, end1, end2],
  ];
  const codes = [canonicalCodes(table0), canonicalCodes(table1)];
  for (const [tableId, from, to] of blocks) {
    w.u16(MARKER.SOB);
    w.u16(3);
    w.u8(tableId);
    encodeBlock(coefficients, from, to, codes[tableId]!, w);
  }
  w.u16(MARKER.EOI);
  return w.toBytes();
}
