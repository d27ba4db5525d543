import {
  ANSI_2009_HEADER_BYTES,
  ANSI_2009_VIEW_HEADER_BYTES,
  FMR_MAGIC,
  FORMAT_NAMES,
  ISO_2011_HEADER_BYTES,
  ISO_2011_CERTIFICATION_BLOCK_BYTES,
  ISO_2011_MINUTIA_BYTES_WITHOUT_QUALITY,
  ISO_2011_QUALITY_BLOCK_BYTES,
  ISO_2011_REPRESENTATION_MIN_BYTES,
  MINUTIA_BYTES,
  VERSION_2011,
} from './constants.js';
import { decodeDefinedAreas, extendedAreasByteLength, readExtendedDataBlock, writeExtendedDataBlock } from './extended-data.js';
import { recordError } from './iso19794-error.js';
import { checkRange, readMinutia, writeMinutia } from './minutia-codec.js';
import type { CaptureDateTime, CertificationRecord, FingerView, Minutia, MinutiaeRecord, QualityRecord } from './minutiae-model.js';
import { RecordReader } from './record-reader.js';
import { readMagic, readVersionText, reportLengthMismatch } from './record-header.js';
import { RecordWriter } from './record-writer.js';
import { imageGeometry } from './units.js';

/**
 * ISO/IEC 19794-2:2011 and ANSI INCITS 378-2009 both say "FMR\0" "030\0" but are laid out
 * differently. ISO 2011: a 15-byte header, then length-prefixed finger representations each with
 * its own capture date, device, quality blocks, optional certification blocks, image geometry and
 * 5- or 6-byte minutiae. ANSI 2009: a 21-byte header, then views with one quality (and the
 * algorithm that computed it), image geometry and 6-byte minutiae in 2° units.
 */

const NOT_RECORDED_QUALITY = 255;

export function decodeIso19794_2_2011(bytes: Uint8Array): MinutiaeRecord {
  const format = FORMAT_NAMES['iso-19794-2-2011'];
  const r = new RecordReader(format, bytes);
  const warnings: string[] = [];
  readMagic(r, FMR_MAGIC);
  const versionText = readVersionText(r, [VERSION_2011]);
  const declaredLength = r.u32('recordLength');
  checkDeclaredLength(r, declaredLength, ISO_2011_HEADER_BYTES);
  const countOffset = r.pos;
  const count = r.u16('numberOfRepresentations');
  const certificationFlag = r.u8('certificationFlag');
  if (count * ISO_2011_REPRESENTATION_MIN_BYTES > r.remaining) {
    throw r.error('BAD_COUNT', countOffset, 'numberOfRepresentations', `${count} representations cannot fit in the ${r.remaining} bytes left`);
  }
  const views: FingerView[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const length = r.u32('representationLength');
    if (length < ISO_2011_REPRESENTATION_MIN_BYTES) throw r.error('BAD_LENGTH', start, 'representationLength', `representation length ${length} is below the ${ISO_2011_REPRESENTATION_MIN_BYTES}-byte minimum`);
    if (length > r.remaining + 4) throw r.error('TRUNCATED', start, 'representationLength', `representation length ${length} runs past the end of the input`);
    // The representation is read within its declared bounds, so a lying inner count cannot escape it.
    const inner = new RecordReader(format, bytes, r.pos, start + length);
    views.push(readRepresentation(inner, certificationFlag !== 0, warnings, i));
    if (inner.pos !== inner.end) warnings.push(`representation ${i}: ${inner.end - inner.pos} byte(s) after its extended data were ignored`);
    r.pos = start + length;
  }
  reportLengthMismatch(warnings, declaredLength, r.pos, bytes.length);
  return { standard: 'iso-19794-2-2011', versionText, declaredLength, certificationFlag, views, warnings };
}

