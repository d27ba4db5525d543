import { ImageDecodeError } from './image-decode-error.js';
import { JP2_SIGNATURE } from './image-format.js';
import { METRES_PER_INCH } from './limits.js';

/**
 * The JP2 file format (ISO/IEC 15444-1 Annex I) around a JPEG 2000 codestream: a list of boxes
 * (length, type, content). We need only the codestream ('jp2c') and the resolution box
 * ('res ' inside 'jp2h': capture 'resc', else display 'resd'); the rest is skipped.
 */
export interface Jp2Contents {
  codestream: Uint8Array;
  /** Pixels per inch from the capture (else display) resolution box, when present. */
  ppi: number | undefined;
}

interface Box {
  type: string;
  content: Uint8Array;
}

function corrupt(message: string): ImageDecodeError {
  return new ImageDecodeError('CORRUPT', 'jp2', message);
}

function readBoxes(bytes: Uint8Array): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Box[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 8 > bytes.length) throw new ImageDecodeError('TRUNCATED', 'jp2', `file ends inside a box header at offset ${pos}`);
    const declared = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    let header = 8;
    let length = declared;
    if (declared === 1) {
      // XLBox: a 64-bit length. Anything beyond 2^32 cannot fit in a buffer we were handed anyway.
      if (pos + 16 > bytes.length) throw new ImageDecodeError('TRUNCATED', 'jp2', `file ends inside a box header at offset ${pos}`);
      if (view.getUint32(pos + 8) !== 0) throw new ImageDecodeError('TRUNCATED', 'jp2', `box '${type}' at offset ${pos} is longer than the file`);
      length = view.getUint32(pos + 12);
      header = 16;
    } else if (declared === 0) {
      length = bytes.length - pos; // "extends to the end of the file"
    }
    if (length < header) throw corrupt(`box '${type}' at offset ${pos} declares an impossible length ${length}`);
    if (pos + length > bytes.length) {
      throw new ImageDecodeError('TRUNCATED', 'jp2', `box '${type}' at offset ${pos} needs ${length} bytes; ${bytes.length - pos} remain`);
    }
    boxes.push({ type, content: bytes.subarray(pos + header, pos + length) });
    pos += length;
  }
  return boxes;
}

/** Resolution box content: VR_N, VR_D, HR_N, HR_D (16-bit), VR_E, HR_E (signed 8-bit), in grid points per metre. */
function ppiFromResolution(content: Uint8Array): number | undefined {
  if (content.length < 10) return undefined;
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const numerator = view.getUint16(4);
  const denominator = view.getUint16(6);
  const exponent = view.getInt8(9);
  if (numerator === 0 || denominator === 0) return undefined;
  const perMetre = (numerator / denominator) * 10 ** exponent;
  return Math.round(perMetre * METRES_PER_INCH);
}

export function readJp2(bytes: Uint8Array): Jp2Contents {
  const boxes = readBoxes(bytes);
  if (boxes[0]?.type !== 'jP  ') throw corrupt('missing JPEG 2000 signature box');
  const codestream = boxes.find((b) => b.type === 'jp2c')?.content;
  if (!codestream) throw corrupt("no contiguous codestream box ('jp2c')");
  const header = boxes.find((b) => b.type === 'jp2h');
  const resolution = header ? readBoxes(header.content).find((b) => b.type === 'res ') : undefined;
  const inner = resolution ? readBoxes(resolution.content) : [];
  const chosen = inner.find((b) => b.type === 'resc') ?? inner.find((b) => b.type === 'resd');
  return { codestream, ppi: chosen ? ppiFromResolution(chosen.content) : undefined };
}

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const length = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(length);
  new DataView(out.buffer).setUint32(0, length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let pos = 8;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function bytesOf(write: (view: DataView) => void, length: number): Uint8Array {
  const out = new Uint8Array(length);
  write(new DataView(out.buffer));
  return out;
}

/** Largest numerator of the resolution box. */
const MAX_U16 = 0xffff;
/** Colour specification: enumerated colour space 17 = greyscale. */
const ENUM_CS_GREYSCALE = 17;
/** IHDR compression type 7 = JPEG 2000. */
const COMPRESSION_JPEG2000 = 7;

/** Resolution as N / 1 × 10^E grid points per metre, with the smallest E whose N fits 16 bits. */
function resolutionBox(ppi: number): Uint8Array {
  const perMetre = ppi / METRES_PER_INCH;
  let exponent = 0;
  while (Math.round(perMetre / 10 ** exponent) > MAX_U16) exponent++;
  const numerator = Math.round(perMetre / 10 ** exponent);
  const content = bytesOf((v) => {
    v.setUint16(0, numerator);
    v.setUint16(2, 1);
    v.setUint16(4, numerator);
    v.setUint16(6, 1);
    v.setInt8(8, exponent);
    v.setInt8(9, exponent);
  }, 10);
  return box('res ', box('resc', content));
}

/** Wrap an 8-bit single-component codestream in a minimal JP2 file (signature, ftyp, jp2h, jp2c). */
export function writeJp2(codestream: Uint8Array, width: number, height: number, ppi: number | undefined): Uint8Array {
  const signature = Uint8Array.from(JP2_SIGNATURE);
  const brand = [0x6a, 0x70, 0x32, 0x20]; // 'jp2 '
  const fileType = box('ftyp', Uint8Array.from([...brand, 0, 0, 0, 0, ...brand]));
  const imageHeader = box(
    'ihdr',
    bytesOf((v) => {
      v.setUint32(0, height);
      v.setUint32(4, width);
      v.setUint16(8, 1); // one component
      v.setUint8(10, 7); // bits per component minus one, unsigned
      v.setUint8(11, COMPRESSION_JPEG2000);
      v.setUint8(12, 0); // colour space known
      v.setUint8(13, 0); // no intellectual property box
    }, 14),
  );
  const colour = box('colr', Uint8Array.from([1, 0, 0, 0, 0, 0, ENUM_CS_GREYSCALE]));
  const header = ppi === undefined ? box('jp2h', imageHeader, colour) : box('jp2h', imageHeader, colour, resolutionBox(ppi));
  const out = new Uint8Array(signature.length + fileType.length + header.length + 8 + codestream.length);
  let pos = 0;
  for (const part of [signature, fileType, header, box('jp2c', codestream)]) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
