import {
  CORE_DELTA_ANGLE_FLAG_ANSI,
  CORE_DELTA_ANGLE_FLAG_ISO,
  CORE_DELTA_COUNT_MASK,
  COORDINATE_MASK,
  EXTENDED_AREA_HEADER_BYTES,
  EXTENDED_TYPE_CORE_DELTA,
  EXTENDED_TYPE_RIDGE_COUNT,
  EXTENDED_TYPE_ZONAL_QUALITY,
} from './constants.js';
import type {
  CoreDeltaData,
  CorePoint,
  DeltaPoint,
  ExtendedDataArea,
  MinutiaeStandard,
  RidgeCountData,
  RidgeCountMethod,
  ZonalQualityData,
} from './minutiae-model.js';
import type { RecordReader } from './record-reader.js';
import { RecordWriter } from './record-writer.js';
import { angleUnitsToRadians } from './units.js';

export interface ExtendedDataBlock {
  readonly areas: ExtendedDataArea[];
  readonly lengthIncludesHeader: boolean;
}

/**
 * Reads a view's extended data block: a 2-byte total length, then areas (type, length, data).
 * The standards count each area's 4-byte header in its length; some writers count only the data.
 * The first reading that tiles the block exactly wins; neither → BAD_LENGTH naming the block.
 */
export function readExtendedDataBlock(reader: RecordReader): ExtendedDataBlock {
  const blockOffset = reader.pos;
  const blockLength = reader.u16('extendedDataBlockLength');
  const body = reader.take(blockLength, 'extendedData');
  const bodyOffset = blockOffset + 2;
  const inclusive = tileAreas(body, true);
  if (inclusive) return { areas: inclusive, lengthIncludesHeader: true };
  const exclusive = tileAreas(body, false);
  if (exclusive) return { areas: exclusive, lengthIncludesHeader: false };
  throw reader.error('BAD_LENGTH', bodyOffset, 'extendedDataAreaLength', `the extended data areas do not fill the ${blockLength}-byte block`);
}

function tileAreas(body: Uint8Array, includesHeader: boolean): ExtendedDataArea[] | undefined {
  const areas: ExtendedDataArea[] = [];
  let pos = 0;
  while (pos < body.length) {
    if (body.length - pos < EXTENDED_AREA_HEADER_BYTES) return undefined;
    const typeCode = (body[pos]! << 8) | body[pos + 1]!;
    const length = (body[pos + 2]! << 8) | body[pos + 3]!;
    const dataLength = includesHeader ? length - EXTENDED_AREA_HEADER_BYTES : length;
    if (dataLength < 0) return undefined;
    const start = pos + EXTENDED_AREA_HEADER_BYTES;
    if (start + dataLength > body.length) return undefined;
    areas.push({ typeCode, data: body.slice(start, start + dataLength) });
    pos = start + dataLength;
  }
  return areas;
}

/** Size in bytes of the areas once written (without the 2-byte block length). */
export function extendedAreasByteLength(areas: readonly ExtendedDataArea[]): number {
  return areas.reduce((sum, a) => sum + EXTENDED_AREA_HEADER_BYTES + a.data.length, 0);
}

/** Writes the block length and each area; the caller has checked the sizes fit in 16 bits. */
export function writeExtendedDataBlock(writer: RecordWriter, areas: readonly ExtendedDataArea[], lengthIncludesHeader: boolean): void {
  writer.u16(extendedAreasByteLength(areas));
  for (const area of areas) {
    writer.u16(area.typeCode);
    writer.u16(lengthIncludesHeader ? area.data.length + EXTENDED_AREA_HEADER_BYTES : area.data.length);
    writer.bytes(area.data);
  }
}

const RIDGE_COUNT_METHODS: readonly RidgeCountMethod[] = ['non-specific', 'four-neighbour', 'eight-neighbour'];

/** Decoded extended data of one view, with a note for each defined area that could not be read. */
export interface DecodedExtendedData {
  ridgeCounts?: RidgeCountData;
  coresAndDeltas?: CoreDeltaData;
  zonalQuality?: ZonalQualityData;
  warnings: string[];
}

/**
 * Interprets the areas the standards define (ridge counts, cores and deltas, ISO zonal quality).
 * They stay raw in the view as well; an area that does not decode is reported, not thrown.
 */
