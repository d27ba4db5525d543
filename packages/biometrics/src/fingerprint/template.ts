import type { Minutia } from './minutia.js';
import { TEMPLATE_PPI } from './minutia.js';
import { buildEdgeTable, type EdgeTable } from './match/edge-table.js';
import { normaliseAngle, TWO_PI } from './match/angle.js';
import type { OrientationField } from './orientation-field.js';

/**
 * Everything the matcher needs about one finger: its minutiae in 500-ppi pixels and the local
 * descriptors precomputed from them. Minutiae are quantised on creation (integer pixels,
 * 1/65536 of a turn, reliability in hundredths) so a template survives serialisation exactly.
 */
export interface FingerprintTemplate {
  /** Size of the (500-ppi normalised) image the minutiae were found in. */
  readonly width: number;
  readonly height: number;
  readonly minutiae: readonly Minutia[];
  /** Image quality 0–100 as the extractor judged it; undefined when unknown (e.g. imported). */
  readonly quality: number | undefined;
  /** Coarse ridge flow, when the template was made from an image (absent for imported minutiae). */
  readonly orientation: OrientationField | undefined;
  /** Precomputed local descriptors. */
  readonly edges: EdgeTable;
}

export interface TemplateInput {
  width: number;
  height: number;
  minutiae: readonly Minutia[];
  quality?: number | undefined;
  orientation?: OrientationField | undefined;
}

/** Largest coordinate a template stores (16-bit); far beyond any real fingerprint at 500 ppi. */
export const MAX_TEMPLATE_COORDINATE = 0xffff;
/** Most minutiae one template keeps (16-bit count). */
export const MAX_TEMPLATE_MINUTIAE = 0xffff;
export const DIRECTION_STEPS = 65536;

export function quantiseMinutia(m: Minutia): Minutia {
  const clampCoordinate = (v: number) => Math.min(MAX_TEMPLATE_COORDINATE, Math.max(0, Math.round(Number.isFinite(v) ? v : 0)));
  const steps = Math.round((normaliseAngle(Number.isFinite(m.direction) ? m.direction : 0) / TWO_PI) * DIRECTION_STEPS) % DIRECTION_STEPS;
  const reliability = Math.min(100, Math.max(0, Math.round((Number.isFinite(m.reliability) ? m.reliability : 0) * 100)));
  return { x: clampCoordinate(m.x), y: clampCoordinate(m.y), direction: (steps * TWO_PI) / DIRECTION_STEPS, type: m.type, reliability: reliability / 100 };
}

export function createTemplate(input: TemplateInput): FingerprintTemplate {
  if (input.minutiae.length > MAX_TEMPLATE_MINUTIAE) throw new RangeError(`a template holds at most ${MAX_TEMPLATE_MINUTIAE} minutiae`);
  const minutiae = input.minutiae.map(quantiseMinutia);
  const quality = input.quality === undefined ? undefined : Math.min(100, Math.max(0, Math.round(input.quality)));
  return {
    width: Math.min(MAX_TEMPLATE_COORDINATE, Math.max(0, Math.round(input.width))),
    height: Math.min(MAX_TEMPLATE_COORDINATE, Math.max(0, Math.round(input.height))),
    minutiae,
    quality,
    orientation: input.orientation,
    edges: buildEdgeTable(minutiae),
  };
}

/** Minutiae measured at `ppi` brought to the template resolution (500 ppi). */
export function scaleMinutiaeToTemplate(minutiae: readonly Minutia[], ppiX: number, ppiY = ppiX): Minutia[] {
  const sx = TEMPLATE_PPI / ppiX;
  const sy = TEMPLATE_PPI / ppiY;
  if (sx === 1 && sy === 1) return minutiae.map((m) => ({ ...m }));
  return minutiae.map((m) => {
    // A non-square pixel turns directions too: scale the direction vector the same way.
    const direction = normaliseAngle(Math.atan2(Math.sin(m.direction) * sy, Math.cos(m.direction) * sx));
    return { ...m, x: m.x * sx, y: m.y * sy, direction };
  });
}
