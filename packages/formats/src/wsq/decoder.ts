import { ByteReader } from './byte-reader.js';
import { MARKER, RST_FIRST, RST_LAST, markerName } from './constants.js';
import { DECODER } from './decoder-parameters.js';
import { codedCoefficientCount, dequantize, toGrey } from './dequantize.js';
import { EntropyDecoder, StoredIndices } from './entropy-decoder.js';
import { readFrameHeader } from './frame-header.js';
import { HuffmanDecoder } from './huffman-decoder.js';
import { readHuffmanTables } from './huffman-table.js';
import { isNistComment, parseNistComment, ppiFromNistComment } from './nist-comment.js';
import { readQuantizationTable } from './quantization-table.js';
import { wsqGeometry, type WsqGeometry } from './subband-geometry.js';
import { readTransformTable } from './transform-table.js';
import type {
  WsqDecoded,
  WsqDecodeOptions,
  WsqFrameHeader,
  WsqQuantizationTable,
  WsqSegment,
  WsqTransformTable,
} from './types.js';
import { reconstruct } from './wavelet-synthesis.js';
import { wsqError } from './wsq-error.js';

const DEFAULT_MAX_PIXELS = 1 << 28;
const DEFAULT_MAX_PIXELS_PER_BYTE = 256;
/** A blank finger box compresses to a few hundred bytes; sizes up to this need no justification. */
const ALWAYS_ALLOWED_PIXELS = 1 << 22;

/** Everything read from the marker segments, plus the decoded (still quantised) coefficients. */
export interface ParsedCodestream {
  frame: WsqFrameHeader;
  transform: WsqTransformTable;
  quantization: WsqQuantizationTable;
  geometry: WsqGeometry;
  coefficients: Int32Array;
  /** Indices of the coefficients read from the data (the others are zero), in increasing order. */
  stored: Int32Array;
  comments: string[];
  segments: WsqSegment[];
}

function readComment(r: ByteReader): string {
  const at = r.pos;
  const length = r.u16('COM.length');
  if (length < 2) throw wsqError('BAD_LENGTH', at, 'COM.length', `COM length ${length}`);
  const body = r.take(length - 2, 'COM.text');
  let end = body.length;
  while (end > 0 && body[end - 1] === 0) end--; // C writers often keep the terminating NUL
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(body[i]!);
  return text;
}

function checkSize(frame: WsqFrameHeader, inputLength: number, options: WsqDecodeOptions, at: number): void {
  const pixels = frame.width * frame.height;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const perByte = options.maxPixelsPerByte ?? DEFAULT_MAX_PIXELS_PER_BYTE;
  const justified = Math.max(ALWAYS_ALLOWED_PIXELS, inputLength * perByte);
  if (pixels > maxPixels || pixels > justified) {
    throw wsqError(
      'TOO_LARGE',
      at,
      'SOF.width',
      `${frame.width}x${frame.height} pixels is more than a ${inputLength}-byte codestream can justify`,
    );
  }
}

/**
 * Walk the codestream: marker segments in any order the specification allows, entropy-coded blocks
 * after each SOB. Throws FormatError for anything malformed.
 */
