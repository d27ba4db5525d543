import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import {
  FormatError,
  angleUnitsToRadians,
  ansi378ToIso,
  convertMinutiaeRecord,
  decodeAnsi378_2004,
  decodeAnsi378_2009,
  decodeCoreDelta,
  decodeFaceImageRecord,
  decodeFingerImageRecord,
  decodeIso19794_2_2005,
  decodeIso19794_2_2011,
  decodeMinutiaeRecord,
  detectIso19794RecordKind,
  detectMinutiaeFormat,
  encodeCoreDelta,
  encodeFaceImageRecord,
  encodeFingerImageRecord,
  encodeMinutiaeRecord,
  encodeRidgeCounts,
  encodeZonalQuality,
  imageGeometry,
  isoToAnsi378,
  radiansToAngleUnits,
  summarizeFaceImageRecord,
  summarizeFingerImageRecord,
  summarizeMinutiaeRecord,
  type FaceImageInput,
  type FingerImageRecordInput,
  type FingerView,
  type Minutia,
  type MinutiaeRecord,
  type MinutiaeStandard,
} from '../src/index.js';

const samplesDir = sharedData('formats', 'iso19794-2');
const fvcDir = sharedData('fvc');
const wsqSample = sharedData('formats', 'ansi-nist', 'sample.wsq');
/** Appended to a suite's name when its shared data is absent, so the skip says why. */
const missing = (dir: string | undefined): string => (dir ? '' : ` (${sharedDataMissingMessage})`);

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Runs `fn` and returns the FormatError it throws (fails the test if it throws nothing or something else). */
function formatErrorOf(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError, none was thrown');
}

// ---- the JSON files (FingerprintIO's object model) mapped onto Kura's model ----

const POSITIONS: Record<string, number> = {
  UNKNOWN: 0,
  RIGHT_THUMB: 1,
  RIGHT_INDEX: 2,
  RIGHT_MIDDLE: 3,
  RIGHT_RING: 4,
  RIGHT_LITTLE: 5,
  LEFT_THUMB: 6,
  LEFT_INDEX: 7,
  LEFT_MIDDLE: 8,
  LEFT_RING: 9,
  LEFT_LITTLE: 10,
};
const SCAN_TYPES: Record<string, number> = { LIVE_PLAIN: 0, LIVE_ROLLED: 1, NONLIVE_PLAIN: 2, NONLIVE_ROLLED: 3, SWIPE: 8 };
const MINUTIA_TYPES: Record<string, Minutia['type']> = { ENDING: 'ending', BIFURCATION: 'bifurcation', OTHER: 'other', EITHER: 'other' };
const COUNT_TYPES: Record<string, string> = { NON_SPECIFIC: 'non-specific', QUADRANTS: 'four-neighbour', OCTANTS: 'eight-neighbour' };
const SENSOR_TYPES: Record<string, number> = { UNKNOWN: 0 };
const ENDING_TYPES: Record<string, number> = { VALLEY_SKELETON_BIFURCATION: 0, RIDGE_SKELETON_END: 1 };

interface JsonMinutia {
  type: string;
  positionX: number;
  positionY: number;
  angle: number;
  quality: number;
}
interface JsonFingerprint {
  position: string;
  view: number;
  scanType: string;
  quality?: number;
  qualityVendorId?: number;
  qualityAlgorithmId?: number;
  width?: number;
  height?: number;
  resolutionX?: number;
  resolutionY?: number;
  minutiae: JsonMinutia[];
  counts: null | { type: string; edges: { from: number; to: number; count: number }[] };
  coredelta: null;
  zones?: null;
  extensions: { type: number; data: string }[];
  datetime?: { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };
  sensorType?: string;
  sensorVendor?: number;
  sensorId?: number;
  qrecords?: { quality: number; vendor: number; algorithm: number }[];
  certificates?: unknown[];
  endingType?: string;
}
interface JsonTemplate {
  vendorId?: number;
  subformat?: number;
  sensorCertified?: boolean;
  sensorId?: number;
  width?: number;
  height?: number;
  resolutionX?: number;
  resolutionY?: number;
  fingerprints: JsonFingerprint[];
}

function known<T>(table: Record<string, T>, key: string): T {
  const v = table[key];
  if (v === undefined) throw new Error(`test table lacks ${key}`);
  return v;
}