function readRepresentation(r: RecordReader, withCertifications: boolean, warnings: string[], index: number): FingerView {
  const captureDateTime: CaptureDateTime = {
    year: r.u16('captureDateTime.year'),
    month: r.u8('captureDateTime.month'),
    day: r.u8('captureDateTime.day'),
    hour: r.u8('captureDateTime.hour'),
    minute: r.u8('captureDateTime.minute'),
    second: r.u8('captureDateTime.second'),
    millisecond: r.u16('captureDateTime.millisecond'),
  };
  const captureTechnologyId = r.u8('captureDeviceTechnologyId');
  const captureVendorId = r.u16('captureDeviceVendorId');
  const captureDeviceTypeId = r.u16('captureDeviceTypeId');
  const qualityCountOffset = r.pos;
  const qualityCount = r.u8('numberOfQualityBlocks');
  if (qualityCount * ISO_2011_QUALITY_BLOCK_BYTES > r.remaining) throw r.error('BAD_COUNT', qualityCountOffset, 'numberOfQualityBlocks', `${qualityCount} quality blocks cannot fit`);
  const qualityRecords: QualityRecord[] = [];
  for (let q = 0; q < qualityCount; q++) {
    qualityRecords.push({ quality: r.u8('qualityBlock.quality'), vendorId: r.u16('qualityBlock.vendorId'), algorithmId: r.u16('qualityBlock.algorithmId') });
  }
  const certifications: CertificationRecord[] = [];
  if (withCertifications) {
    const certificationCountOffset = r.pos;
    const certificationCount = r.u8('numberOfCertificationBlocks');
    if (certificationCount * ISO_2011_CERTIFICATION_BLOCK_BYTES > r.remaining) throw r.error('BAD_COUNT', certificationCountOffset, 'numberOfCertificationBlocks', `${certificationCount} certification blocks cannot fit`);
    for (let c = 0; c < certificationCount; c++) certifications.push({ authorityId: r.u16('certification.authorityId'), schemeId: r.u8('certification.schemeId') });
  }
  const fingerPosition = r.u8('fingerPosition');
  const viewNumber = r.u8('representationNumber');
  const resolutionX = r.u16('resolutionX');
  const resolutionY = r.u16('resolutionY');
  const impressionType = r.u8('impressionType');
  const image = imageGeometry(r.u16('imageWidth'), r.u16('imageHeight'), resolutionX, resolutionY);
  const fieldOffset = r.pos;
  const field = r.u8('minutiaFieldLength');
  const minutiaBytes = field >> 4;
  if (minutiaBytes !== MINUTIA_BYTES && minutiaBytes !== ISO_2011_MINUTIA_BYTES_WITHOUT_QUALITY) {
    throw r.error('BAD_VALUE', fieldOffset, 'minutiaFieldLength', `minutia field length ${minutiaBytes} is neither 5 nor 6`);
  }
  const countOffset = r.pos;
  const minutiaCount = r.u8('numberOfMinutiae');
  if (minutiaCount * minutiaBytes + 2 > r.remaining) throw r.error('BAD_COUNT', countOffset, 'numberOfMinutiae', `${minutiaCount} minutiae cannot fit in the ${r.remaining} bytes left`);
  const minutiae: Minutia[] = [];
  for (let m = 0; m < minutiaCount; m++) minutiae.push(readMinutia(r, 'iso-19794-2-2011', minutiaBytes === MINUTIA_BYTES));
  const block = readExtendedDataBlock(r);
  const decoded = decodeDefinedAreas(block.areas, 'iso-19794-2-2011', image.width, image.height);
  for (const w of decoded.warnings) warnings.push(`representation ${index}: ${w}`);
  return {
    fingerPosition,
    viewNumber,
    impressionType,
    quality: qualityRecords[0]?.quality ?? NOT_RECORDED_QUALITY,
    image,
    minutiae,
    extendedData: block.areas,
    ...(decoded.ridgeCounts ? { ridgeCounts: decoded.ridgeCounts } : {}),
    ...(decoded.coresAndDeltas ? { coresAndDeltas: decoded.coresAndDeltas } : {}),
    ...(decoded.zonalQuality ? { zonalQuality: decoded.zonalQuality } : {}),
    extendedLengthIncludesHeader: block.lengthIncludesHeader,
    captureDateTime,
    captureTechnologyId,
    captureVendorId,
    captureDeviceTypeId,
    qualityRecords,
    certifications,
    minutiaBytes: minutiaBytes === MINUTIA_BYTES ? 6 : 5,
    ridgeEndingType: field & 0x0f,
  };
}

