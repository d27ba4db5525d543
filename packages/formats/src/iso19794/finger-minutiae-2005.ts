import {
  ANSI_2004_HEADER_BYTES,
  ANSI_2004_LONG_LENGTH_EXTRA_BYTES,
  FMR_MAGIC,
  FORMAT_NAMES,
  ISO_2005_HEADER_BYTES,
  MINUTIA_BYTES,
  VERSION_2004_ALTERNATE,
  VERSION_2005,
  VIEW_2005_HEADER_BYTES,
} from './constants.js';
import { decodeDefinedAreas, extendedAreasByteLength, readExtendedDataBlock, writeExtendedDataBlock } from './extended-data.js';
import { recordError } from './iso19794-error.js';
import { checkRange, readMinutia, writeMinutia } from './minutia-codec.js';
import type { FingerView, ImageGeometry, Minutia, MinutiaeRecord } from './minutiae-model.js';
import { RecordReader } from './record-reader.js';
import { RecordWriter } from './record-writer.js';
import { readMagic, readVersionText, reportLengthMismatch } from './record-header.js';
import { imageGeometry } from './units.js';

/**
 * ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 share one layout: a general header with one image
 * geometry, then finger views of (position, view number | impression type, quality, minutia count),
 * 6-byte minutiae and an extended data block. They differ in the header: ISO has a 4-byte record
 * length; ANSI has a 2-byte one (0 → a 4-byte one follows) and a CBEFF product identifier; and in
 * angle units (ISO 360/256°, ANSI 2°).
 */
type Standard2005 = 'iso-19794-2-2005' | 'ansi-378-2004';

export function decodeIso19794_2_2005(bytes: Uint8Array): MinutiaeRecord {
  return decode2005Family(bytes, 'iso-19794-2-2005');
}

export function decodeAnsi378_2004(bytes: Uint8Array): MinutiaeRecord {
  return decode2005Family(bytes, 'ansi-378-2004');
}

function decode2005Family(bytes: Uint8Array, standard: Standard2005): MinutiaeRecord {
  const format = FORMAT_NAMES[standard];
  const ansi = standard === 'ansi-378-2004';
  const r = new RecordReader(format, bytes);
  const warnings: string[] = [];
  readMagic(r, FMR_MAGIC);
  const versionText = readVersionText(r, ansi ? [VERSION_2005, VERSION_2004_ALTERNATE] : [VERSION_2005]);
  let minimum = ISO_2005_HEADER_BYTES;
  let declaredLength: number;
  if (ansi) {
    declaredLength = r.u16('recordLength');
    minimum = ANSI_2004_HEADER_BYTES;
    if (declaredLength === 0) {
      declaredLength = r.u32('recordLength');
      minimum += ANSI_2004_LONG_LENGTH_EXTRA_BYTES;
    }
  } else declaredLength = r.u32('recordLength');
  if (declaredLength < minimum) throw r.error('BAD_LENGTH', 8, 'recordLength', `record length ${declaredLength} is shorter than the ${minimum}-byte header`);
  if (declaredLength > bytes.length) throw r.error('TRUNCATED', 8, 'recordLength', `record length ${declaredLength} runs past the ${bytes.length} bytes given`);
  const cbeffProductId = ansi ? { owner: r.u16('cbeffProductOwner'), type: r.u16('cbeffProductType') } : undefined;
  const equipment = r.u16('captureEquipment');
  const image = imageGeometry(r.u16('imageWidth'), r.u16('imageHeight'), r.u16('resolutionX'), r.u16('resolutionY'));
  const viewCountOffset = r.pos;
  const viewCount = r.u8('numberOfViews');
  r.u8('reserved');
  // Each view needs at least its header and a block length: refuse counts the bytes cannot hold.
  if (viewCount * (VIEW_2005_HEADER_BYTES + 2) > r.remaining) {
    throw r.error('BAD_COUNT', viewCountOffset, 'numberOfViews', `${viewCount} views cannot fit in the ${r.remaining} bytes left`);
  }
  const views: FingerView[] = [];
  for (let i = 0; i < viewCount; i++) views.push(readView(r, standard, image, warnings, i));
  reportLengthMismatch(warnings, declaredLength, r.pos, bytes.length);
  return {
    standard,
    versionText,
    declaredLength,
    ...(cbeffProductId ? { cbeffProductId } : {}),
    captureEquipment: { compliance: equipment >> 12, id: equipment & 0x0fff },
    image,
    views,
    warnings,
  };
}