/** Checks every field of the JSON against the decoded record. */
function expectRecordMatchesJson(record: MinutiaeRecord, json: JsonTemplate): void {
  if (json.vendorId !== undefined) expect(record.cbeffProductId).toEqual({ owner: json.vendorId, type: json.subformat });
  if (json.sensorId !== undefined) {
    expect(record.captureEquipment?.id).toBe(json.sensorId);
    expect(record.captureEquipment?.compliance !== 0).toBe(json.sensorCertified);
  }
  if (json.width !== undefined) expect(record.image).toEqual(imageGeometry(json.width, json.height!, json.resolutionX!, json.resolutionY!));
  expect(record.views).toHaveLength(json.fingerprints.length);
  json.fingerprints.forEach((fp, i) => {
    const view = record.views[i]!;
    expect(view.fingerPosition).toBe(known(POSITIONS, fp.position));
    expect(view.viewNumber).toBe(fp.view);
    expect(view.impressionType).toBe(known(SCAN_TYPES, fp.scanType));
    if (fp.quality !== undefined) expect(view.quality).toBe(fp.quality);
    if (fp.qualityVendorId !== undefined) expect(view.qualityAlgorithm).toEqual({ vendorId: fp.qualityVendorId, algorithmId: fp.qualityAlgorithmId });
    const width = fp.width ?? json.width!;
    expect(view.image).toEqual(imageGeometry(width, fp.height ?? json.height!, fp.resolutionX ?? json.resolutionX!, fp.resolutionY ?? json.resolutionY!));
    expect(view.minutiae.map((m) => ({ type: m.type, x: m.x, y: m.y, angleUnits: m.angleUnits, quality: m.quality }))).toEqual(
      fp.minutiae.map((m) => ({ type: known(MINUTIA_TYPES, m.type), x: m.positionX, y: m.positionY, angleUnits: m.angle, quality: m.quality })),
    );
    for (const m of view.minutiae) expect(m.angle).toBeCloseTo(angleUnitsToRadians(m.angleUnits, record.standard), 12);
    if (fp.counts === null) expect(view.ridgeCounts).toBeUndefined();
    else expect(view.ridgeCounts).toMatchObject({ method: known(COUNT_TYPES, fp.counts.type), edges: fp.counts.edges });
    expect(view.coresAndDeltas).toBeUndefined();
    expect(view.zonalQuality).toBeUndefined();
    const undecoded = view.extendedData.filter((a) => a.typeCode > 3);
    expect(undecoded.map((a) => ({ type: a.typeCode, data: Buffer.from(a.data).toString('base64') }))).toEqual(fp.extensions);
    if (fp.datetime) {
      expect(view.captureDateTime).toEqual(fp.datetime);
      expect(view.captureTechnologyId).toBe(known(SENSOR_TYPES, fp.sensorType!));
      expect(view.captureVendorId).toBe(fp.sensorVendor);
      expect(view.captureDeviceTypeId).toBe(fp.sensorId);
      expect(view.qualityRecords).toEqual(fp.qrecords!.map((q) => ({ quality: q.quality, vendorId: q.vendor, algorithmId: q.algorithm })));
      expect(view.certifications).toEqual(fp.certificates);
      expect(view.ridgeEndingType).toBe(known(ENDING_TYPES, fp.endingType!));
      expect(view.minutiaBytes).toBe(6);
    }
  });
}

const SAMPLES: { file: string; standard: MinutiaeStandard; decode: (b: Uint8Array) => MinutiaeRecord }[] = [
  { file: 'iso19794p2v2005-sample', standard: 'iso-19794-2-2005', decode: decodeIso19794_2_2005 },
  { file: 'iso19794p2v2011-sample', standard: 'iso-19794-2-2011', decode: decodeIso19794_2_2011 },
  { file: 'ansi378v2004-sample', standard: 'ansi-378-2004', decode: decodeAnsi378_2004 },
  { file: 'ansi378v2009-sample', standard: 'ansi-378-2009', decode: decodeAnsi378_2009 },
];

