import { FIELD } from './constants.js';
import { compressionFromCga, detectImageContainer, type AnsiNistImageContainer } from './image-descriptor.js';
import type { AnsiNistField, AnsiNistTaggedRecord } from './model.js';
import { fieldNumber, fieldText, findField, recordIdc } from './record-access.js';

/**
 * Type-10 face records (ANSI/NIST-ITL 1-2011, 8.10): one built around image bytes kept unchanged,
 * and one read back into what a register stores (bytes, compression, size, colour space, date).
 */

/** 10.011 CGA values a face image can carry (1-2011 Table 15). */
export type FaceCompression = 'NONE' | 'JPEGB' | 'JPEGL' | 'JP2' | 'JP2L' | 'PNG';
/** 10.012 CSP values (1-2011 Table 16). */
export type FaceColorSpace = 'UNK' | 'GRAY' | 'RGB' | 'SRGB' | 'YCC' | 'SYCC';

export const FACE_COMPRESSIONS: readonly FaceCompression[] = ['NONE', 'JPEGB', 'JPEGL', 'JP2', 'JP2L', 'PNG'];
export const FACE_COLOR_SPACES: readonly FaceColorSpace[] = ['UNK', 'GRAY', 'RGB', 'SRGB', 'YCC', 'SYCC'];

/** Field numbers of the Type-10 record. */
export const TYPE10_FIELD = {
  /** IMT: image type. */
  IMT: 3,
  /** SRC: source agency. */
  SRC: 4,
  /** PHD: photo capture date, YYYYMMDD. */
  PHD: 5,
  HLL: 6,
  VLL: 7,
  /** SLC: 0 = aspect ratio only, 1 = pixels per inch, 2 = pixels per centimetre. */
  SLC: 8,
  THPS: 9,
  TVPS: 10,
  CGA: 11,
  CSP: 12,
  /** SAP: subject acquisition profile, mandatory when IMT is FACE. */
  SAP: 13,
} as const;

export const FACE_IMAGE_TYPE = 'FACE';
/** SAP 1: unknown profile (what a register can say of a legacy photograph). */
export const UNKNOWN_ACQUISITION_PROFILE = 1;

/** The media type of the image bytes each compression holds (raw pixels have none of their own). */
export function faceMediaType(compression: FaceCompression): string {
  switch (compression) {
    case 'JPEGB':
    case 'JPEGL':
      return 'image/jpeg';
    case 'JP2':
    case 'JP2L':
      return 'image/jp2';
    case 'PNG':
      return 'image/png';
    case 'NONE':
      return 'application/octet-stream';
  }
}

export interface FaceRecordInput {
  idc: number;
  /** SRC. */
  sourceAgency: string;
  /** PHD, YYYYMMDD. */
  photoDate: string;
  width: number;
  height: number;
  compression: FaceCompression;
  colorSpace: FaceColorSpace;
  /** SAP; default UNKNOWN_ACQUISITION_PROFILE. */
  acquisitionProfile?: number;
  /** The image, written unchanged in 10.999. */
  image: Uint8Array;
}

const textField = (number: number, value: string): AnsiNistField => ({ kind: 'text', number, subfields: [[value]] });

/**
 * A Type-10 face record with every field 1-2011 makes mandatory for IMT FACE. The resolution is
 * declared as an aspect ratio of 1:1 (SLC 0): a face photograph carries no scanning resolution.
 */
export function faceImageRecord(input: FaceRecordInput): AnsiNistTaggedRecord {
  if (!/^\d{8}$/.test(input.photoDate)) throw new RangeError(`photo date ${input.photoDate} is not YYYYMMDD`);
  return {
    kind: 'tagged',
    type: 10,
    fields: [
      textField(FIELD.IDC, String(input.idc)),
      textField(TYPE10_FIELD.IMT, FACE_IMAGE_TYPE),
      textField(TYPE10_FIELD.SRC, input.sourceAgency),
      textField(TYPE10_FIELD.PHD, input.photoDate),
      textField(TYPE10_FIELD.HLL, String(input.width)),
      textField(TYPE10_FIELD.VLL, String(input.height)),
      textField(TYPE10_FIELD.SLC, '0'),
      textField(TYPE10_FIELD.THPS, '1'),
      textField(TYPE10_FIELD.TVPS, '1'),
      textField(TYPE10_FIELD.CGA, input.compression),
      textField(TYPE10_FIELD.CSP, input.colorSpace),
      textField(TYPE10_FIELD.SAP, String(input.acquisitionProfile ?? UNKNOWN_ACQUISITION_PROFILE)),
      { kind: 'binary', number: FIELD.DATA, data: input.image },
    ],
  };
}

