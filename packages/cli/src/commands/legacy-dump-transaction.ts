import type { SyntheticImage } from '@kura/biometrics';
import {
  type AnsiNistField,
  type AnsiNistRecord,
  type AnsiNistTaggedRecord,
  decodeWsq,
  encodeWsq,
  parseAnsiNist,
  writeAnsiNist,
} from '@kura/formats';
import { LEGACY_DUMP, VENDOR, VENDOR_TYPE2 } from './legacy-dump-parameters.js';
import { type DumpPlan, type PlannedRecord, vendorBirthDate, vendorBirthPlace } from './legacy-dump-plan.js';

/**
 * One vendor transaction per person, as the vendor's system wrote them: Type-1, a Type-2 with
 * the vendor's own fields, the fingers as WSQ in Type-14 (or legacy binary Type-4), sometimes
 * the vendor's proprietary Type-9 template and a Type-10 face. Planted image defects are applied
 * here and located (byte offsets) for truth.json.
 */

export interface BuiltTransaction {
  bytes: Uint8Array;
  /** Offset of the record holding the damaged WSQ (CORRUPT_IMAGE), or of the record cut short (TRUNCATED_FILE). */
  defectOffset?: number;
  /** TRUNCATED_FILE: bytes kept. */
  keptBytes?: number;
  /** Index (in file order, Type-1 = 0) of the damaged record. */
  defectRecord?: number;
}

const text = (number: number, value: string): AnsiNistField => ({ kind: 'text', number, subfields: [[value]] });
const tagged = (type: number, fields: AnsiNistField[]): AnsiNistTaggedRecord => ({ kind: 'tagged', type, fields: [text(1, '0'), ...fields] });

function type1(record: PlannedRecord): AnsiNistTaggedRecord {
  return tagged(1, [
    text(2, VENDOR.version),
    { kind: 'text', number: 3, subfields: [['1', '0']] },
    text(4, VENDOR.transactionType),
    text(5, record.enrolledOn),
    text(7, VENDOR.destinationAgency),
    text(8, VENDOR.originatingAgency),
    text(9, `${VENDOR.sourceAgency}-${record.enrolledOn}-${record.vendorId}`),
    text(11, VENDOR.nativeResolution),
    text(12, VENDOR.nativeResolution),
  ]);
}

function type2(plan: DumpPlan, record: PlannedRecord): AnsiNistTaggedRecord {
  const { person } = record;
  const date = vendorBirthDate(record);
  const fields = [
    text(2, '00'),
    text(VENDOR_TYPE2.personId, record.vendorId),
    text(VENDOR_TYPE2.retention, 'Y'),
    text(VENDOR_TYPE2.name, `${person.familyNames}, ${person.givenNames}`),
    text(VENDOR_TYPE2.birthPlace, vendorBirthPlace(plan, record)),
    // The vendor leaves the field out when the date is unknown (MISSING_DATE).
    ...(date ? [text(VENDOR_TYPE2.birthDate, `${date.year}${date.month}${date.day}`)] : []),
    text(VENDOR_TYPE2.sex, person.sex === 'M' ? '1' : '2'),
    ...(person.nina ? [text(VENDOR_TYPE2.nina, person.nina)] : []),
  ];
  return tagged(2, fields);
}

function type14(record: PlannedRecord, idc: number, position: number, image: SyntheticImage, wsq: Uint8Array): AnsiNistTaggedRecord {
  return tagged(14, [
    text(2, String(idc).padStart(2, '0')),
    text(3, '1'),
    text(4, VENDOR.sourceAgency),
    text(5, record.enrolledOn),
    text(6, String(image.width)),
    text(7, String(image.height)),
    text(8, '1'),
    text(9, String(image.ppi)),
    text(10, String(image.ppi)),
    text(11, 'WSQ20'),
    text(12, '8'),
    text(13, String(position)),
    { kind: 'binary', number: 999, data: wsq },
  ]);
}

function type4(idc: number, position: number, image: SyntheticImage, wsq: Uint8Array): AnsiNistRecord {
  return {
    kind: 'fingerprint-image',
    type: 4,
    idc,
    impression: 1,
    fingerPositions: [position, 255, 255, 255, 255, 255],
    // ISR 1: the native resolution of Type-1 NSR (19.69 px/mm = 500 ppi).
    scanningResolution: 1,
    width: image.width,
    height: image.height,
    compression: 1, // WSQ
    data: wsq,
  };
}