function readView(r: RecordReader, standard: Standard2005, image: ImageGeometry, warnings: string[], index: number): FingerView {
  const fingerPosition = r.u8('fingerPosition');
  const viewAndImpression = r.u8('viewNumber');
  const quality = r.u8('fingerQuality');
  const countOffset = r.pos;
  const minutiaCount = r.u8('numberOfMinutiae');
  if (minutiaCount * MINUTIA_BYTES + 2 > r.remaining) {
    throw r.error('BAD_COUNT', countOffset, 'numberOfMinutiae', `${minutiaCount} minutiae cannot fit in the ${r.remaining} bytes left`);
  }
  const minutiae: Minutia[] = [];
  for (let m = 0; m < minutiaCount; m++) minutiae.push(readMinutia(r, standard, true));
  const block = readExtendedDataBlock(r);
  const decoded = decodeDefinedAreas(block.areas, standard, image.width, image.height);
  for (const w of decoded.warnings) warnings.push(`view ${index}: ${w}`);
  return {
    fingerPosition,
    viewNumber: viewAndImpression >> 4,
    impressionType: viewAndImpression & 0x0f,
    quality,
    image,
    minutiae,
    extendedData: block.areas,
    ...(decoded.ridgeCounts ? { ridgeCounts: decoded.ridgeCounts } : {}),
    ...(decoded.coresAndDeltas ? { coresAndDeltas: decoded.coresAndDeltas } : {}),
    ...(decoded.zonalQuality ? { zonalQuality: decoded.zonalQuality } : {}),
    extendedLengthIncludesHeader: block.lengthIncludesHeader,
  };
}

export function encodeIso19794_2_2005(record: MinutiaeRecord): Uint8Array {
  return encode2005Family(record, 'iso-19794-2-2005');
}

export function encodeAnsi378_2004(record: MinutiaeRecord): Uint8Array {
  return encode2005Family(record, 'ansi-378-2004');
}

function encode2005Family(record: MinutiaeRecord, standard: Standard2005): Uint8Array {
  const format = FORMAT_NAMES[standard];
  const ansi = standard === 'ansi-378-2004';
  const w = new RecordWriter();
  const image = record.image ?? record.views[0]?.image;
  if (!image) throw recordError(format, 'BAD_VALUE', 0, 'image', 'a record without views needs its image geometry');
  w.bytes(FMR_MAGIC);
  const version = ansi && record.versionText === VERSION_2004_ALTERNATE ? VERSION_2004_ALTERNATE : VERSION_2005;
  w.bytes([...version].map((c) => c.charCodeAt(0))).u8(0);
  const lengthAt = w.position;
  if (ansi) w.u16(0);
  else w.u32(0);
  if (ansi) {
    const id = record.cbeffProductId ?? { owner: 0, type: 0 };
    checkRange(format, w, 'cbeffProductOwner', id.owner, 0, 0xffff);
    checkRange(format, w, 'cbeffProductType', id.type, 0, 0xffff);
    w.u16(id.owner).u16(id.type);
  }
  const equipment = record.captureEquipment ?? { compliance: 0, id: 0 };
  checkRange(format, w, 'captureEquipment.compliance', equipment.compliance, 0, 15);
  checkRange(format, w, 'captureEquipment.id', equipment.id, 0, 0x0fff);
  w.u16((equipment.compliance << 12) | equipment.id);
  for (const [field, value] of [
    ['imageWidth', image.width],
    ['imageHeight', image.height],
    ['resolutionX', image.resolutionX],
    ['resolutionY', image.resolutionY],
  ] as const) {
    checkRange(format, w, field, value, 0, 0xffff);
    w.u16(value);
  }
  checkRange(format, w, 'numberOfViews', record.views.length, 0, 255);
  w.u8(record.views.length).u8(0);
  for (const view of record.views) {
    const same = view.image.width === image.width && view.image.height === image.height && view.image.resolutionX === image.resolutionX && view.image.resolutionY === image.resolutionY;
    if (!same) throw recordError(format, 'BAD_VALUE', w.position, 'image', 'every view of this layout shares the record image geometry');
    checkRange(format, w, 'fingerPosition', view.fingerPosition, 0, 255);
    checkRange(format, w, 'viewNumber', view.viewNumber, 0, 15);
    checkRange(format, w, 'impressionType', view.impressionType, 0, 15);
    checkRange(format, w, 'fingerQuality', view.quality, 0, 255);
    checkRange(format, w, 'numberOfMinutiae', view.minutiae.length, 0, 255);
    w.u8(view.fingerPosition).u8((view.viewNumber << 4) | view.impressionType).u8(view.quality).u8(view.minutiae.length);
    for (const m of view.minutiae) writeMinutia(format, w, m, true);
    checkRange(format, w, 'extendedDataBlockLength', extendedAreasByteLength(view.extendedData), 0, 0xffff);
    writeExtendedDataBlock(w, view.extendedData, view.extendedLengthIncludesHeader);
  }
  const bytes = w.toBytes();
  const view = new DataView(bytes.buffer);
  if (!ansi) view.setUint32(lengthAt, bytes.length);
  else if (bytes.length <= 0xffff) view.setUint16(lengthAt, bytes.length);
  else return withLongAnsiLength(bytes, lengthAt);
  return bytes;
}

/** ANSI 378-2004 records over 65,535 bytes: length 0x0000 then a 4-byte length (counting itself). */
function withLongAnsiLength(bytes: Uint8Array, lengthAt: number): Uint8Array {
  const out = new Uint8Array(bytes.length + ANSI_2004_LONG_LENGTH_EXTRA_BYTES);
  out.set(bytes.subarray(0, lengthAt + 2));
  out.set(bytes.subarray(lengthAt + 2), lengthAt + 2 + ANSI_2004_LONG_LENGTH_EXTRA_BYTES);
  new DataView(out.buffer).setUint32(lengthAt + 2, out.length);
  return out;
}
