import { FORMAT_NAMES } from './constants.js';
import { fingerPositionName, impressionTypeName, type MinutiaeRecord } from './minutiae-model.js';

export interface MinutiaeViewSummary {
  readonly fingerPosition: string;
  readonly viewNumber: number;
  readonly impressionType: string;
  readonly quality: number;
  readonly image: string;
  readonly minutiae: number;
  readonly endings: number;
  readonly bifurcations: number;
  readonly others: number;
  readonly extendedData: readonly string[];
}

export interface MinutiaeRecordSummary {
  readonly format: string;
  readonly standard: string;
  readonly length: number;
  readonly views: readonly MinutiaeViewSummary[];
  readonly warnings: readonly string[];
}

const AREA_NAMES: Record<number, string> = { 1: 'ridge counts', 2: 'cores and deltas', 3: 'zonal quality' };

/** Plain data (strings and numbers only) describing a record, for `kura formats inspect` and logs. */
export function summarizeMinutiaeRecord(record: MinutiaeRecord): MinutiaeRecordSummary {
  return {
    format: FORMAT_NAMES[record.standard],
    standard: record.standard,
    length: record.declaredLength,
    views: record.views.map((v) => ({
      fingerPosition: fingerPositionName(v.fingerPosition),
      viewNumber: v.viewNumber,
      impressionType: impressionTypeName(v.impressionType),
      quality: v.quality,
      image: `${v.image.width}×${v.image.height} px at ${v.image.resolutionX}×${v.image.resolutionY} px/cm (${Math.round(v.image.ppiX)}×${Math.round(v.image.ppiY)} ppi)`,
      minutiae: v.minutiae.length,
      endings: v.minutiae.filter((m) => m.type === 'ending').length,
      bifurcations: v.minutiae.filter((m) => m.type === 'bifurcation').length,
      others: v.minutiae.filter((m) => m.type === 'other' || m.type === 'reserved').length,
      extendedData: v.extendedData.map((a) => {
        const name = AREA_NAMES[a.typeCode] ?? (a.typeCode >= 0x0100 ? 'vendor-defined' : 'reserved');
        return `0x${a.typeCode.toString(16).padStart(4, '0')} ${name} (${a.data.length} bytes)`;
      }),
    })),
    warnings: record.warnings,
  };
}
