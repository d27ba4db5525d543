import { CM_PER_INCH, FIELD, MINIMUM_SCANNING_PPMM, MM_PER_INCH } from './constants.js';
import type { AnsiNistRecord, AnsiNistTaggedRecord, AnsiNistTransaction } from './model.js';
import { fieldNumber, fieldText, findField, recordIdc } from './record-access.js';

export type AnsiNistImageCompression =
  | 'none'
  | 'wsq'
  | 'jpeg'
  | 'jpeg-lossless'
  | 'jpeg2000'
  | 'jpeg2000-lossless'
  | 'png'
  | 'fax'
  | 'vector'
  | 'unknown';

/** What the image bytes start with, whatever the record declares. */
export type AnsiNistImageContainer = 'wsq' | 'jpeg' | 'jpeg2000' | 'png' | 'tiff';

export interface AnsiNistImage {
  recordIndex: number;
  recordType: number;
  idc: number | undefined;
  compression: AnsiNistImageCompression;
  /** The compression as declared: the CGA text of tagged records, the GCA/BCA/SRT number of binary ones. */
  declaredCompression: string;
  /** Format recognised from the data's first bytes, if any. */
  container: AnsiNistImageContainer | undefined;
  width: number;
  height: number;
  /** Pixels per inch, rounded; undefined when the record gives only an aspect ratio or no resolution. */
  horizontalPpi: number | undefined;
  verticalPpi: number | undefined;
  bitsPerPixel: number | undefined;
  data: Uint8Array;
}

/** Types whose tagged fields .006–.011 are HLL, VLL, SLC, HPS, VPS, CGA and whose image is in .999. */
const TAGGED_IMAGE_TYPES = new Set([10, 13, 14, 15, 16, 17]);

/** Compression codes of the 1-2011 table: the binary GCA number and the tagged CGA text. */
const COMPRESSION_BY_CODE: readonly AnsiNistImageCompression[] = ['none', 'wsq', 'jpeg', 'jpeg-lossless', 'jpeg2000', 'jpeg2000-lossless', 'png'];
const COMPRESSION_BY_NAME: Readonly<Record<string, AnsiNistImageCompression>> = {
  NONE: 'none',
  WSQ: 'wsq',
  WSQ20: 'wsq',
  JPEGB: 'jpeg',
  JPEG: 'jpeg',
  JPEGL: 'jpeg-lossless',
  JP2: 'jpeg2000',
  JP2L: 'jpeg2000-lossless',
  PNG: 'png',
};

/** Tagged CGA: the 1-2011 names, or the numeric codes of older versions. */
export function compressionFromCga(cga: string | undefined): AnsiNistImageCompression {
  if (cga === undefined) return 'unknown';
  const text = cga.trim().toUpperCase();
  if (/^\d+$/.test(text)) return COMPRESSION_BY_CODE[Number(text)] ?? 'unknown';
  return COMPRESSION_BY_NAME[text] ?? 'unknown';
}

export function detectImageContainer(data: Uint8Array): AnsiNistImageContainer | undefined {
  const [a, b, c, d] = data;
  if (a === 0xff && b === 0xa0) return 'wsq';
  if (a === 0xff && b === 0xd8) return 'jpeg';
  if (a === 0x89 && b === 0x50 && c === 0x4e && d === 0x47) return 'png';
  if (a === 0xff && b === 0x4f && c === 0xff && d === 0x51) return 'jpeg2000'; // raw codestream
  if (a === 0 && b === 0 && c === 0 && d === 0x0c && data[4] === 0x6a && data[5] === 0x50) return 'jpeg2000'; // JP2 box
  if ((a === 0x49 && b === 0x49 && c === 0x2a && d === 0) || (a === 0x4d && b === 0x4d && c === 0 && d === 0x2a)) return 'tiff';
  return undefined;
}

function ppiFromPpmm(ppmm: number | undefined): number | undefined {
  return ppmm === undefined || ppmm <= 0 ? undefined : Math.round(ppmm * MM_PER_INCH);
}

/** SLC: 0 = aspect ratio only, 1 = pixels per inch, 2 = pixels per centimetre. */
function ppiFromScale(slc: number | undefined, value: number | undefined): number | undefined {
  if (value === undefined || value <= 0) return undefined;
  if (slc === 1) return Math.round(value);
  if (slc === 2) return Math.round(value * CM_PER_INCH);
  return undefined;
}

