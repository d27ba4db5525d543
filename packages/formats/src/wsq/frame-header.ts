import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { MARKER } from './constants.js';
import { float32ToScaled16, scaledToFloat32 } from './scaled-number.js';
import type { WsqFrameHeader } from './types.js';
import { wsqError } from './wsq-error.js';

const SOF_LENGTH = 17;

/** Parse an SOF segment body; `r` stands just after the marker. */
export function readFrameHeader(r: ByteReader): WsqFrameHeader {
  const at = r.pos;
  const length = r.u16('SOF.length');
  if (length !== SOF_LENGTH) throw wsqError('BAD_LENGTH', at, 'SOF.length', `SOF length ${length}, expected ${SOF_LENGTH}`);
  const black = r.u8('SOF.black');
  const white = r.u8('SOF.white');
  const height = r.u16('SOF.height');
  const width = r.u16('SOF.width');
  const shiftScale = r.u8('SOF.shift.scale');
  const shift = scaledToFloat32(r.u16('SOF.shift'), shiftScale);
  const scaleScale = r.u8('SOF.scale.scale');
  const scale = scaledToFloat32(r.u16('SOF.scale'), scaleScale);
  const encoderId = r.u8('SOF.encoder');
  const softwareId = r.u16('SOF.software');
  if (width === 0) throw wsqError('BAD_VALUE', at + 6, 'SOF.width', 'image width is zero');
  if (height === 0) throw wsqError('BAD_VALUE', at + 4, 'SOF.height', 'image height is zero');
  return { black, white, height, width, shift, scale, encoderId, softwareId };
}

export function writeFrameHeader(w: ByteWriter, f: WsqFrameHeader): void {
  w.u16(MARKER.SOF);
  w.u16(SOF_LENGTH);
  w.u8(f.black);
  w.u8(f.white);
  w.u16(f.height);
  w.u16(f.width);
  const shift = float32ToScaled16(f.shift);
  w.u8(shift.scale);
  w.u16(shift.value);
  const scale = float32ToScaled16(f.scale);
  w.u8(scale.scale);
  w.u16(scale.value);
  w.u8(f.encoderId);
  w.u16(f.softwareId);
}