export function decodeAnsi378_2009(bytes: Uint8Array): MinutiaeRecord {
  const format = FORMAT_NAMES['ansi-378-2009'];
  const r = new RecordReader(format, bytes);
  const warnings: string[] = [];
  readMagic(r, FMR_MAGIC);
  const versionText = readVersionText(r, [VERSION_2011]);
  const declaredLength = r.u32('recordLength');
  checkDeclaredLength(r, declaredLength, ANSI_2009_HEADER_BYTES);
  const cbeffProductId = { owner: r.u16('cbeffProductOwner'), type: r.u16('cbeffProductType') };
  const compliance = r.u8('captureEquipmentCompliance');
  const equipmentId = r.u16('captureEquipmentId');
  const countOffset = r.pos;
  const count = r.u8('numberOfViews');
  r.u8('reserved');
  if (count * (ANSI_2009_VIEW_HEADER_BYTES + 2) > r.remaining) throw r.error('BAD_COUNT', countOffset, 'numberOfViews', `${count} views cannot fit in the ${r.remaining} bytes left`);
  const views: FingerView[] = [];
  for (let i = 0; i < count; i++) {
    const fingerPosition = r.u8('fingerPosition');
    const viewNumber = r.u8('viewNumber');
    const impressionType = r.u8('impressionType');
    const quality = r.u8('fingerQuality');
    const qualityAlgorithm = { vendorId: r.u16('qualityAlgorithmVendorId'), algorithmId: r.u16('qualityAlgorithmId') };
    const image = imageGeometry(r.u16('imageWidth'), r.u16('imageHeight'), r.u16('resolutionX'), r.u16('resolutionY'));
    const minutiaCountOffset = r.pos;
    const minutiaCount = r.u8('numberOfMinutiae');
    if (minutiaCount * MINUTIA_BYTES + 2 > r.remaining) throw r.error('BAD_COUNT', minutiaCountOffset, 'numberOfMinutiae', `${minutiaCount} minutiae cannot fit in the ${r.remaining} bytes left`);
    const minutiae: Minutia[] = [];
    for (let m = 0; m < minutiaCount; m++) minutiae.push(readMinutia(r, 'ansi-378-2009', true));
    const block = readExtendedDataBlock(r);
    const decoded = decodeDefinedAreas(block.areas, 'ansi-378-2009', image.width, image.height);
    for (const w of decoded.warnings) warnings.push(`view ${i}: ${w}`);
    views.push({
      fingerPosition,
      viewNumber,
      impressionType,
      quality,
      image,
      minutiae,
      extendedData: block.areas,
      ...(decoded.ridgeCounts ? { ridgeCounts: decoded.ridgeCounts } : {}),
      ...(decoded.coresAndDeltas ? { coresAndDeltas: decoded.coresAndDeltas } : {}),
      extendedLengthIncludesHeader: block.lengthIncludesHeader,
      qualityAlgorithm,
    });
  }
  reportLengthMismatch(warnings, declaredLength, r.pos, bytes.length);
  return { standard: 'ansi-378-2009', versionText, declaredLength, cbeffProductId, captureEquipment: { compliance, id: equipmentId }, views, warnings };
}

function checkDeclaredLength(r: RecordReader, declaredLength: number, minimum: number): void {
  if (declaredLength < minimum) throw r.error('BAD_LENGTH', 8, 'recordLength', `record length ${declaredLength} is shorter than the ${minimum}-byte header`);
  if (declaredLength > r.bytes.length) throw r.error('TRUNCATED', 8, 'recordLength', `record length ${declaredLength} runs past the ${r.bytes.length} bytes given`);
}

