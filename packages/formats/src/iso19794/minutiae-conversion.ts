import { EXTENDED_TYPE_CORE_DELTA, EXTENDED_TYPE_ZONAL_QUALITY, FORMAT_NAMES, QUALITY_NOT_REPORTED_ANSI_2009 } from './constants.js';
import { decodeCoreDelta, encodeCoreDelta } from './extended-data.js';
import { recordError } from './iso19794-error.js';
import type { CoreDeltaData, ExtendedDataArea, FingerView, Minutia, MinutiaeRecord, MinutiaeStandard } from './minutiae-model.js';
import { angleUnitsToRadians, convertAngleUnits } from './units.js';

export interface ConversionOptions {
  /** ANSI targets: the CBEFF product identifier to write when the source has none (default 0/0). */
  readonly cbeffProductId?: { readonly owner: number; readonly type: number };
}

/**
 * Re-expresses a minutiae record in another standard: angles converted to the target's units
 * (nearest unit; ISO 360/256°, ANSI 2°), positions and resolutions (pixels per centimetre in all
 * four) kept, ridge counts and vendor areas copied, cores and deltas re-encoded in the target's
 * layout, fields the target cannot hold dropped with a warning in the result.
 */
export function convertMinutiaeRecord(record: MinutiaeRecord, target: MinutiaeStandard, options: ConversionOptions = {}): MinutiaeRecord {
  const warnings: string[] = [];
  const format = FORMAT_NAMES[target];
  const oneGeometry = target === 'iso-19794-2-2005' || target === 'ansi-378-2004';
  const image = record.image ?? record.views[0]?.image;
  if (oneGeometry && record.views.some((v) => !sameGeometry(v, record.views[0]!))) {
    throw recordError(format, 'UNSUPPORTED', 0, 'image', `${format} holds one image geometry for all views; this record's views differ`);
  }
  const toAnsi = target.startsWith('ansi');
  const views = record.views.map((view, i) => convertView(view, record, target, warnings, i));
  if (record.standard === 'iso-19794-2-2011' && target !== 'iso-19794-2-2011') {
    warnings.push('capture date-time, device technology and certification blocks have no place in the target and were dropped');
  }
  const equipment =
    record.captureEquipment ?? (record.views[0]?.captureDeviceTypeId !== undefined ? { compliance: 0, id: record.views[0].captureDeviceTypeId & 0x0fff } : undefined);
  return {
    standard: target,
    versionText: target.endsWith('2004') || target.endsWith('2005') ? ' 20' : '030',
    declaredLength: 0,
    ...(toAnsi ? { cbeffProductId: record.cbeffProductId ?? options.cbeffProductId ?? { owner: 0, type: 0 } } : {}),
    ...(target !== 'iso-19794-2-2011' && equipment ? { captureEquipment: clampEquipment(equipment, target) } : {}),
    ...(oneGeometry && image ? { image } : {}),
    ...(target === 'iso-19794-2-2011' ? { certificationFlag: record.standard === 'iso-19794-2-2011' ? (record.certificationFlag ?? 0) : 0 } : {}),
    views,
    warnings,
  };
}

function sameGeometry(a: FingerView, b: FingerView): boolean {
  return a.image.width === b.image.width && a.image.height === b.image.height && a.image.resolutionX === b.image.resolutionX && a.image.resolutionY === b.image.resolutionY;
}

function clampEquipment(e: { compliance: number; id: number }, target: MinutiaeStandard): { compliance: number; id: number } {
  // 2004/2005 pack compliance in 4 bits and the id in 12; ANSI 2009 gives them a byte and a word.
  return target === 'ansi-378-2009' ? e : { compliance: e.compliance & 0x0f, id: e.id & 0x0fff };
}

