import { ANSI_ANGLE_UNITS_PER_TURN, CM_PER_INCH, ISO_ANGLE_UNITS_PER_TURN } from './constants.js';
import type { ImageGeometry, MinutiaeStandard } from './minutiae-model.js';

const TURN = 2 * Math.PI;

/** Angle units in one full turn for a standard: ISO 256 (360/256° each), ANSI 180 (2° each). */
export function angleUnitsPerTurn(standard: MinutiaeStandard): number {
  return standard.startsWith('ansi') ? ANSI_ANGLE_UNITS_PER_TURN : ISO_ANGLE_UNITS_PER_TURN;
}

/** Stored angle → radians in [0, 2π). */
export function angleUnitsToRadians(units: number, standard: MinutiaeStandard): number {
  const perTurn = angleUnitsPerTurn(standard);
  return ((units % perTurn) * TURN) / perTurn;
}

/** Radians → the nearest stored angle of a standard (wrapped into its range). */
export function radiansToAngleUnits(radians: number, standard: MinutiaeStandard): number {
  const perTurn = angleUnitsPerTurn(standard);
  const turns = radians / TURN;
  const units = Math.round((turns - Math.floor(turns)) * perTurn);
  return units % perTurn;
}

/** Re-expresses a stored angle in another standard's units (nearest unit). */
export function convertAngleUnits(units: number, from: MinutiaeStandard, to: MinutiaeStandard): number {
  if (angleUnitsPerTurn(from) === angleUnitsPerTurn(to)) return units;
  return radiansToAngleUnits(angleUnitsToRadians(units, from), to);
}

export function pixelsPerCmToPpi(pixelsPerCm: number): number {
  return pixelsPerCm * CM_PER_INCH;
}

export function ppiToPixelsPerCm(ppi: number): number {
  return Math.round(ppi / CM_PER_INCH);
}

export function imageGeometry(width: number, height: number, resolutionX: number, resolutionY: number): ImageGeometry {
  return { width, height, resolutionX, resolutionY, ppiX: pixelsPerCmToPpi(resolutionX), ppiY: pixelsPerCmToPpi(resolutionY) };
}