describe.skipIf(!samplesDir)(`ISO 19794-2 and ANSI 378 samples${missing(samplesDir)}`, () => {
  const dir = samplesDir ?? '';
  it.each(SAMPLES)('$file decodes to every value of its JSON file', ({ file, standard, decode }) => {
    const bytes = read(join(dir, `${file}.dat`));
    const json = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as JsonTemplate;
    const record = decode(bytes);
    expect(record.standard).toBe(standard);
    expectRecordMatchesJson(record, json);
    expect(decodeMinutiaeRecord(bytes)).toEqual(record);
    expect(detectMinutiaeFormat(bytes)?.standard).toBe(standard);
  });

  it('the ISO 2005 sample is the annex example: 512×512, 197 px/cm, left index, first minutia an ending at (100, 14), 80 units, quality 90', () => {
    const record = decodeIso19794_2_2005(read(join(dir, 'iso19794p2v2005-sample.dat')));
    expect(record.image).toMatchObject({ width: 512, height: 512, resolutionX: 197, resolutionY: 197 });
    expect(record.image!.ppiX).toBeCloseTo(500.38, 2);
    expect(record.views[0]!.fingerPosition).toBe(7);
    expect(record.views[0]!.minutiae[0]).toEqual({ type: 'ending', x: 100, y: 14, angleUnits: 80, angle: (80 * 2 * Math.PI) / 256, quality: 90 });
    expect(record.warnings).toEqual([]);
  });

  it('angles: ISO units are 360/256°, ANSI units 2°', () => {
    const iso = decodeIso19794_2_2005(read(join(dir, 'iso19794p2v2005-sample.dat')));
    const ansi = decodeAnsi378_2009(read(join(dir, 'ansi378v2009-sample.dat')));
    expect(iso.views[0]!.minutiae[0]!.angle).toBeCloseTo((112.5 * Math.PI) / 180, 12); // 80 × 1.40625°
    expect(ansi.views[0]!.minutiae[0]!.angle).toBeCloseTo((112 * Math.PI) / 180, 12); // 56 × 2°
  });

  it.each(SAMPLES.filter((s) => s.standard.startsWith('iso')))('$file re-encodes to its own bytes', ({ file, decode }) => {
    const bytes = read(join(dir, `${file}.dat`));
    expect(Buffer.from(encodeMinutiaeRecord(decode(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('the ANSI samples re-encode to their own bytes except a record length that was wrong, which is reported and corrected', () => {
    const cases = [
      { file: 'ansi378v2004-sample', lengthAt: 8, lengthBytes: 2, declared: 340 },
      { file: 'ansi378v2009-sample', lengthAt: 8, lengthBytes: 4, declared: 363 },
    ];
    for (const c of cases) {
      const bytes = read(join(dir, `${c.file}.dat`));
      const record = decodeMinutiaeRecord(bytes);
      expect(record.declaredLength).toBe(c.declared);
      expect(record.warnings.some((w) => w.includes(`says ${c.declared} bytes`))).toBe(true);
      const encoded = encodeMinutiaeRecord(record);
      expect(encoded.length).toBe(bytes.length);
      const differing = [...encoded.keys()].filter((i) => encoded[i] !== bytes[i]);
      expect(differing.every((i) => i >= c.lengthAt && i < c.lengthAt + c.lengthBytes)).toBe(true);
      const written = c.lengthBytes === 2 ? (encoded[8]! << 8) | encoded[9]! : new DataView(encoded.buffer).getUint32(8);
      expect(written).toBe(bytes.length);
    }
  });

  it('keeps extended data raw and decodes ridge counts; a ragged ridge-count area is reported', () => {
    const record = decodeAnsi378_2004(read(join(dir, 'ansi378v2004-sample.dat')));
    const view = record.views[1]!;
    expect(view.extendedData).toHaveLength(1);
    expect(view.extendedData[0]!.typeCode).toBe(1);
    expect([...view.extendedData[0]!.data]).toEqual([0x01, 0x44, 0xbc, 0x36, 0x21, 0x43]);
    expect(view.ridgeCounts).toEqual({ methodCode: 1, method: 'four-neighbour', edges: [{ from: 68, to: 188, count: 54 }] });
    expect(record.warnings).toContain('view 1: ridge count area ends with 2 byte(s) that do not form an edge');
  });

  it('reads ISO 2005 extended areas whose length counts only their data, and says so for re-encoding', () => {
    const record = decodeIso19794_2_2005(read(join(dir, 'iso19794p2v2005-sample.dat')));
    expect(record.views[1]!.extendedLengthIncludesHeader).toBe(false);
    const iso2011 = decodeIso19794_2_2011(read(join(dir, 'iso19794p2v2011-sample.dat')));
    expect(iso2011.views[1]!.extendedLengthIncludesHeader).toBe(true);
  });

  it('summarises views and minutia counts as plain JSON', () => {
    const summary = summarizeMinutiaeRecord(decodeIso19794_2_2011(read(join(dir, 'iso19794p2v2011-sample.dat'))));
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    expect(summary.format).toBe('ISO/IEC 19794-2:2011');
    expect(summary.views.map((v) => [v.fingerPosition, v.minutiae, v.endings + v.bifurcations + v.others])).toEqual([
      ['left index', 27, 27],
      ['right index', 22, 22],
    ]);
    expect(summary.views[1]!.extendedData).toEqual(['0x0221 vendor-defined (6 bytes)']);
  });
});

describe.skipIf(!samplesDir)(`ISO ↔ ANSI 378 conversion${missing(samplesDir)}`, () => {
  const dir = samplesDir ?? '';
  const oneUnit = (standard: MinutiaeStandard): number => (standard.startsWith('ansi') ? (2 * Math.PI) / 180 : (2 * Math.PI) / 256);
  const angleGap = (a: number, b: number): number => {
    const d = Math.abs(a - b) % (2 * Math.PI);
    return Math.min(d, 2 * Math.PI - d);
  };

  function expectSameMinutiae(a: MinutiaeRecord, b: MinutiaeRecord, tolerance: number): void {
    expect(b.views).toHaveLength(a.views.length);
    a.views.forEach((va, i) => {
      const vb = b.views[i]!;
      expect(vb.fingerPosition).toBe(va.fingerPosition);
      expect(vb.image).toEqual(va.image);
      expect(vb.minutiae).toHaveLength(va.minutiae.length);
      va.minutiae.forEach((m, j) => {
        const n = vb.minutiae[j]!;
        expect([n.x, n.y, n.type, n.quality]).toEqual([m.x, m.y, m.type, m.quality ?? 0]);
        expect(angleGap(n.angle, m.angle)).toBeLessThanOrEqual(tolerance + 1e-12);
      });
    });
  }

  it.each([
    ['iso19794p2v2005-sample', 'ansi-378-2004'],
    ['iso19794p2v2011-sample', 'ansi-378-2009'],
  ] as const)('%s → %s keeps positions and angles within one ANSI unit, and back within one more ISO unit', (file, target) => {
    const iso = decodeMinutiaeRecord(read(join(dir, `${file}.dat`)));
    const ansi = decodeMinutiaeRecord(encodeMinutiaeRecord(isoToAnsi378(iso)));
    expect(ansi.standard).toBe(target);
    expect(detectMinutiaeFormat(encodeMinutiaeRecord(isoToAnsi378(iso)))?.standard).toBe(target);
    expectSameMinutiae(iso, ansi, oneUnit(target) / 2);
    const back = decodeMinutiaeRecord(encodeMinutiaeRecord(ansi378ToIso(ansi)));
    expect(back.standard).toBe(iso.standard);
    expectSameMinutiae(iso, back, oneUnit(target) / 2 + oneUnit(iso.standard) / 2);
    // The ISO angle that survives the trip is within one ISO unit of the original.
    back.views.forEach((v, i) => v.minutiae.forEach((m, j) => expect(Math.abs(m.angleUnits - iso.views[i]!.minutiae[j]!.angleUnits) % 255).toBeLessThanOrEqual(1)));
  });

  it.each([
    ['ansi378v2004-sample', 'iso-19794-2-2005'],
    ['ansi378v2009-sample', 'iso-19794-2-2011'],
  ] as const)('%s → %s keeps positions and angles within one ISO unit', (file, target) => {
    const ansi = decodeMinutiaeRecord(read(join(dir, `${file}.dat`)));
    const iso = decodeMinutiaeRecord(encodeMinutiaeRecord(ansi378ToIso(ansi)));
    expect(iso.standard).toBe(target);
    expectSameMinutiae(ansi, iso, oneUnit(target) / 2);
    expect(iso.views[1]!.ridgeCounts?.edges).toEqual(ansi.views[1]!.ridgeCounts?.edges);
  });

  it('converts ISO 2011 → ANSI 2009 quality blocks into the quality algorithm fields', () => {
    const iso = decodeIso19794_2_2011(read(join(dir, 'iso19794p2v2011-sample.dat')));
    const ansi = isoToAnsi378(iso, { cbeffProductId: { owner: 0x0103, type: 7 } });
    expect(ansi.cbeffProductId).toEqual({ owner: 0x0103, type: 7 });
    expect(ansi.views[0]!.qualityAlgorithm).toEqual({ vendorId: 43981, algorithmId: 291 });
    expect(ansi.warnings.length).toBeGreaterThan(0);
  });

  it('re-encodes cores and deltas with converted angles', () => {
    const record = buildRecord('iso-19794-2-2005');
    const ansi = isoToAnsi378(record);
    const cd = ansi.views[0]!.coresAndDeltas!;
    expect(cd.cores[0]).toMatchObject({ x: 200, y: 210, angleUnits: radiansToAngleUnits(angleUnitsToRadians(64, 'iso-19794-2-2005'), 'ansi-378-2004') });
    expect(decodeCoreDelta(ansi.views[0]!.extendedData.find((a) => a.typeCode === 2)!.data, 'ansi-378-2004')).toEqual(cd);
    expect(ansi.views[0]!.extendedData.some((a) => a.typeCode === 3)).toBe(false);
  });
});

// ---- records built in the test, one per standard, with every optional part ----

function minutia(type: Minutia['type'], x: number, y: number, angleUnits: number, standard: MinutiaeStandard, quality = 60): Minutia {
  return { type, x, y, angleUnits, angle: angleUnitsToRadians(angleUnits, standard), quality };
}

function buildView(standard: MinutiaeStandard, fingerPosition: number, viewNumber: number, count: number): FingerView {
  const image = imageGeometry(416, 560, 197, 197);
  const maxAngle = standard.startsWith('ansi') ? 180 : 256;
  const minutiae = Array.from({ length: count }, (_, i) => minutia((['ending', 'bifurcation', 'other'] as const)[i % 3]!, (i * 37) % 416, (i * 53) % 560, (i * 29) % maxAngle, standard, i % 101));
  const coresAndDeltas = {
    cores: [{ x: 200, y: 210, angleUnits: 64 % maxAngle }],
    deltas: [{ x: 90, y: 400, angleUnits: [10, 70, 130] as [number, number, number] }],
  };
  const iso = standard.startsWith('iso');
  const extendedData = [
    { typeCode: 1, data: encodeRidgeCounts({ methodCode: 1, edges: [{ from: 0, to: 1, count: 3 }] }) },
    { typeCode: 2, data: encodeCoreDelta(coresAndDeltas, standard) },
    ...(iso ? [{ typeCode: 3, data: encodeZonalQuality({ zoneWidth: 100, zoneHeight: 100, bitsPerZone: 2, values: Array.from({ length: 30 }, (_, i) => i % 4) }) }] : []),
    { typeCode: 0x0105, data: Uint8Array.of(9, 8, 7) },
  ];
  const base: FingerView = { fingerPosition, viewNumber, impressionType: 1, quality: 77, image, minutiae, extendedData, extendedLengthIncludesHeader: true };
  if (standard === 'ansi-378-2009') return { ...base, qualityAlgorithm: { vendorId: 0x0f, algorithmId: 0x1234 } };
  if (standard === 'iso-19794-2-2011') {
    return {
      ...base,
      captureDateTime: { year: 2026, month: 11, day: 24, hour: 9, minute: 5, second: 1, millisecond: 250 },
      captureTechnologyId: 4,
      captureVendorId: 0x1234,
      captureDeviceTypeId: 0x0042,
      qualityRecords: [
        { quality: 77, vendorId: 0x0f, algorithmId: 1 },
        { quality: 60, vendorId: 0x10, algorithmId: 2 },
      ],
      certifications: [{ authorityId: 3, schemeId: 1 }],
      minutiaBytes: 6,
      ridgeEndingType: 1,
    };
  }
  return base;
}

function buildRecord(standard: MinutiaeStandard, views = 2, minutiaePerView = 40): MinutiaeRecord {
  const list = Array.from({ length: views }, (_, i) => buildView(standard, 1 + (i % 10), Math.floor(i / 10), minutiaePerView));
  const image = list[0]?.image ?? imageGeometry(416, 560, 197, 197);
  return {
    standard,
    versionText: standard.endsWith('2004') || standard.endsWith('2005') ? ' 20' : '030',
    declaredLength: 0,
    ...(standard.startsWith('ansi') ? { cbeffProductId: { owner: 0x0033, type: 0x0101 } } : {}),
    ...(standard !== 'iso-19794-2-2011' ? { captureEquipment: { compliance: 8, id: 0x0abc } } : { certificationFlag: 1 }),
    ...(standard.endsWith('2004') || standard.endsWith('2005') ? { image } : {}),
    views: list,
    warnings: [],
  };
}

describe('minutiae records built by encoding', () => {
  const standards: MinutiaeStandard[] = ['iso-19794-2-2005', 'iso-19794-2-2011', 'ansi-378-2004', 'ansi-378-2009'];

  it.each(standards)('%s: encode → decode gives back every field, and re-encoding gives the same bytes', (standard) => {
    const record = buildRecord(standard);
    const bytes = encodeMinutiaeRecord(record);
    expect(detectMinutiaeFormat(bytes)?.standard).toBe(standard);
    const decoded = decodeMinutiaeRecord(bytes);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.declaredLength).toBe(bytes.length);
    const { declaredLength: _d, ...rest } = decoded;
    const { declaredLength: _e, ...expected } = record;
    expect(rest).toMatchObject(expected);
    const view = decoded.views[0]!;
    expect(view.ridgeCounts).toEqual({ methodCode: 1, method: 'four-neighbour', edges: [{ from: 0, to: 1, count: 3 }] });
    expect(view.coresAndDeltas?.cores[0]).toMatchObject({ x: 200, y: 210, angleUnits: 64 });
    expect(view.coresAndDeltas?.deltas[0]).toMatchObject({ x: 90, y: 400, angleUnits: [10, 70, 130] });
    if (standard.startsWith('iso')) expect(view.zonalQuality?.values).toEqual(Array.from({ length: 30 }, (_, i) => i % 4));
    else expect(view.zonalQuality).toBeUndefined();
    expect(Buffer.from(encodeMinutiaeRecord(decoded)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('ISO 2011 5-byte minutiae (no quality) round-trip', () => {
    const record = buildRecord('iso-19794-2-2011', 1, 5);
    const view = { ...record.views[0]!, minutiaBytes: 5 as const, minutiae: record.views[0]!.minutiae.map(({ quality: _q, ...m }) => m) };
    const bytes = encodeMinutiaeRecord({ ...record, views: [view] });
    const decoded = decodeIso19794_2_2011(bytes);
    expect(decoded.views[0]!.minutiaBytes).toBe(5);
    expect(decoded.views[0]!.minutiae).toEqual(view.minutiae);
  });

  it('ANSI 378-2004 over 64 KiB uses the 6-byte record length', () => {
    const record = buildRecord('ansi-378-2004', 60, 255);
    const bytes = encodeMinutiaeRecord(record);
    expect(bytes.length).toBeGreaterThan(0xffff);
    expect([bytes[8], bytes[9]]).toEqual([0, 0]);
    expect(new DataView(bytes.buffer).getUint32(10)).toBe(bytes.length);
    expect(detectMinutiaeFormat(bytes)?.standard).toBe('ansi-378-2004');
    const decoded = decodeAnsi378_2004(bytes);
    expect(decoded.views).toHaveLength(60);
    expect(decoded.warnings).toEqual([]);
    expect(Buffer.from(encodeMinutiaeRecord(decoded)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses to encode values that do not fit their fields, naming the field', () => {
    const record = buildRecord('iso-19794-2-2005', 1, 1);
    const bad = { ...record, views: [{ ...record.views[0]!, minutiae: [minutia('ending', 0x4000, 1, 1, 'iso-19794-2-2005')] }] };
    const e = formatErrorOf(() => encodeMinutiaeRecord(bad));
    expect(e.code).toBe('BAD_VALUE');
    expect(e.field).toBe('minutia.x');
    const ansiAngle = buildRecord('ansi-378-2009', 1, 1);
    const e2 = formatErrorOf(() => encodeMinutiaeRecord({ ...ansiAngle, views: [{ ...ansiAngle.views[0]!, quality: 256 }] }));
    expect(e2.field).toBe('fingerQuality');
  });

  it('radians ↔ units', () => {
    expect(radiansToAngleUnits(Math.PI, 'iso-19794-2-2005')).toBe(128);
    expect(radiansToAngleUnits(Math.PI, 'ansi-378-2004')).toBe(90);
    expect(radiansToAngleUnits(-Math.PI / 2, 'iso-19794-2-2011')).toBe(192);
    expect(radiansToAngleUnits(2 * Math.PI - 1e-9, 'ansi-378-2009')).toBe(0);
    expect(angleUnitsToRadians(45, 'ansi-378-2009')).toBeCloseTo(Math.PI / 2, 12);
  });

  it('conversion between generations refuses views with different image geometry for the one-geometry layouts', () => {
    const record = buildRecord('iso-19794-2-2011', 2, 3);
    const views = [record.views[0]!, { ...record.views[1]!, image: imageGeometry(100, 100, 197, 197) }];
    const e = formatErrorOf(() => convertMinutiaeRecord({ ...record, views }, 'ansi-378-2004'));
    expect(e.code).toBe('UNSUPPORTED');
  });
});

describe.skipIf(!fvcDir)(`FVC 2002 templates (ISO 19794-2:2005 from a commercial SDK)${missing(fvcDir)}`, () => {
  const dir = fvcDir ?? '';
  const files = fvcDir
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.iso')).map((f) => join(dir, d.name, f)))
    : [];

  it('there are 160 of them', () => {
    expect(files).toHaveLength(160);
  });

  it('every one decodes as ISO 2005 with minutiae inside the image, and re-encodes to its own bytes', () => {
    let minutiae = 0;
    for (const file of files) {
      const bytes = read(file);
      expect(detectMinutiaeFormat(bytes)?.standard).toBe('iso-19794-2-2005');
      const record = decodeMinutiaeRecord(bytes);
      expect(record.warnings).toEqual([]);
      expect(record.views.length).toBeGreaterThanOrEqual(1);
      for (const v of record.views) {
        expect(v.minutiae.length).toBeGreaterThan(0);
        for (const m of v.minutiae) {
          expect(m.x).toBeLessThan(v.image.width);
          expect(m.y).toBeLessThan(v.image.height);
          expect(m.type).not.toBe('reserved');
        }
        minutiae += v.minutiae.length;
      }
      expect(Buffer.from(encodeMinutiaeRecord(record)).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(minutiae).toBeGreaterThan(160 * 10);
  });

  it('the first template of DB1 is 300×400 at 197 px/cm with 25 minutiae, the first an ending at (165, 48)', () => {
    const record = decodeMinutiaeRecord(read(join(dir, 'fvc2002-db1b', '101_1.iso')));
    expect(record.image).toMatchObject({ width: 300, height: 400, resolutionX: 197, resolutionY: 197 });
    expect(record.views[0]!.minutiae).toHaveLength(25);
    expect(record.views[0]!.minutiae[0]).toMatchObject({ type: 'bifurcation', x: 165, y: 48, angleUnits: 107 });
  });
});

describe.skipIf(!samplesDir)(`bad minutiae records fail with a FormatError naming offset and field${missing(samplesDir)}`, () => {
  const dir = samplesDir ?? '';
  const iso = (): Uint8Array => read(join(dir, 'iso19794p2v2005-sample.dat'));

  it('wrong signature or version', () => {
    const b = iso();
    b[1] = 0x41;
    expect(formatErrorOf(() => decodeIso19794_2_2005(b))).toMatchObject({ code: 'BAD_MAGIC', offset: 0, field: 'formatIdentifier' });
    const v = iso();
    v[5] = 0x39;
    expect(formatErrorOf(() => decodeIso19794_2_2005(v))).toMatchObject({ code: 'BAD_MAGIC', offset: 4, field: 'version' });
    expect(detectMinutiaeFormat(v)).toBeUndefined();
    expect(formatErrorOf(() => decodeMinutiaeRecord(Uint8Array.of(1, 2, 3)))).toMatchObject({ code: 'BAD_MAGIC', offset: 0 });
  });

  it('truncated: the record length runs past the end', () => {
    const b = iso().subarray(0, 200);
    expect(formatErrorOf(() => decodeIso19794_2_2005(b))).toMatchObject({ code: 'TRUNCATED', offset: 8, field: 'recordLength' });
  });

  it('truncated inside a view when the length field was fixed to match', () => {
    const b = iso().slice(0, 200);
    new DataView(b.buffer).setUint32(8, 200);
    const e = formatErrorOf(() => decodeIso19794_2_2005(b));
    expect(e.code).toBe('BAD_COUNT');
    expect(e.field).toBe('numberOfMinutiae');
    expect(e.offset).toBe(0xc3);
  });

  it('a minutia count that lies', () => {
    const b = iso();
    b[27] = 0xff;
    expect(formatErrorOf(() => decodeIso19794_2_2005(b))).toMatchObject({ code: 'BAD_COUNT', offset: 27, field: 'numberOfMinutiae' });
  });

  it('a view count that lies', () => {
    const b = iso();
    b[22] = 0xff;
    expect(formatErrorOf(() => decodeIso19794_2_2005(b))).toMatchObject({ code: 'BAD_COUNT', offset: 22, field: 'numberOfViews' });
  });

  it('an extended data length past the end', () => {
    const b = iso();
    b[0x148] = 0x7f;
    expect(formatErrorOf(() => decodeIso19794_2_2005(b))).toMatchObject({ code: 'TRUNCATED', offset: 0x14a, field: 'extendedData' });
  });

  it('extended areas that do not fill their block', () => {
    const b = iso();
    b[0x14d] = 0x03; // area says 3 bytes of data in a 10-byte block
    expect(formatErrorOf(() => decodeIso19794_2_2005(b))).toMatchObject({ code: 'BAD_LENGTH', offset: 0x14a, field: 'extendedDataAreaLength' });
  });

  it('ISO 2011: a representation length past the end, a bad minutia field length', () => {
    const b = read(join(dir, 'iso19794p2v2011-sample.dat'));
    const long = b.slice();
    new DataView(long.buffer).setUint32(0xd8, 0x7fffffff);
    expect(formatErrorOf(() => decodeIso19794_2_2011(long))).toMatchObject({ code: 'TRUNCATED', offset: 0xd8, field: 'representationLength' });
    const field = b.slice();
    field[0x32] = 0x70;
    expect(formatErrorOf(() => decodeIso19794_2_2011(field))).toMatchObject({ code: 'BAD_VALUE', offset: 0x32, field: 'minutiaFieldLength' });
  });

  it('a huge declared zonal quality grid is reported, not allocated', () => {
    const record = buildRecord('iso-19794-2-2005', 1, 1);
    const image = imageGeometry(0xffff, 0xffff, 197, 197);
    const view: FingerView = { ...record.views[0]!, image, extendedData: [{ typeCode: 3, data: Uint8Array.of(1, 1, 8, 0, 0) }] };
    const bytes = encodeMinutiaeRecord({ ...record, image, views: [view] });
    const started = performance.now();
    const decoded = decodeIso19794_2_2005(bytes);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(decoded.views[0]!.zonalQuality).toBeUndefined();
    expect(decoded.warnings).toContain('view 0: zonal quality area does not decode; kept raw only');
  });
});

// ---- ISO/IEC 19794-4:2005 finger images and 19794-5:2005 face images ----

function fingerImageRecord(wsq: Uint8Array): FingerImageRecordInput {
  const raw = Uint8Array.from({ length: 16 * 12 }, (_, i) => (i * 7) & 0xff);
  return {
    captureDeviceId: 0x0123,
    imageAcquisitionLevel: 31,
    scaleUnits: 1,
    scanResolutionX: 500,
    scanResolutionY: 500,
    imageResolutionX: 500,
    imageResolutionY: 500,
    pixelDepth: 8,
    compressionCode: 2,
    views: [
      { fingerPosition: 2, viewCount: 1, viewNumber: 1, quality: 80, impressionType: 0, width: 545, height: 622, imageData: wsq },
      { fingerPosition: 7, viewCount: 2, viewNumber: 1, quality: 254, impressionType: 1, width: 16, height: 12, imageData: raw },
    ],
  };
}

describe('ISO/IEC 19794-4:2005 finger image record', () => {
  const wsq = wsqSample ? read(wsqSample) : Uint8Array.of(0xff, 0xa0, 0xff, 0xa1);

  it('encode → decode gives back every field and the image bytes; decode → encode is byte-identical', () => {
    const input = fingerImageRecord(wsq);
    const bytes = encodeFingerImageRecord(input);
    expect(detectIso19794RecordKind(bytes)).toBe('finger-image');
    expect(String.fromCharCode(...bytes.subarray(0, 7))).toBe('FIR\0 10');
    const record = decodeFingerImageRecord(bytes);
    expect(record).toMatchObject({ ...input, declaredLength: bytes.length, compression: 'wsq' });
    expect(Buffer.from(record.views[0]!.imageData).equals(Buffer.from(wsq))).toBe(true);
    expect(bytes.length).toBe(32 + 14 * 2 + wsq.length + 16 * 12);
    expect(Buffer.from(encodeFingerImageRecord(record)).equals(Buffer.from(bytes))).toBe(true);
    expect(summarizeFingerImageRecord(record)).toMatchObject({ compression: 'wsq', resolution: '500×500 ppi', images: [{ fingerPosition: 'right index', size: '545×622', bytes: wsq.length }, { view: '1 of 2' }] });
  });

  it('exposes each compression by name', () => {
    const names = [0, 1, 2, 3, 4, 5, 9].map((code) => decodeFingerImageRecord(encodeFingerImageRecord({ ...fingerImageRecord(wsq), compressionCode: code, views: [] })).compression);
    expect(names).toEqual(['uncompressed', 'uncompressed-bit-packed', 'wsq', 'jpeg', 'jpeg2000', 'png', 'unknown']);
  });

  it('bad input: truncated, lying counts and block lengths', () => {
    const bytes = encodeFingerImageRecord(fingerImageRecord(wsq));
    expect(formatErrorOf(() => decodeFingerImageRecord(bytes.subarray(0, 100)))).toMatchObject({ code: 'TRUNCATED', offset: 8, field: 'recordLength' });
    const count = encodeFingerImageRecord({ ...fingerImageRecord(wsq), views: fingerImageRecord(wsq).views.slice(1) });
    count[18] = 200;
    expect(formatErrorOf(() => decodeFingerImageRecord(count))).toMatchObject({ code: 'BAD_COUNT', offset: 18, field: 'numberOfFingers' });
    const block = bytes.slice();
    new DataView(block.buffer).setUint32(32, 0xfffffff0);
    expect(formatErrorOf(() => decodeFingerImageRecord(block))).toMatchObject({ code: 'TRUNCATED', offset: 32, field: 'fingerDataBlockLength' });
    const small = bytes.slice();
    new DataView(small.buffer).setUint32(32, 3);
    expect(formatErrorOf(() => decodeFingerImageRecord(small))).toMatchObject({ code: 'BAD_LENGTH', offset: 32 });
  });

  it('reports uncompressed data whose size does not match the image', () => {
    const input = fingerImageRecord(wsq);
    const record = decodeFingerImageRecord(encodeFingerImageRecord({ ...input, compressionCode: 0, views: [{ ...input.views[1]!, width: 17 }] }));
    expect(record.warnings[0]).toMatch(/192 bytes of uncompressed data for 17×12/);
  });
});

function faceImage(imageData: Uint8Array): FaceImageInput {
  return {
    gender: 2,
    eyeColour: 3,
    hairColour: 4,
    featureMask: 0x000103,
    expression: 1,
    poseAngle: { yaw: 91, pitch: 92, roll: 90 },
    poseAngleUncertainty: { yaw: 5, pitch: 6, roll: 7 },
    featurePoints: [
      { type: 1, majorCode: 12, minorCode: 1, x: 240, y: 300, reserved: 0 },
      { type: 1, majorCode: 12, minorCode: 2, x: 400, y: 302, reserved: 0 },
    ],
    faceImageType: 1,
    imageDataTypeCode: 1,
    width: 640,
    height: 800,
    colourSpace: 1,
    sourceType: 2,
    deviceType: 0,
    quality: 0,
    imageData,
  };
}

describe('ISO/IEC 19794-5:2005 face image record', () => {
  const jp2 = Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a, 1, 2, 3);
  const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0xff, 0xd9);

  it('encode → decode gives back every field and the image bytes; decode → encode is byte-identical', () => {
    const faces = [faceImage(jp2), { ...faceImage(jpeg), imageDataTypeCode: 0, featurePoints: [] }];
    const bytes = encodeFaceImageRecord({ faces });
    expect(detectIso19794RecordKind(bytes)).toBe('face-image');
    expect(String.fromCharCode(...bytes.subarray(0, 7))).toBe('FAC\u0000010');
    expect(bytes.length).toBe(14 + (20 + 16 + 12 + jp2.length) + (20 + 12 + jpeg.length));
    const record = decodeFaceImageRecord(bytes);
    expect(record.warnings).toEqual([]);
    expect(record.faces.map((f) => f.imageDataType)).toEqual(['jpeg2000', 'jpeg']);
    expect(record.faces[0]).toMatchObject({ ...faces[0], imageData: jp2 });
    expect(record.faces[1]).toMatchObject({ ...faces[1], imageData: jpeg });
    expect(Buffer.from(encodeFaceImageRecord(record)).equals(Buffer.from(bytes))).toBe(true);
    expect(summarizeFaceImageRecord(record).faces[0]).toEqual({ imageDataType: 'jpeg2000', size: '640×800', featurePoints: ['12.1 at (240, 300)', '12.2 at (400, 302)'], bytes: jp2.length });
  });

  it('bad input: wrong version, lying feature point count, facial record past the end', () => {
    const bytes = encodeFaceImageRecord({ faces: [faceImage(jp2)] });
    const version = bytes.slice();
    version[5] = 0x32;
    expect(formatErrorOf(() => decodeFaceImageRecord(version))).toMatchObject({ code: 'BAD_MAGIC', offset: 4, field: 'version' });
    const points = bytes.slice();
    new DataView(points.buffer).setUint16(18, 0xffff);
    expect(formatErrorOf(() => decodeFaceImageRecord(points))).toMatchObject({ code: 'BAD_COUNT', offset: 18, field: 'numberOfFeaturePoints' });
    const face = bytes.slice();
    new DataView(face.buffer).setUint32(14, 0xffffff);
    expect(formatErrorOf(() => decodeFaceImageRecord(face))).toMatchObject({ code: 'TRUNCATED', offset: 14, field: 'facialRecordDataLength' });
    const count = bytes.slice();
    new DataView(count.buffer).setUint16(12, 9);
    expect(formatErrorOf(() => decodeFaceImageRecord(count))).toMatchObject({ code: 'BAD_COUNT', offset: 12, field: 'numberOfFacialImages' });
  });
});
