import { decodeMinutiaeRecord, encodeIso19794_2_2005, FormatError, type MinutiaeRecord, ppiToPixelsPerCm } from '@kura/formats';
import type { Minutia, MinutiaType } from './minutia.js';
import { TEMPLATE_PPI } from './minutia.js';
import { createTemplate, scaleMinutiaeToTemplate, type FingerprintTemplate } from './template.js';
import { TWO_PI, normaliseAngle } from './match/angle.js';

/**
 * Templates to and from the interchange standards, so minutiae found by other software can be
 * matched (the local descriptors are rebuilt from the minutiae alone; there is no ridge-flow field,
 * so accuracy is lower than from images) and Kura's minutiae can be handed to others.
 * Reading accepts ISO/IEC 19794-2:2005 and :2011 and ANSI INCITS 378-2004 and -2009 (the codecs of
 * `@kura/formats`); writing produces ISO/IEC 19794-2:2005.
 */
export function templateFromMinutiaeRecord(bytes: Uint8Array, viewIndex = 0): FingerprintTemplate {
  const record = decodeMinutiaeRecord(bytes);
  const view = record.views[viewIndex];
  if (!view) throw new FormatError(record.standard, 'BAD_COUNT', 0, 'numberOfViews', `the record has ${record.views.length} finger views, view ${viewIndex} requested`);
  const { image } = view;
  if (!(image.ppiX > 0 && image.ppiY > 0)) throw new FormatError(record.standard, 'BAD_VALUE', 0, 'resolution', 'the image resolution must be positive');
  const minutiae: Minutia[] = view.minutiae.map((m) => ({
    x: m.x,
    y: m.y,
    direction: m.angle,
    type: m.type === 'ending' || m.type === 'bifurcation' ? m.type : 'other',
    reliability: Math.min(100, m.quality ?? 0) / 100,
  }));
  return createTemplate({
    width: (image.width * TEMPLATE_PPI) / image.ppiX,
    height: (image.height * TEMPLATE_PPI) / image.ppiY,
    minutiae: scaleMinutiaeToTemplate(minutiae, image.ppiX, image.ppiY),
    quality: view.quality >= 1 && view.quality <= 100 ? view.quality : undefined,
  });
}

/** @deprecated name kept for callers of the first version: reads any supported minutiae record. */
export const templateFromIso19794_2 = templateFromMinutiaeRecord;

const ISO_MAX_MINUTIAE = 255;
const ISO_MAX_COORDINATE = 0x3fff;
const ISO_ANGLE_UNITS = 256;

/** One finger view (impression 0), minutiae at 500 ppi, no extended data. */
export function templateToIso19794_2(template: FingerprintTemplate, options: { fingerPosition?: number } = {}): Uint8Array {
  // The standard caps a view at 255 minutiae: keep the most reliable (stable order on ties).
  const kept = template.minutiae
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.reliability - a.m.reliability || a.i - b.i)
    .slice(0, ISO_MAX_MINUTIAE)
    .sort((a, b) => a.i - b.i)
    .map((e) => e.m);
  const resolution = Math.round(ppiToPixelsPerCm(TEMPLATE_PPI));
  const image = {
    width: Math.min(0xffff, template.width),
    height: Math.min(0xffff, template.height),
    resolutionX: resolution,
    resolutionY: resolution,
    ppiX: resolution * 2.54,
    ppiY: resolution * 2.54,
  };
  const record: MinutiaeRecord = {
    standard: 'iso-19794-2-2005',
    versionText: ' 20',
    declaredLength: 0,
    captureEquipment: { compliance: 0, id: 0 },
    image,
    views: [
      {
        fingerPosition: options.fingerPosition ?? 0,
        viewNumber: 0,
        impressionType: 0,
        quality: template.quality ?? 0,
        image,
        minutiae: kept.map((m) => {
          const angleUnits = Math.round((normaliseAngle(m.direction) / TWO_PI) * ISO_ANGLE_UNITS) % ISO_ANGLE_UNITS;
          return {
            type: m.type satisfies MinutiaType,
            x: Math.min(ISO_MAX_COORDINATE, m.x),
            y: Math.min(ISO_MAX_COORDINATE, m.y),
            angleUnits,
            angle: (angleUnits * TWO_PI) / ISO_ANGLE_UNITS,
            quality: Math.round(m.reliability * 100),
          };
        }),
        extendedData: [],
        extendedLengthIncludesHeader: true,
      },
    ],
    warnings: [],
  };
  return encodeIso19794_2_2005(record);
}
