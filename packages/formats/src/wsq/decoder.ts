import { ByteReader } from './byte-reader.js';
import { MARKER, RST_FIRST, RST_LAST, markerName } from './constants.js';
import { DECODER } from './decoder-parameters.js';
import { codedCoefficientCount, dequantize } from './dequantize.js';
import { EntropyDecoder, StoredCoefficients } from './entropy-decoder.js';
import { readFrameHeader } from './frame-header.js';
import { HuffmanDecoder } from './huffman-decoder.js';
import { readHuffmanTables } from './huffman-table.js';
import { isNistComment, parseNistComment, ppiFromNistComment } from './nist-comment.js';
import { readQuantizationTable } from './quantization-table.js';
import { wsqGeometry, type WsqGeometry } from './subband-geometry.js';
import { kernelMemory, type KernelMemory } from './single-precision-kernels.js';
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
  /** How many coefficients the coded subbands hold. */
  coefficientCount: number;
  /**
   * The coefficients read from the data as values (the others are zero): their indices, in increasing
   * order, and values. Views of buffers reused by the next decode.
   */
  storedIndices: Int32Array;
  storedValues: Int32Array;
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

/** The stored coefficients of the last decode; its buffers serve the next one (decoding is synchronous). */
const keptCoefficients = new StoredCoefficients();

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
  let coefficientCount: number | undefined;
  let filled = 0;
  const stored = keptCoefficients;
  stored.count = 0;

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
        if (coefficientCount !== undefined) throw wsqError('UNSUPPORTED', at, 'DTT', 'transform table redefined after the first block');
        transform = readTransformTable(r);
        break;
      case MARKER.DQT:
        if (coefficientCount !== undefined) throw wsqError('UNSUPPORTED', at, 'DQT', 'quantisation table redefined after the first block');
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
        if (coefficientCount === undefined) coefficientCount = codedCoefficientCount(quantization, geometry.subbands);
        const table = huffman.get(tableId);
        if (table === undefined) throw wsqError('BAD_VALUE', lengthAt + 2, 'SOB.table', `Huffman table ${tableId} not defined`);
        const dataStart = r.pos;
        if (decodeData) {
          const d = new EntropyDecoder(bytes, dataStart);
          filled = d.decode(table, coefficientCount, filled, stored);
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
  if (coefficientCount === undefined) coefficientCount = codedCoefficientCount(quantization, geometry.subbands);
  if (decodeData && filled !== coefficientCount) {
    throw wsqError('BAD_COUNT', end, 'SOB.data', `${filled} coefficients decoded, the subbands hold ${coefficientCount}`);
  }
  return {
    frame,
    transform,
    quantization,
    geometry,
    coefficientCount,
    storedIndices: stored.indices.subarray(0, stored.count),
    storedValues: stored.values.subarray(0, stored.count),
    comments,
    segments,
  };
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

/** A zeroed plane and a scratch plane of `samples` floats, in the memory of the WebAssembly kernels when there are. */
interface WorkPlanes {
  plane: Float32Array;
  scratch: Float32Array;
  wasm: KernelMemory | undefined;
  /** With `wasm`: where in its memory the kernels may write the 8-bit image (bytes for every sample). */
  pixelArea: number;
}

/**
 * The float planes of the last decode, kept for the next one: decoding is synchronous, so one set
 * serves every call, and batches of same-sized fingers then allocate (and collect) far less.
 * Larger planes than DECODER.keptPlaneSamples are not kept, so a large image does not pin its memory.
 */
let keptPlanes: (WorkPlanes & { samples: number }) | undefined;

function workPlanes(samples: number): WorkPlanes {
  if (keptPlanes !== undefined && keptPlanes.samples >= samples) {
    const { wasm, pixelArea } = keptPlanes;
    const plane = keptPlanes.plane.subarray(0, samples);
    plane.fill(0);
    return { plane, scratch: keptPlanes.scratch.subarray(0, samples), wasm, pixelArea };
  }
  const bytes = samples * Float32Array.BYTES_PER_ELEMENT;
  let wasm: KernelMemory | undefined;
  try {
    wasm = kernelMemory(2 * bytes + samples);
  } catch {
    wasm = undefined; // no memory that large for WebAssembly: plain arrays do
  }
  const planes =
    wasm === undefined
      ? { plane: new Float32Array(samples), scratch: new Float32Array(samples), wasm, pixelArea: 0 }
      : { plane: new Float32Array(wasm.buffer, 0, samples), scratch: new Float32Array(wasm.buffer, bytes, samples), wasm, pixelArea: 2 * bytes };
  if (samples <= DECODER.keptPlaneSamples) keptPlanes = { ...planes, samples };
  return planes;
}

/** Decode a WSQ codestream to an 8-bit grey image. */
export function decodeWsq(bytes: Uint8Array, options: WsqDecodeOptions = {}): WsqDecoded {
  const parsed = parseCodestream(bytes, options);
  const { frame, transform, quantization, geometry, storedIndices, storedValues, comments } = parsed;
  const { width, height } = frame;
  const { plane, scratch, wasm, pixelArea } = workPlanes(width * height);
  const sparsity = dequantize(storedIndices, storedValues, quantization, geometry.subbands, plane, width);
  const pixels = new Uint8Array(width * height);
  reconstruct(plane, scratch, width, geometry, transform, sparsity, { pixels, shift: frame.shift, scale: frame.scale, pixelArea }, wasm);
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
export type WsqInspection = Omit<ParsedCodestream, 'coefficientCount' | 'storedIndices' | 'storedValues' | 'geometry'>;

/** List the marker segments and read the tables without decoding the image. */
export function inspectWsq(bytes: Uint8Array, options: WsqDecodeOptions = {}): WsqInspection {
  const { frame, transform, quantization, comments, segments } = parseCodestream(bytes, options, false);
  return { frame, transform, quantization, comments, segments };
}