function bitsFromColorSpace(csp: string | undefined): number | undefined {
  if (csp === undefined) return undefined;
  const c = csp.toUpperCase();
  if (c === 'GRAY') return 8;
  if (c === 'RGB' || c === 'SRGB' || c === 'YCC' || c === 'SYCC') return 24;
  return undefined;
}

function taggedImage(record: AnsiNistTaggedRecord): Omit<AnsiNistImage, 'recordIndex'> | undefined {
  const data = findField(record, FIELD.DATA);
  if (!TAGGED_IMAGE_TYPES.has(record.type) || data?.kind !== 'binary') return undefined;
  const slc = fieldNumber(record, 8);
  const cga = fieldText(record, 11) ?? '';
  const bitsField = record.type === 10 ? undefined : fieldNumber(record, 12);
  const colorSpace = record.type === 10 ? fieldText(record, 12) : record.type === 17 || record.type === 16 ? fieldText(record, 13) : undefined;
  return {
    recordType: record.type,
    idc: recordIdc(record),
    compression: compressionFromCga(cga),
    declaredCompression: cga,
    container: detectImageContainer(data.data),
    width: fieldNumber(record, 6) ?? 0,
    height: fieldNumber(record, 7) ?? 0,
    horizontalPpi: ppiFromScale(slc, fieldNumber(record, 9)),
    verticalPpi: ppiFromScale(slc, fieldNumber(record, 10)),
    bitsPerPixel: bitsField ?? bitsFromColorSpace(colorSpace),
    data: data.data,
  };
}

/**
 * ISR 0 means the minimum scanning resolution of the record's class (low: types 3 and 5; high: the
 * others); ISR 1 the transaction's native resolution: NTR for low-resolution records, NSR otherwise.
 */
function binaryPpi(type: number, isr: number, type1: AnsiNistTaggedRecord | undefined): number | undefined {
  const low = type === 3 || type === 5;
  if (isr === 0) return ppiFromPpmm(low ? MINIMUM_SCANNING_PPMM.low : MINIMUM_SCANNING_PPMM.high);
  if (!type1) return undefined;
  return ppiFromPpmm(fieldNumber(type1, low ? FIELD.NTR : FIELD.NSR));
}

function fingerprintCompression(type: number, code: number): AnsiNistImageCompression {
  if (code === 0) return 'none';
  if (type === 4) return COMPRESSION_BY_CODE[code] ?? 'unknown';
  if (type === 5 || type === 6) return code === 1 ? 'fax' : 'unknown';
  return 'unknown';
}

function signatureCompression(srt: number): AnsiNistImageCompression {
  return srt === 0 ? 'none' : srt === 1 ? 'fax' : srt === 2 ? 'vector' : 'unknown';
}

/**
 * The image a record carries, with its compression and resolution; undefined for records without
 * one (Type-1, -2, -7, -9 and the non-image tagged types). `type1` gives binary records their NSR/NTR.
 */
export function ansiNistRecordImage(record: AnsiNistRecord, recordIndex: number, type1?: AnsiNistTaggedRecord): AnsiNistImage | undefined {
  if (record.kind === 'tagged') {
    const img = taggedImage(record);
    return img && { recordIndex, ...img };
  }
  if (record.kind === 'user-defined') return undefined;
  const ppi = binaryPpi(record.type, record.scanningResolution, type1);
  const shared = {
    recordIndex,
    recordType: record.type,
    idc: record.idc,
    container: detectImageContainer(record.data),
    width: record.width,
    height: record.height,
    horizontalPpi: ppi,
    verticalPpi: ppi,
    data: record.data,
  };
  if (record.kind === 'signature') {
    return { ...shared, compression: signatureCompression(record.representation), declaredCompression: String(record.representation), bitsPerPixel: undefined };
  }
  return {
    ...shared,
    compression: fingerprintCompression(record.type, record.compression),
    declaredCompression: String(record.compression),
    bitsPerPixel: record.type === 5 || record.type === 6 ? 1 : 8,
  };
}

/** Every image in the transaction, in record order. */
export function ansiNistImages(transaction: AnsiNistTransaction): AnsiNistImage[] {
  const first = transaction.records[0];
  const type1 = first?.kind === 'tagged' && first.type === 1 ? first : undefined;
  const out: AnsiNistImage[] = [];
  transaction.records.forEach((r, i) => {
    const img = ansiNistRecordImage(r, i, type1);
    if (img) out.push(img);
  });
  return out;
}
