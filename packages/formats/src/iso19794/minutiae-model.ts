/**
 * One model for the four finger minutiae record layouts (ISO/IEC 19794-2:2005 and :2011,
 * ANSI INCITS 378-2004 and -2009). Fields every layout has are always present; fields only some
 * layouts carry are optional and named after what they hold. Decoders fill every field; encoders
 * read the raw fields (angleUnits, codes) and ignore the derived ones (angle in radians, ppi, names).
 */

export type MinutiaeStandard = 'iso-19794-2-2005' | 'iso-19794-2-2011' | 'ansi-378-2004' | 'ansi-378-2009';

/** Minutia type from the top two bits of its x field: 00 other, 01 ridge ending, 10 bifurcation, 11 reserved. */
export type MinutiaKind = 'other' | 'ending' | 'bifurcation' | 'reserved';

export interface Minutia {
  readonly type: MinutiaKind;
  /** Pixels from the left edge of the view's image. */
  readonly x: number;
  /** Pixels from the top edge of the view's image. */
  readonly y: number;
  /** Stored direction: ISO units of 360/256°, ANSI units of 2°. */
  readonly angleUnits: number;
  /** The same direction in radians, in [0, 2π), counter-clockwise from the image's x axis. Derived. */
  readonly angle: number;
  /** 0–100 (0 = not reported); absent for ISO 19794-2:2011 5-byte minutiae. */
  readonly quality?: number;
}

/** Image the minutiae were found on. Resolution in the records' own unit, pixels per centimetre. */
export interface ImageGeometry {
  readonly width: number;
  readonly height: number;
  readonly resolutionX: number;
  readonly resolutionY: number;
  /** Derived: resolutionX × 2.54. */
  readonly ppiX: number;
  /** Derived: resolutionY × 2.54. */
  readonly ppiY: number;
}

/** One extended data area, kept exactly as stored. */
export interface ExtendedDataArea {
  readonly typeCode: number;
  readonly data: Uint8Array;
}

export type RidgeCountMethod = 'non-specific' | 'four-neighbour' | 'eight-neighbour' | 'reserved';

/** Extended data type 0x0001. Indices are into the view's minutiae (as stored, usually 0-based). */
export interface RidgeCountData {
  readonly methodCode: number;
  readonly method: RidgeCountMethod;
  readonly edges: readonly { readonly from: number; readonly to: number; readonly count: number }[];
}

export interface CorePoint {
  readonly x: number;
  readonly y: number;
  /** Stored angle in the record's units, when present. */
  readonly angleUnits?: number;
  /** Derived: the angle in radians. */
  readonly angle?: number;
}

export interface DeltaPoint {
  readonly x: number;
  readonly y: number;
  /** The three stored delta angles, when present. */
  readonly angleUnits?: readonly [number, number, number];
  readonly angles?: readonly [number, number, number];
}

/** Extended data type 0x0002. */
export interface CoreDeltaData {
  readonly cores: readonly CorePoint[];
  readonly deltas: readonly DeltaPoint[];
}

/** Extended data type 0x0003 (ISO only): one quality value per zone, row by row. */
export interface ZonalQualityData {
  readonly zoneWidth: number;
  readonly zoneHeight: number;
  readonly bitsPerZone: number;
  readonly values: readonly number[];
}

/** ISO 19794-2:2011 capture date and time (UTC); 0xFF / 0xFFFF in a field means "not recorded". */
export interface CaptureDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** ISO 19794-2:2011 quality block (also the shape ANSI 378-2009 quality fields are mapped to). */
export interface QualityRecord {
  readonly quality: number;
  readonly vendorId: number;
  readonly algorithmId: number;
}

export interface CertificationRecord {
  readonly authorityId: number;
  readonly schemeId: number;
}

export interface FingerView {
  /** 0 unknown, 1–5 right thumb…little, 6–10 left thumb…little (both standards). */
  readonly fingerPosition: number;
  /** View (ISO 2011: representation) number for this finger, from 0. */
  readonly viewNumber: number;
  /** 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe, … */
  readonly impressionType: number;
  /** Finger quality 0–100 (ISO 2011: the first quality block's value, 255 if there is none). */
  readonly quality: number;
  readonly image: ImageGeometry;
  readonly minutiae: readonly Minutia[];
  /** Every extended data area, raw, in stored order. */
  readonly extendedData: readonly ExtendedDataArea[];
  /** Decoded views of the defined extended data areas (absent when missing or undecodable). */
  readonly ridgeCounts?: RidgeCountData;
  readonly coresAndDeltas?: CoreDeltaData;
  readonly zonalQuality?: ZonalQualityData;
  /**
   * Whether each extended area's length field counts its own 4-byte header (the standards' text)
   * or only its data (some ISO 2005 writers). Kept so a record re-encodes to its own bytes.
   */
  readonly extendedLengthIncludesHeader: boolean;
  /** ANSI 378-2009: who computed the finger quality. */
  readonly qualityAlgorithm?: { readonly vendorId: number; readonly algorithmId: number };
  /** ISO 19794-2:2011 representation header fields. */
  readonly captureDateTime?: CaptureDateTime;
  readonly captureTechnologyId?: number;
  readonly captureVendorId?: number;
  readonly captureDeviceTypeId?: number;
  readonly qualityRecords?: readonly QualityRecord[];
  readonly certifications?: readonly CertificationRecord[];
  /** ISO 2011: bytes per minutia, 6 with quality, 5 without. */
  readonly minutiaBytes?: 5 | 6;
  /** ISO 2011: 0 = ridge ending at the valley skeleton bifurcation, 1 = at the ridge skeleton end. */
  readonly ridgeEndingType?: number;
}

export interface MinutiaeRecord {
  readonly standard: MinutiaeStandard;
  /** Version field as text without its NUL: ' 20', '020' (some ANSI 2004 writers) or '030'. */
  readonly versionText: string;
  /** Record length as declared in the file (encoders always write the true length). */
  readonly declaredLength: number;
  /** ANSI 378: CBEFF product identifier of the template's producer. */
  readonly cbeffProductId?: { readonly owner: number; readonly type: number };
  /** ISO 2005, ANSI 2004/2009: capture equipment compliance bits and equipment id. */
  readonly captureEquipment?: { readonly compliance: number; readonly id: number };
  /** ISO 2005 and ANSI 2004 store one image geometry for all views. */
  readonly image?: ImageGeometry;
  /** ISO 2011: whether representations carry certification blocks. */
  readonly certificationFlag?: number;
  readonly views: readonly FingerView[];
  /** Departures from the standard the decoder tolerated (wrong record length, leftover bytes, …). */
  readonly warnings: readonly string[];
}

export const MINUTIA_KINDS: readonly MinutiaKind[] = ['other', 'ending', 'bifurcation', 'reserved'];

export function minutiaKindCode(kind: MinutiaKind): number {
  return MINUTIA_KINDS.indexOf(kind);
}

const FINGER_POSITION_NAMES = [
  'unknown',
  'right thumb',
  'right index',
  'right middle',
  'right ring',
  'right little',
  'left thumb',
  'left index',
  'left middle',
  'left ring',
  'left little',
] as const;

export function fingerPositionName(code: number): string {
  return FINGER_POSITION_NAMES[code] ?? `code ${code}`;
}

const IMPRESSION_TYPE_NAMES: Record<number, string> = {
  0: 'live-scan plain',
  1: 'live-scan rolled',
  2: 'non-live-scan plain',
  3: 'non-live-scan rolled',
  8: 'swipe',
};

export function impressionTypeName(code: number): string {
  return IMPRESSION_TYPE_NAMES[code] ?? `code ${code}`;
}