/** A face read from a Type-10 record: the bytes as found, and what the record (or the image's header) says of them. */
export interface FaceRecordImage {
  idc: number | undefined;
  compression: FaceCompression;
  mediaType: string;
  /** From HLL / VLL, else from the image's own header; undefined when neither gives it. */
  width: number | undefined;
  height: number | undefined;
  colorSpace: FaceColorSpace | undefined;
  /** PHD when it is a date (YYYYMMDD). */
  photoDate: string | undefined;
  /** A view into the record: copy it to keep it beyond the parsed transaction. */
  data: Uint8Array;
}

export type FaceRecordReading =
  | { kind: 'face'; face: FaceRecordImage }
  /** A Type-10 of another image type (scar, tattoo, mark …). */
  | { kind: 'not-a-face'; imageType: string }
  | { kind: 'unreadable'; problem: string };

const CONTAINER_OF: Readonly<Record<FaceCompression, AnsiNistImageContainer | undefined>> = {
  NONE: undefined,
  JPEGB: 'jpeg',
  JPEGL: 'jpeg',
  JP2: 'jpeg2000',
  JP2L: 'jpeg2000',
  PNG: 'png',
};
const COMPRESSION_OF_CONTAINER: Partial<Record<AnsiNistImageContainer, FaceCompression>> = { jpeg: 'JPEGB', jpeg2000: 'JP2', png: 'PNG' };
const CHANNELS: Readonly<Record<FaceColorSpace, number | undefined>> = { UNK: undefined, GRAY: 1, RGB: 3, SRGB: 3, YCC: 3, SYCC: 3 };

function declaredCompression(cga: string | undefined): FaceCompression | 'unknown' | 'other' {
  if (cga === undefined || cga.trim() === '') return 'unknown';
  switch (compressionFromCga(cga)) {
    case 'none':
      return 'NONE';
    case 'jpeg':
      return 'JPEGB';
    case 'jpeg-lossless':
      return 'JPEGL';
    case 'jpeg2000':
      return 'JP2';
    case 'jpeg2000-lossless':
      return 'JP2L';
    case 'png':
      return 'PNG';
    case 'unknown':
      return 'unknown';
    default:
      return 'other';
  }
}

const u16 = (d: Uint8Array, at: number) => (d[at]! << 8) | d[at + 1]!;
const u32 = (d: Uint8Array, at: number) => ((d[at]! << 24) >>> 0) + (d[at + 1]! << 16) + (d[at + 2]! << 8) + d[at + 3]!;

/** Width and height from the image's own header; undefined when the header is not there or cut short. */
export function imageHeaderSize(data: Uint8Array, container: AnsiNistImageContainer | undefined): { width: number; height: number } | undefined {
  if (container === 'png') {
    // Signature (8), IHDR length and name (8), then width and height.
    if (data.length < 24 || String.fromCharCode(...data.subarray(12, 16)) !== 'IHDR') return undefined;
    return positive(u32(data, 16), u32(data, 20));
  }
  if (container === 'jpeg') {
    for (let at = 2; at + 9 < data.length; ) {
      if (data[at] !== 0xff) return undefined;
      const marker = data[at + 1]!;
      if (marker === 0xff) {
        at++;
        continue;
      }
      // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return positive(u16(data, at + 7), u16(data, at + 5));
      if (marker === 0xd9 || marker === 0xda) return undefined;
      at += 2 + u16(data, at + 2);
    }
    return undefined;
  }
  if (container === 'jpeg2000') {
    // Raw codestream: SIZ follows SOC; JP2 file: the ihdr box gives height then width.
    if (data[0] === 0xff && data[1] === 0x4f) {
      if (data.length < 24 || data[2] !== 0xff || data[3] !== 0x51) return undefined;
      return positive(u32(data, 8) - u32(data, 16), u32(data, 12) - u32(data, 20));
    }
    for (let at = 0; at + 16 <= data.length; ) {
      const length = u32(data, at);
      const name = String.fromCharCode(...data.subarray(at + 4, at + 8));
      if (name === 'ihdr') return positive(u32(data, at + 12), u32(data, at + 8));
      // jp2h is a super box: its children follow its header.
      if (name === 'jp2h') at += 8;
      else if (length < 8) return undefined;
      else at += length;
    }
  }
  return undefined;
}