function writeHeaderStart(w: RecordWriter): number {
  w.bytes(FMR_MAGIC).bytes([...VERSION_2011].map((c) => c.charCodeAt(0))).u8(0);
  const at = w.position;
  w.u32(0);
  return at;
}

export function encodeIso19794_2_2011(record: MinutiaeRecord): Uint8Array {
  const format = FORMAT_NAMES['iso-19794-2-2011'];
  const w = new RecordWriter();
  const lengthAt = writeHeaderStart(w);
  checkRange(format, w, 'numberOfRepresentations', record.views.length, 0, 0xffff);
  const certificationFlag = record.certificationFlag ?? (record.views.some((v) => (v.certifications?.length ?? 0) > 0) ? 1 : 0);
  checkRange(format, w, 'certificationFlag', certificationFlag, 0, 255);
  w.u16(record.views.length).u8(certificationFlag);
  for (const view of record.views) {
    const start = w.position;
    w.u32(0);
    const t = view.captureDateTime ?? { year: 0xffff, month: 0xff, day: 0xff, hour: 0xff, minute: 0xff, second: 0xff, millisecond: 0xffff };
    checkRange(format, w, 'captureDateTime.year', t.year, 0, 0xffff);
    for (const [f, v] of [['month', t.month], ['day', t.day], ['hour', t.hour], ['minute', t.minute], ['second', t.second]] as const) checkRange(format, w, `captureDateTime.${f}`, v, 0, 0xff);
    checkRange(format, w, 'captureDateTime.millisecond', t.millisecond, 0, 0xffff);
    w.u16(t.year).u8(t.month).u8(t.day).u8(t.hour).u8(t.minute).u8(t.second).u16(t.millisecond);
    checkRange(format, w, 'captureDeviceTechnologyId', view.captureTechnologyId ?? 0, 0, 0xff);
    checkRange(format, w, 'captureDeviceVendorId', view.captureVendorId ?? 0, 0, 0xffff);
    checkRange(format, w, 'captureDeviceTypeId', view.captureDeviceTypeId ?? 0, 0, 0xffff);
    w.u8(view.captureTechnologyId ?? 0).u16(view.captureVendorId ?? 0).u16(view.captureDeviceTypeId ?? 0);
    const qualities = view.qualityRecords ?? [];
    checkRange(format, w, 'numberOfQualityBlocks', qualities.length, 0, 255);
    w.u8(qualities.length);
    for (const q of qualities) {
      checkRange(format, w, 'qualityBlock.quality', q.quality, 0, 255);
      checkRange(format, w, 'qualityBlock.vendorId', q.vendorId, 0, 0xffff);
      checkRange(format, w, 'qualityBlock.algorithmId', q.algorithmId, 0, 0xffff);
      w.u8(q.quality).u16(q.vendorId).u16(q.algorithmId);
    }
    const certifications = view.certifications ?? [];
    if (certificationFlag !== 0) {
      checkRange(format, w, 'numberOfCertificationBlocks', certifications.length, 0, 255);
      w.u8(certifications.length);
      for (const c of certifications) {
        checkRange(format, w, 'certification.authorityId', c.authorityId, 0, 0xffff);
        checkRange(format, w, 'certification.schemeId', c.schemeId, 0, 0xff);
        w.u16(c.authorityId).u8(c.schemeId);
      }
    } else if (certifications.length > 0) throw recordError(format, 'BAD_VALUE', w.position, 'certificationFlag', 'certification blocks need the header certification flag');
    checkRange(format, w, 'fingerPosition', view.fingerPosition, 0, 255);
    checkRange(format, w, 'representationNumber', view.viewNumber, 0, 255);
    checkRange(format, w, 'impressionType', view.impressionType, 0, 255);
    w.u8(view.fingerPosition).u8(view.viewNumber);
    writeGeometryChecked(format, w, view.image.resolutionX, view.image.resolutionY, 'resolution');
    w.u8(view.impressionType);
    writeGeometryChecked(format, w, view.image.width, view.image.height, 'image');
    const minutiaBytes = view.minutiaBytes ?? MINUTIA_BYTES;
    const endingType = view.ridgeEndingType ?? 0;
    checkRange(format, w, 'ridgeEndingType', endingType, 0, 15);
    checkRange(format, w, 'numberOfMinutiae', view.minutiae.length, 0, 255);
    w.u8((minutiaBytes << 4) | endingType).u8(view.minutiae.length);
    for (const m of view.minutiae) writeMinutia(format, w, m, minutiaBytes === MINUTIA_BYTES);
    checkRange(format, w, 'extendedDataBlockLength', extendedAreasByteLength(view.extendedData), 0, 0xffff);
    writeExtendedDataBlock(w, view.extendedData, view.extendedLengthIncludesHeader);
    w.patchU32(start, w.position - start);
  }
  w.patchU32(lengthAt, w.position);
  return w.toBytes();
}