export function decodeDefinedAreas(areas: readonly ExtendedDataArea[], standard: MinutiaeStandard, imageWidth: number, imageHeight: number): DecodedExtendedData {
  const out: DecodedExtendedData = { warnings: [] };
  for (const area of areas) {
    if (area.typeCode === EXTENDED_TYPE_RIDGE_COUNT && !out.ridgeCounts) {
      out.ridgeCounts = decodeRidgeCounts(area.data, out.warnings);
    } else if (area.typeCode === EXTENDED_TYPE_CORE_DELTA && !out.coresAndDeltas) {
      const decoded = decodeCoreDelta(area.data, standard);
      if (decoded) out.coresAndDeltas = decoded;
      else out.warnings.push('core and delta area does not decode; kept raw only');
    } else if (area.typeCode === EXTENDED_TYPE_ZONAL_QUALITY && standard.startsWith('iso') && !out.zonalQuality) {
      const decoded = decodeZonalQuality(area.data, imageWidth, imageHeight);
      if (decoded) out.zonalQuality = decoded;
      else out.warnings.push('zonal quality area does not decode; kept raw only');
    }
  }
  return out;
}

/** Ridge count area: a method byte then (from, to, count) triples; a partial last triple is reported. */
export function decodeRidgeCounts(data: Uint8Array, warnings: string[]): RidgeCountData {
  const methodCode = data[0] ?? 0;
  const edges: { from: number; to: number; count: number }[] = [];
  for (let i = 1; i + 3 <= data.length; i += 3) edges.push({ from: data[i]!, to: data[i + 1]!, count: data[i + 2]! });
  const leftover = Math.max(0, data.length - 1) % 3;
  if (data.length === 0) warnings.push('ridge count area is empty');
  else if (leftover !== 0) warnings.push(`ridge count area ends with ${leftover} byte(s) that do not form an edge`);
  return { methodCode, method: RIDGE_COUNT_METHODS[methodCode] ?? 'reserved', edges };
}

export function encodeRidgeCounts(ridgeCounts: Pick<RidgeCountData, 'methodCode' | 'edges'>): Uint8Array {
  const w = new RecordWriter().u8(ridgeCounts.methodCode);
  for (const e of ridgeCounts.edges) w.u8(e.from).u8(e.to).u8(e.count);
  return w.toBytes();
}

/**
 * Core and delta area. ISO: a count byte, then per point x (bit 0x4000 = angle present), y and the
 * angle(s). ANSI: the count byte's bit 0x40 says every point has angle(s); x and y are plain.
 */
export function decodeCoreDelta(data: Uint8Array, standard: MinutiaeStandard): CoreDeltaData | undefined {
  const iso = standard.startsWith('iso');
  let pos = 0;
  const byte = (): number | undefined => (pos < data.length ? data[pos++] : undefined);
  const word = (): number | undefined => {
    if (pos + 2 > data.length) return undefined;
    const v = (data[pos]! << 8) | data[pos + 1]!;
    pos += 2;
    return v;
  };
  const rad = (u: number): number => angleUnitsToRadians(u, standard);
  const coreInfo = byte();
  if (coreInfo === undefined) return undefined;
  const cores: CorePoint[] = [];
  for (let i = 0; i < (coreInfo & CORE_DELTA_COUNT_MASK); i++) {
    const xField = word();
    const yField = word();
    if (xField === undefined || yField === undefined) return undefined;
    const hasAngle = iso ? (xField & CORE_DELTA_ANGLE_FLAG_ISO) !== 0 : (coreInfo & CORE_DELTA_ANGLE_FLAG_ANSI) !== 0;
    const point = { x: xField & COORDINATE_MASK, y: yField & COORDINATE_MASK };
    if (hasAngle) {
      const a = byte();
      if (a === undefined) return undefined;
      cores.push({ ...point, angleUnits: a, angle: rad(a) });
    } else cores.push(point);
  }
  const deltaInfo = byte();
  if (deltaInfo === undefined) return undefined;
  const deltas: DeltaPoint[] = [];
  for (let i = 0; i < (deltaInfo & CORE_DELTA_COUNT_MASK); i++) {
    const xField = word();
    const yField = word();
    if (xField === undefined || yField === undefined) return undefined;
    const hasAngles = iso ? (xField & CORE_DELTA_ANGLE_FLAG_ISO) !== 0 : (deltaInfo & CORE_DELTA_ANGLE_FLAG_ANSI) !== 0;
    const point = { x: xField & COORDINATE_MASK, y: yField & COORDINATE_MASK };
    if (hasAngles) {
      const a = byte();
      const b = byte();
      const c = byte();
      if (a === undefined || b === undefined || c === undefined) return undefined;
      deltas.push({ ...point, angleUnits: [a, b, c], angles: [rad(a), rad(b), rad(c)] });
    } else deltas.push(point);
  }
  if (pos !== data.length) return undefined;
  return { cores, deltas };
}

