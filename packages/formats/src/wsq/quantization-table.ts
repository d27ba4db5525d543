import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { MARKER, SUBBAND_COUNT } from './constants.js';
import { float32ToScaled16, scaledToFloat32, type ScaledNumber } from './scaled-number.js';
import type { WsqQuantizationTable } from './types.js';
import { wsqError } from './wsq-error.js';

const DQT_LENGTH = 2 + 3 + SUBBAND_COUNT * 6;

/** Parse a DQT segment body; `r` stands just after the marker. */
export function readQuantizationTable(r: ByteReader): WsqQuantizationTable {
  const at = r.pos;
  const length = r.u16('DQT.length');
  if (length !== DQT_LENGTH) throw wsqError('BAD_LENGTH', at, 'DQT.length', `DQT length ${length}, expected ${DQT_LENGTH}`);
  const centerScale = r.u8('DQT.binCenter.scale');
  const binCenter = scaledToFloat32(r.u16('DQT.binCenter'), centerScale);
  const q = new Float32Array(SUBBAND_COUNT);
  const z = new Float32Array(SUBBAND_COUNT);
  for (let k = 0; k < SUBBAND_COUNT; k++) {
    const qs = r.u8('DQT.q.scale');
    q[k] = scaledToFloat32(r.u16('DQT.q'), qs);
    const zs = r.u8('DQT.z.scale');
    z[k] = scaledToFloat32(r.u16('DQT.z'), zs);
  }
  return { binCenter, q, z };
}

/** `binCenter` overrides how C is written (NIST writes 0.44 as 44 x 10^-2, not the most precise form). */
export function writeQuantizationTable(w: ByteWriter, t: WsqQuantizationTable, binCenter?: ScaledNumber): void {
  w.u16(MARKER.DQT);
  w.u16(DQT_LENGTH);
  const put = (v: number): void => {
    const s = float32ToScaled16(v);
    w.u8(s.scale);
    w.u16(s.value);
  };
  if (binCenter !== undefined) {
    w.u8(binCenter.scale);
    w.u16(binCenter.value);
  } else put(t.binCenter);
  for (let k = 0; k < SUBBAND_COUNT; k++) {
    put(t.q[k]!);
    put(t.z[k]!);
  }
}
