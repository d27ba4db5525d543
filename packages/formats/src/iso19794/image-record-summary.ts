import { FORMAT_NAMES } from './constants.js';
import type { FaceImageRecord } from './face-image.js';
import type { FingerImageRecord } from './finger-image.js';
import { fingerPositionName } from './minutiae-model.js';

/** Plain data describing a finger image record, for `kura formats inspect`. */
export function summarizeFingerImageRecord(record: FingerImageRecord): {
  readonly format: string;
  readonly length: number;
  readonly compression: string;
  readonly resolution: string;
  readonly pixelDepth: number;
  readonly images: readonly { readonly fingerPosition: string; readonly view: string; readonly quality: number; readonly size: string; readonly bytes: number }[];
  readonly warnings: readonly string[];
} {
  const unit = record.scaleUnits === 1 ? 'ppi' : record.scaleUnits === 2 ? 'px/cm' : `unit ${record.scaleUnits}`;
  return {
    format: FORMAT_NAMES['iso-19794-4-2005'],
    length: record.declaredLength,
    compression: record.compression,
    resolution: `${record.imageResolutionX}×${record.imageResolutionY} ${unit}`,
    pixelDepth: record.pixelDepth,
    images: record.views.map((v) => ({
      fingerPosition: v.fingerPosition <= 10 ? fingerPositionName(v.fingerPosition) : `code ${v.fingerPosition}`,
      view: `${v.viewNumber} of ${v.viewCount}`,
      quality: v.quality,
      size: `${v.width}×${v.height}`,
      bytes: v.imageData.length,
    })),
    warnings: record.warnings,
  };
}

/** Plain data describing a face image record, for `kura formats inspect`. */
export function summarizeFaceImageRecord(record: FaceImageRecord): {
  readonly format: string;
  readonly length: number;
  readonly faces: readonly { readonly imageDataType: string; readonly size: string; readonly featurePoints: readonly string[]; readonly bytes: number }[];
  readonly warnings: readonly string[];
} {
  return {
    format: FORMAT_NAMES['iso-19794-5-2005'],
    length: record.declaredLength,
    faces: record.faces.map((f) => ({
      imageDataType: f.imageDataType,
      size: `${f.width}×${f.height}`,
      featurePoints: f.featurePoints.map((p) => `${p.majorCode}.${p.minorCode} at (${p.x}, ${p.y})`),
      bytes: f.imageData.length,
    })),
    warnings: record.warnings,
  };
}