/** Writes a core and delta area in the layout of `standard` (ANSI: angles only if every point has them). */
export function encodeCoreDelta(data: Pick<CoreDeltaData, 'cores' | 'deltas'>, standard: MinutiaeStandard): Uint8Array {
  const iso = standard.startsWith('iso');
  const w = new RecordWriter();
  const coreAngles = data.cores.length > 0 && data.cores.every((c) => c.angleUnits !== undefined);
  w.u8((data.cores.length & CORE_DELTA_COUNT_MASK) | (!iso && coreAngles ? CORE_DELTA_ANGLE_FLAG_ANSI : 0));
  for (const c of data.cores) {
    const withAngle = iso ? c.angleUnits !== undefined : coreAngles;
    w.u16((c.x & COORDINATE_MASK) | (iso && withAngle ? CORE_DELTA_ANGLE_FLAG_ISO : 0)).u16(c.y & COORDINATE_MASK);
    if (withAngle) w.u8(c.angleUnits ?? 0);
  }
  const deltaAngles = data.deltas.length > 0 && data.deltas.every((d) => d.angleUnits !== undefined);
  w.u8((data.deltas.length & CORE_DELTA_COUNT_MASK) | (!iso && deltaAngles ? CORE_DELTA_ANGLE_FLAG_ANSI : 0));
  for (const d of data.deltas) {
    const withAngles = iso ? d.angleUnits !== undefined : deltaAngles;
    w.u16((d.x & COORDINATE_MASK) | (iso && withAngles ? CORE_DELTA_ANGLE_FLAG_ISO : 0)).u16(d.y & COORDINATE_MASK);
    if (withAngles) for (const a of d.angleUnits ?? [0, 0, 0]) w.u8(a);
  }
  return w.toBytes();
}

/**
 * ISO zonal quality: zone width, zone height, bits per zone (1–8), then the packed values of
 * ⌈width/zoneWidth⌉ × ⌈height/zoneHeight⌉ zones. The zone count is checked against the data before
 * anything is allocated.
 */
export function decodeZonalQuality(data: Uint8Array, imageWidth: number, imageHeight: number): ZonalQualityData | undefined {
  if (data.length < 3) return undefined;
  const zoneWidth = data[0]!;
  const zoneHeight = data[1]!;
  const bitsPerZone = data[2]!;
  if (zoneWidth === 0 || zoneHeight === 0 || bitsPerZone < 1 || bitsPerZone > 8) return undefined;
  const zones = Math.ceil(imageWidth / zoneWidth) * Math.ceil(imageHeight / zoneHeight);
  const packedBytes = Math.ceil((zones * bitsPerZone) / 8);
  if (packedBytes !== data.length - 3) return undefined;
  const values: number[] = new Array<number>(zones);
  for (let i = 0; i < zones; i++) {
    let v = 0;
    for (let b = 0; b < bitsPerZone; b++) {
      const bit = i * bitsPerZone + b;
      v = (v << 1) | ((data[3 + (bit >> 3)]! >> (7 - (bit & 7))) & 1);
    }
    values[i] = v;
  }
  return { zoneWidth, zoneHeight, bitsPerZone, values };
}

export function encodeZonalQuality(z: ZonalQualityData): Uint8Array {
  const packed = new Uint8Array(Math.ceil((z.values.length * z.bitsPerZone) / 8));
  z.values.forEach((v, i) => {
    for (let b = 0; b < z.bitsPerZone; b++) {
      if ((v >> (z.bitsPerZone - 1 - b)) & 1) {
        const bit = i * z.bitsPerZone + b;
        packed[bit >> 3]! |= 0x80 >> (bit & 7);
      }
    }
  });
  return new RecordWriter().u8(z.zoneWidth).u8(z.zoneHeight).u8(z.bitsPerZone).bytes(packed).toBytes();
}