function convertView(view: FingerView, record: MinutiaeRecord, target: MinutiaeStandard, warnings: string[], index: number): FingerView {
  const from = record.standard;
  const minutiae: Minutia[] = view.minutiae.map((m) => {
    const angleUnits = convertAngleUnits(m.angleUnits, from, target);
    return { type: m.type, x: m.x, y: m.y, angleUnits, angle: angleUnitsToRadians(angleUnits, target), quality: m.quality ?? 0 };
  });
  const extendedData: ExtendedDataArea[] = [];
  let coresAndDeltas: CoreDeltaData | undefined;
  for (const area of view.extendedData) {
    if (area.typeCode === EXTENDED_TYPE_CORE_DELTA) {
      const decoded = decodeCoreDelta(area.data, from);
      if (!decoded) {
        warnings.push(`view ${index}: undecodable core and delta area dropped`);
        continue;
      }
      coresAndDeltas = convertCoreDelta(decoded, from, target);
      extendedData.push({ typeCode: area.typeCode, data: encodeCoreDelta(coresAndDeltas, target) });
    } else if (area.typeCode === EXTENDED_TYPE_ZONAL_QUALITY && target.startsWith('ansi')) {
      warnings.push(`view ${index}: zonal quality area dropped (ANSI 378 does not define it)`);
    } else extendedData.push({ typeCode: area.typeCode, data: area.data.slice() });
  }
  const isoQuality = view.qualityRecords?.[0];
  const base: FingerView = {
    fingerPosition: view.fingerPosition,
    viewNumber: view.viewNumber,
    impressionType: view.impressionType,
    quality: view.quality,
    image: view.image,
    minutiae,
    extendedData,
    ...(view.ridgeCounts ? { ridgeCounts: view.ridgeCounts } : {}),
    ...(coresAndDeltas ? { coresAndDeltas } : {}),
    ...(view.zonalQuality && !target.startsWith('ansi') ? { zonalQuality: view.zonalQuality } : {}),
    extendedLengthIncludesHeader: true,
  };
  if (target === 'ansi-378-2009') {
    const qualityAlgorithm = view.qualityAlgorithm ?? (isoQuality ? { vendorId: isoQuality.vendorId, algorithmId: isoQuality.algorithmId } : { vendorId: 0, algorithmId: 0 });
    const quality = from === 'iso-19794-2-2011' && !isoQuality ? QUALITY_NOT_REPORTED_ANSI_2009 : view.quality;
    return { ...base, quality, qualityAlgorithm };
  }
  if (target === 'iso-19794-2-2011') {
    const qualityRecords = view.qualityRecords ?? [{ quality: view.quality, vendorId: view.qualityAlgorithm?.vendorId ?? 0, algorithmId: view.qualityAlgorithm?.algorithmId ?? 0 }];
    const recorded = view.captureDateTime;
    return {
      ...base,
      ...(recorded ? { captureDateTime: recorded } : {}),
      captureTechnologyId: view.captureTechnologyId ?? 0,
      captureVendorId: view.captureVendorId ?? record.cbeffProductId?.owner ?? 0,
      captureDeviceTypeId: view.captureDeviceTypeId ?? record.captureEquipment?.id ?? 0,
      qualityRecords,
      certifications: view.certifications ?? [],
      minutiaBytes: 6,
      ridgeEndingType: view.ridgeEndingType ?? 0,
    };
  }
  if (view.viewNumber > 15) throw recordError(FORMAT_NAMES[target], 'UNSUPPORTED', 0, 'viewNumber', `view number ${view.viewNumber} does not fit the target's 4 bits`);
  return base;
}

function convertCoreDelta(data: CoreDeltaData, from: MinutiaeStandard, to: MinutiaeStandard): CoreDeltaData {
  const unit = (u: number): number => convertAngleUnits(u, from, to);
  return {
    cores: data.cores.map((c) => {
      if (c.angleUnits === undefined) return { x: c.x, y: c.y };
      const angleUnits = unit(c.angleUnits);
      return { x: c.x, y: c.y, angleUnits, angle: angleUnitsToRadians(angleUnits, to) };
    }),
    deltas: data.deltas.map((d) => {
      if (!d.angleUnits) return { x: d.x, y: d.y };
      const u = d.angleUnits.map(unit) as [number, number, number];
      return { x: d.x, y: d.y, angleUnits: u, angles: u.map((a) => angleUnitsToRadians(a, to)) as [number, number, number] };
    }),
  };
}

/** ISO 19794-2 → ANSI INCITS 378 of the same generation (2005 → 2004, 2011 → 2009) unless told. */
export function isoToAnsi378(record: MinutiaeRecord, options: ConversionOptions & { readonly target?: 'ansi-378-2004' | 'ansi-378-2009' } = {}): MinutiaeRecord {
  if (!record.standard.startsWith('iso')) throw recordError(FORMAT_NAMES[record.standard], 'BAD_VALUE', 0, 'standard', 'isoToAnsi378 needs an ISO 19794-2 record');
  return convertMinutiaeRecord(record, options.target ?? (record.standard === 'iso-19794-2-2005' ? 'ansi-378-2004' : 'ansi-378-2009'), options);
}

/** ANSI INCITS 378 → ISO 19794-2 of the same generation (2004 → 2005, 2009 → 2011) unless told. */
export function ansi378ToIso(record: MinutiaeRecord, options: ConversionOptions & { readonly target?: 'iso-19794-2-2005' | 'iso-19794-2-2011' } = {}): MinutiaeRecord {
  if (!record.standard.startsWith('ansi')) throw recordError(FORMAT_NAMES[record.standard], 'BAD_VALUE', 0, 'standard', 'ansi378ToIso needs an ANSI 378 record');
  return convertMinutiaeRecord(record, options.target ?? (record.standard === 'ansi-378-2004' ? 'iso-19794-2-2005' : 'iso-19794-2-2011'), options);
}