function positive(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * Reads a Type-10 record as a face: IMT FACE (or absent), image bytes present, a face compression
 * (CGA, or recognised from the bytes when CGA is missing) that the bytes bear out, and a size. A
 * record failing any of these is unreadable — the caller decides what that costs (nothing but the face).
 */
export function readFaceImageRecord(record: AnsiNistTaggedRecord): FaceRecordReading {
  if (record.type !== 10) return { kind: 'unreadable', problem: `a Type-${record.type} record is not a face record` };
  const imageType = fieldText(record, TYPE10_FIELD.IMT)?.trim().toUpperCase() ?? '';
  if (imageType !== '' && imageType !== FACE_IMAGE_TYPE) return { kind: 'not-a-face', imageType };
  const field = findField(record, FIELD.DATA);
  if (field?.kind !== 'binary' || field.data.length === 0) return { kind: 'unreadable', problem: 'no image data (10.999)' };
  const data = field.data;
  const container = detectImageContainer(data);
  const cga = fieldText(record, TYPE10_FIELD.CGA);
  const declared = declaredCompression(cga);
  let compression: FaceCompression;
  if (declared === 'other') return { kind: 'unreadable', problem: `10.011 CGA ${cga} is not a face image compression` };
  if (declared === 'unknown') {
    const guessed = container && COMPRESSION_OF_CONTAINER[container];
    if (!guessed) return { kind: 'unreadable', problem: `10.011 CGA ${cga === undefined ? 'absent' : `"${cga}" unknown`} and the image is in no known format` };
    compression = guessed;
  } else {
    compression = declared;
    const expected = CONTAINER_OF[compression];
    if (expected !== undefined && container !== expected) return { kind: 'unreadable', problem: `10.011 CGA ${cga} but the image data is ${container ?? 'in no known format'}` };
  }
  const csp = fieldText(record, TYPE10_FIELD.CSP)?.trim().toUpperCase();
  const colorSpace = FACE_COLOR_SPACES.find((c) => c === csp);
  const declaredWidth = fieldNumber(record, TYPE10_FIELD.HLL);
  const declaredHeight = fieldNumber(record, TYPE10_FIELD.VLL);
  const declaredSize = Number.isInteger(declaredWidth) && Number.isInteger(declaredHeight) ? positive(declaredWidth!, declaredHeight!) : undefined;
  const header = imageHeaderSize(data, container);
  if (compression !== 'NONE' && !header) return { kind: 'unreadable', problem: `the ${container} image's header is damaged or cut short` };
  const size = declaredSize ?? header;
  if (compression === 'NONE') {
    const channels = colorSpace && CHANNELS[colorSpace];
    if (!size || !channels) return { kind: 'unreadable', problem: 'uncompressed image without its size (10.006, 10.007) and colour space (10.012)' };
    if (size.width * size.height * channels !== data.length) return { kind: 'unreadable', problem: `uncompressed ${size.width}×${size.height}×${channels} image of ${data.length} bytes` };
  }
  const phd = fieldText(record, TYPE10_FIELD.PHD)?.trim();
  return {
    kind: 'face',
    face: {
      idc: recordIdc(record),
      compression,
      mediaType: faceMediaType(compression),
      width: size?.width,
      height: size?.height,
      colorSpace,
      photoDate: phd !== undefined && /^\d{8}$/.test(phd) ? phd : undefined,
      data,
    },
  };
}
