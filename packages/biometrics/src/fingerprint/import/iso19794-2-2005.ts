import { decodeMinutiaeRecord } from '@kura/formats';
import type { Minutia } from '../minutia.js';

/**
 * A finger minutiae record's views in the engine's minutia shape, at the record's own pixels
 * (not yet scaled to 500 ppi). Decoding is done by `@kura/formats` (ISO 19794-2:2005/2011,
 * ANSI 378-2004/2009); this keeps the small shape the benchmark scripts read.
 */
export interface IsoFingerView {
  position: number;
  viewNumber: number;
  impressionType: number;
  quality: number;
  minutiae: Minutia[];
}

export interface IsoFingerRecord {
  width: number;
  height: number;
  ppiX: number;
  ppiY: number;
  views: IsoFingerView[];
}

export function readIso19794_2_2005(bytes: Uint8Array): IsoFingerRecord {
  const record = decodeMinutiaeRecord(bytes);
  const image = record.image ?? record.views[0]?.image;
  return {
    width: image?.width ?? 0,
    height: image?.height ?? 0,
    ppiX: image?.ppiX ?? 0,
    ppiY: image?.ppiY ?? 0,
    views: record.views.map((v) => ({
      position: v.fingerPosition,
      viewNumber: v.viewNumber,
      impressionType: v.impressionType,
      quality: v.quality,
      minutiae: v.minutiae.map((m) => ({
        x: m.x,
        y: m.y,
        direction: m.angle,
        type: m.type === 'ending' || m.type === 'bifurcation' ? m.type : 'other',
        reliability: Math.min(100, m.quality ?? 0) / 100,
      })),
    })),
  };
}