export function parseCodestream(bytes: Uint8Array, options: WsqDecodeOptions = {}, decodeData = true): ParsedCodestream {
  const r = new ByteReader(bytes);
  const soi = r.u16('SOI');
  if (soi !== MARKER.SOI) throw wsqError('BAD_MAGIC', 0, 'SOI', 'not a WSQ codestream (no SOI marker)');
  const segments: WsqSegment[] = [{ marker: MARKER.SOI, name: 'SOI', offset: 0, length: 0 }];
  const comments: string[] = [];
  const huffman = new Map<number, HuffmanDecoder>();
  let frame: WsqFrameHeader | undefined;
  let transform: WsqTransformTable | undefined;
  let quantization: WsqQuantizationTable | undefined;
  let geometry: WsqGeometry | undefined;
  let coefficients: Int32Array | undefined;
  let filled = 0;
  const stored = new StoredIndices();

  for (;;) {
    const at = r.pos;
    const marker = r.u16('marker');
    if (marker >>> 8 !== 0xff) throw wsqError('BAD_MAGIC', at, 'marker', `expected a marker, found 0x${marker.toString(16)}`);
    const segment: WsqSegment = { marker, name: markerName(marker), offset: at, length: 0 };
    segments.push(segment);
    const lengthAt = r.pos;
    if (marker === MARKER.EOI) break;
    switch (marker) {
      case MARKER.SOF:
        if (frame !== undefined) throw wsqError('BAD_VALUE', at, 'SOF', 'second SOF segment');
        frame = readFrameHeader(r);
        checkSize(frame, bytes.length, options, at);
        break;
      case MARKER.DTT:
        if (coefficients !== undefined) throw wsqError('UNSUPPORTED', at, 'DTT', 'transform table redefined after the first block');
        transform = readTransformTable(r);
        break;
      case MARKER.DQT:
        if (coefficients !== undefined) throw wsqError('UNSUPPORTED', at, 'DQT', 'quantisation table redefined after the first block');
        quantization = readQuantizationTable(r);
        break;
      case MARKER.DHT: {
        const tables = readHuffmanTables(r);
        for (const t of tables) huffman.set(t.id, new HuffmanDecoder(t));
        segment.tables = tables.map((t) => t.id);
        break;
      }
      case MARKER.COM:
        comments.push(readComment(r));
        break;
      case MARKER.DRT: {
        const length = r.u16('DRT.length');
        if (length !== 4) throw wsqError('BAD_LENGTH', lengthAt, 'DRT.length', `DRT length ${length}, expected 4`);
        r.u16('DRT.interval'); // restart markers are recognised wherever they occur
        break;
      }
      case MARKER.SOB: {
        const length = r.u16('SOB.length');
        if (length !== 3) throw wsqError('BAD_LENGTH', lengthAt, 'SOB.length', `SOB length ${length}, expected 3`);
        const tableId = r.u8('SOB.table');
        segment.tables = [tableId];
        if (frame === undefined) throw wsqError('BAD_VALUE', at, 'SOB', 'SOB before SOF');
        if (quantization === undefined) throw wsqError('BAD_VALUE', at, 'SOB', 'SOB before DQT');
        if (geometry === undefined) geometry = wsqGeometry(frame.width, frame.height);
        if (coefficients === undefined) coefficients = new Int32Array(codedCoefficientCount(quantization, geometry.subbands));
        const table = huffman.get(tableId);
        if (table === undefined) throw wsqError('BAD_VALUE', lengthAt + 2, 'SOB.table', `Huffman table ${tableId} not defined`);
        const dataStart = r.pos;
        if (decodeData) {
          const d = new EntropyDecoder(bytes, dataStart);
          filled = d.decode(table, coefficients, filled, stored);
          r.pos = d.position;
        } else {
          r.pos = skipEntropyData(bytes, dataStart);
        }
        segment.dataLength = r.pos - dataStart;
        break;
      }
      default:
        if (marker >= RST_FIRST && marker <= RST_LAST) throw wsqError('BAD_MAGIC', at, 'marker', 'restart marker outside entropy-coded data');
        throw wsqError('BAD_MAGIC', at, 'marker', `unknown marker ${markerName(marker)}`);
    }
    if (marker !== MARKER.SOB) segment.length = (bytes[lengthAt]! << 8) | bytes[lengthAt + 1]!;
    else segment.length = 3;
  }

  const end = r.pos;
  if (frame === undefined) throw wsqError('TRUNCATED', end, 'SOF', 'no SOF segment before EOI');
  if (transform === undefined) throw wsqError('TRUNCATED', end, 'DTT', 'no DTT segment before EOI');
  if (quantization === undefined) throw wsqError('TRUNCATED', end, 'DQT', 'no DQT segment before EOI');
  if (geometry === undefined) geometry = wsqGeometry(frame.width, frame.height);
  if (coefficients === undefined) coefficients = new Int32Array(codedCoefficientCount(quantization, geometry.subbands));
  if (decodeData && filled !== coefficients.length) {
    throw wsqError('BAD_COUNT', end, 'SOB.data', `${filled} coefficients decoded, the subbands hold ${coefficients.length}`);
  }
  return { frame, transform, quantization, geometry, coefficients, stored: stored.indices.subarray(0, stored.count), comments, segments };
}

/** Find the marker that ends entropy-coded data (skipping stuffed bytes and restart markers). */
function skipEntropyData(bytes: Uint8Array, from: number): number {
  let p = from;
  for (;;) {
    if (p + 1 >= bytes.length) throw wsqError('TRUNCATED', p, 'SOB.data', 'input ends inside entropy-coded data');
    if (bytes[p] === 0xff) {
      const next = bytes[p + 1]!;
      if (next === 0x00 || (next >= 0xb0 && next <= 0xb7)) p += 2;
      else return p;
    } else p++;
  }
}

/**
 * The float planes of the last decode, kept for the next one: decoding is synchronous, so one set
 * serves every call, and batches of same-sized fingers then allocate (and collect) far less.
 * Larger planes than DECODER.keptPlaneSamples are not kept, so a large image does not pin its memory.
 */
let keptPlanes: { plane: Float32Array; scratch: Float32Array } | undefined;

/** A zeroed plane and a scratch plane of `samples` floats. */
function workPlanes(samples: number): { plane: Float32Array; scratch: Float32Array } {
  if (keptPlanes !== undefined && keptPlanes.plane.length >= samples) {
    const plane = keptPlanes.plane.subarray(0, samples);
    plane.fill(0);
    return { plane, scratch: keptPlanes.scratch.subarray(0, samples) };
  }
  const planes = { plane: new Float32Array(samples), scratch: new Float32Array(samples) };
  if (samples <= DECODER.keptPlaneSamples) keptPlanes = planes;
  return planes;
}

/** Decode a WSQ codestream to an 8-bit grey image. */
export function decodeWsq(bytes: Uint8Array, options: WsqDecodeOptions = {}): WsqDecoded {
  const parsed = parseCodestream(bytes, options);
  const { frame, transform, quantization, geometry, coefficients, stored, comments } = parsed;
  const { width, height } = frame;
  const { plane, scratch } = workPlanes(width * height);
  const sparsity = dequantize(coefficients, stored, quantization, geometry.subbands, plane, width);
  reconstruct(plane, scratch, width, geometry, transform, sparsity);
  const pixels = toGrey(plane, frame.shift, frame.scale, width * height);
  const nist = comments.find(isNistComment);
  const nistComment = nist === undefined ? undefined : parseNistComment(nist);
  return {
    width,
    height,
    pixels,
    ppi: nistComment === undefined ? undefined : ppiFromNistComment(nistComment),
    comments,
    nistComment,
    frame,
    transform,
    quantization,
  };
}

/** What inspectWsq reports: the tables, the comments and every marker segment with its offset. */
export type WsqInspection = Omit<ParsedCodestream, 'coefficients' | 'stored' | 'geometry'>;

/** List the marker segments and read the tables without decoding the image. */
export function inspectWsq(bytes: Uint8Array, options: WsqDecodeOptions = {}): WsqInspection {
  const { frame, transform, quantization, comments, segments } = parseCodestream(bytes, options, false);
  return { frame, transform, quantization, comments, segments };
}