/** The vendor's template: a header it alone can read, then bytes no one else can (random here). */
function type9(idc: number, random: () => number): AnsiNistTaggedRecord {
  const [min, max] = LEGACY_DUMP.proprietaryBytes;
  const body = new Uint8Array(8 + min + Math.floor(random() * (max - min)));
  body.set(new TextEncoder().encode(VENDOR.templateMagic));
  for (let i = 8; i < body.length; i++) body[i] = Math.floor(random() * 256);
  return tagged(9, [text(2, String(idc).padStart(2, '0')), text(3, '1'), text(4, 'U'), { kind: 'binary', number: 999, data: body }]);
}

function type10(record: PlannedRecord, idc: number, png: Uint8Array): AnsiNistTaggedRecord {
  return tagged(10, [
    text(2, String(idc).padStart(2, '0')),
    text(3, 'FACE'),
    text(4, VENDOR.sourceAgency),
    text(5, record.enrolledOn),
    text(6, String(LEGACY_DUMP.face.width)),
    text(7, String(LEGACY_DUMP.face.height)),
    text(8, '0'),
    text(9, '1'),
    text(10, '1'),
    text(11, 'PNG'),
    text(12, 'GRAY'),
    { kind: 'binary', number: 999, data: png },
  ]);
}

/** A WSQ that still starts like one but cannot be decoded: cut short, as a failing disk leaves it. */
function damagedWsq(wsq: Uint8Array): Uint8Array {
  const cut = wsq.subarray(0, Math.floor(wsq.length * 0.35));
  let decodable = true;
  try {
    decodeWsq(cut);
  } catch {
    decodable = false;
  }
  if (decodable) throw new Error('internal: the damaged WSQ still decodes');
  return cut;
}

export function buildTransaction(
  plan: DumpPlan,
  record: PlannedRecord,
  images: readonly SyntheticImage[],
  facePng: Uint8Array | undefined,
  random: () => number,
): BuiltTransaction {
  const records: AnsiNistRecord[] = [type1(record), type2(plan, record)];
  let damagedIndex: number | undefined;
  record.fingers.forEach((finger, k) => {
    const image = images[k]!;
    let wsq = encodeWsq(image, { bitRate: LEGACY_DUMP.wsqBitRate });
    if (record.corruptFinger === k) {
      wsq = damagedWsq(wsq);
      damagedIndex = records.length;
    }
    const idc = k + 1;
    records.push(record.fingerRecordType === 4 ? type4(idc, finger.position, image, wsq) : type14(record, idc, finger.position, image, wsq));
  });
  if (record.proprietaryTemplate) records.push(type9(record.fingers.length + 1, random));
  if (facePng) records.push(type10(record, record.fingers.length + 2, facePng));
  const bytes = writeAnsiNist({ records });

  if (damagedIndex !== undefined) {
    const layout = parseAnsiNist(bytes).source!;
    return { bytes, defectOffset: layout.recordOffsets[damagedIndex], defectRecord: damagedIndex };
  }
  if (record.keptShare !== undefined) {
    // Cut inside the fingers, after Type-1 and Type-2: the file still names its person.
    const layout = parseAnsiNist(bytes).source!;
    const fingersStart = layout.recordOffsets[2]!;
    const share = fingersStart + Math.floor((bytes.length - fingersStart) * record.keptShare);
    const index = layout.recordOffsets.findLastIndex((offset) => offset <= share);
    // Past the cut record's length field, so a reader finds the record (at its offset) too short.
    const kept = Math.max(share, layout.recordOffsets[index]! + LEGACY_DUMP.truncationMargin);
    return { bytes: bytes.subarray(0, kept), defectOffset: layout.recordOffsets[index]!, defectRecord: index, keptBytes: kept };
  }
  return { bytes };
}

/** A small grey face-like picture (an oval with eyes and mouth): enough for a Type-10, no real face. */
export function facePixels(seed: number): Uint8Array {
  const { width, height } = LEGACY_DUMP.face;
  const pixels = new Uint8Array(width * height);
  const tone = 90 + (seed % 80);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / (width * 0.36);
      const dy = (y - cy) / (height * 0.42);
      const inFace = dx * dx + dy * dy < 1;
      const eye = [cx - width * 0.15, cx + width * 0.15].some((ex) => (x - ex) ** 2 + (y - cy + height * 0.1) ** 2 < 16);
      const mouth = Math.abs(y - (cy + height * 0.2)) < 2 && Math.abs(x - cx) < width * 0.12;
      pixels[y * width + x] = eye || mouth ? 30 : inFace ? tone : 220 - Math.floor((y / height) * 40);
    }
  }
  return pixels;
}