export function encodeAnsi378_2009(record: MinutiaeRecord): Uint8Array {
  const format = FORMAT_NAMES['ansi-378-2009'];
  const w = new RecordWriter();
  const lengthAt = writeHeaderStart(w);
  const id = record.cbeffProductId ?? { owner: 0, type: 0 };
  checkRange(format, w, 'cbeffProductOwner', id.owner, 0, 0xffff);
  checkRange(format, w, 'cbeffProductType', id.type, 0, 0xffff);
  const equipment = record.captureEquipment ?? { compliance: 0, id: 0 };
  checkRange(format, w, 'captureEquipmentCompliance', equipment.compliance, 0, 0xff);
  checkRange(format, w, 'captureEquipmentId', equipment.id, 0, 0xffff);
  checkRange(format, w, 'numberOfViews', record.views.length, 0, 255);
  w.u16(id.owner).u16(id.type).u8(equipment.compliance).u16(equipment.id).u8(record.views.length).u8(0);
  for (const view of record.views) {
    const algorithm = view.qualityAlgorithm ?? { vendorId: 0, algorithmId: 0 };
    checkRange(format, w, 'fingerPosition', view.fingerPosition, 0, 255);
    checkRange(format, w, 'viewNumber', view.viewNumber, 0, 255);
    checkRange(format, w, 'impressionType', view.impressionType, 0, 255);
    checkRange(format, w, 'fingerQuality', view.quality, 0, 255);
    checkRange(format, w, 'qualityAlgorithmVendorId', algorithm.vendorId, 0, 0xffff);
    checkRange(format, w, 'qualityAlgorithmId', algorithm.algorithmId, 0, 0xffff);
    w.u8(view.fingerPosition).u8(view.viewNumber).u8(view.impressionType).u8(view.quality).u16(algorithm.vendorId).u16(algorithm.algorithmId);
    writeGeometryChecked(format, w, view.image.width, view.image.height, 'image');
    writeGeometryChecked(format, w, view.image.resolutionX, view.image.resolutionY, 'resolution');
    checkRange(format, w, 'numberOfMinutiae', view.minutiae.length, 0, 255);
    w.u8(view.minutiae.length);
    for (const m of view.minutiae) writeMinutia(format, w, m, true);
    checkRange(format, w, 'extendedDataBlockLength', extendedAreasByteLength(view.extendedData), 0, 0xffff);
    writeExtendedDataBlock(w, view.extendedData, view.extendedLengthIncludesHeader);
  }
  w.patchU32(lengthAt, w.position);
  return w.toBytes();
}

function writeGeometryChecked(format: string, w: RecordWriter, a: number, b: number, what: 'image' | 'resolution'): void {
  const [fa, fb] = what === 'image' ? ['imageWidth', 'imageHeight'] : ['resolutionX', 'resolutionY'];
  checkRange(format, w, fa, a, 0, 0xffff);
  checkRange(format, w, fb, b, 0, 0xffff);
  w.u16(a).u16(b);
}
