import { COORDINATE_MASK } from './constants.js';
import { MINUTIA_KINDS, minutiaKindCode, type Minutia, type MinutiaeStandard } from './minutiae-model.js';
import type { RecordReader } from './record-reader.js';
import type { RecordWriter } from './record-writer.js';
import { recordError } from './iso19794-error.js';
import { angleUnitsToRadians } from './units.js';

/**
 * One stored minutia: type (2 bits) and x (14 bits), reserved (2 bits) and y (14 bits), angle,
 * then quality unless the layout leaves it out (ISO 19794-2:2011 5-byte minutiae).
 */
export function readMinutia(reader: RecordReader, standard: MinutiaeStandard, withQuality: boolean): Minutia {
  const xField = reader.u16('minutia.x');
  const yField = reader.u16('minutia.y');
  const angleUnits = reader.u8('minutia.angle');
  const type = MINUTIA_KINDS[xField >> 14]!;
  const base = { type, x: xField & COORDINATE_MASK, y: yField & COORDINATE_MASK, angleUnits, angle: angleUnitsToRadians(angleUnits, standard) };
  return withQuality ? { ...base, quality: reader.u8('minutia.quality') } : base;
}

/** Checks a value fits its field before an encoder writes it. */
export function checkRange(format: string, writer: RecordWriter, field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw recordError(format, 'BAD_VALUE', writer.position, field, `${value} is outside ${min}–${max}`);
  }
}

export function writeMinutia(format: string, writer: RecordWriter, m: Minutia, withQuality: boolean): void {
  const kind = minutiaKindCode(m.type);
  if (kind < 0) throw recordError(format, 'BAD_VALUE', writer.position, 'minutia.type', `unknown minutia type ${String(m.type)}`);
  checkRange(format, writer, 'minutia.x', m.x, 0, COORDINATE_MASK);
  checkRange(format, writer, 'minutia.y', m.y, 0, COORDINATE_MASK);
  checkRange(format, writer, 'minutia.angle', m.angleUnits, 0, 255);
  writer.u16((kind << 14) | m.x).u16(m.y).u8(m.angleUnits);
  if (withQuality) {
    checkRange(format, writer, 'minutia.quality', m.quality ?? 0, 0, 255);
    writer.u8(m.quality ?? 0);
  }
}
