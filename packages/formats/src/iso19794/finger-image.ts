import { FINGER_IMAGE_HEADER_BYTES, FINGER_IMAGE_VIEW_HEADER_BYTES, FIR_MAGIC, FORMAT_NAMES, VERSION_FINGER_IMAGE_2005 } from './constants.js';
import { recordError } from './iso19794-error.js';
import { checkRange } from './minutia-codec.js';
import { RecordReader } from './record-reader.js';
import { readMagic, readVersionText, reportLengthMismatch } from './record-header.js';
import { RecordWriter } from './record-writer.js';

/** Image compression codes of ISO/IEC 19794-4:2005, table 3. */
export type FingerImageCompression = 'uncompressed' | 'uncompressed-bit-packed' | 'wsq' | 'jpeg' | 'jpeg2000' | 'png' | 'unknown';

const COMPRESSIONS: readonly FingerImageCompression[] = ['uncompressed', 'uncompressed-bit-packed', 'wsq', 'jpeg', 'jpeg2000', 'png'];

export function fingerImageCompressionName(code: number): FingerImageCompression {
  return COMPRESSIONS[code] ?? 'unknown';
}

export function fingerImageCompressionCode(name: Exclude<FingerImageCompression, 'unknown'>): number {
  return COMPRESSIONS.indexOf(name);
}

/** One finger (or palm) image with its 14-byte header. */
export interface FingerImageView {
  /** 0 unknown, 1–10 fingers, 11–15 plain/multi-finger codes, 20+ palm codes. */
  readonly fingerPosition: number;
  /** How many views of this finger the record holds, and which one this is (from 1). */
  readonly viewCount: number;
  readonly viewNumber: number;
  readonly quality: number;
  readonly impressionType: number;
  /** Horizontal and vertical line lengths, in pixels. */
  readonly width: number;
  readonly height: number;
  /** The image bytes, in the record's compression (a copy, safe to keep). */
  readonly imageData: Uint8Array;
}

export interface FingerImageRecord {
  readonly declaredLength: number;
  readonly captureDeviceId: number;
  readonly imageAcquisitionLevel: number;
  /** 1 = pixels per inch, 2 = pixels per centimetre. */
  readonly scaleUnits: number;
  readonly scanResolutionX: number;
  readonly scanResolutionY: number;
  readonly imageResolutionX: number;
  readonly imageResolutionY: number;
  /** Bits per pixel (1–16). */
  readonly pixelDepth: number;
  readonly compressionCode: number;
  /** Derived from compressionCode. */
  readonly compression: FingerImageCompression;
  readonly views: readonly FingerImageView[];
  readonly warnings: readonly string[];
}

const FORMAT = FORMAT_NAMES['iso-19794-4-2005'];

/** Decodes an ISO/IEC 19794-4:2005 finger image record ("FIR\0", " 10\0"). */
export function decodeFingerImageRecord(bytes: Uint8Array): FingerImageRecord {
  const r = new RecordReader(FORMAT, bytes);
  const warnings: string[] = [];
  readMagic(r, FIR_MAGIC);
  readVersionText(r, [VERSION_FINGER_IMAGE_2005]);
  const declaredLength = r.u48('recordLength');
  if (declaredLength < FINGER_IMAGE_HEADER_BYTES) throw r.error('BAD_LENGTH', 8, 'recordLength', `record length ${declaredLength} is shorter than the ${FINGER_IMAGE_HEADER_BYTES}-byte header`);
  if (declaredLength > bytes.length) throw r.error('TRUNCATED', 8, 'recordLength', `record length ${declaredLength} runs past the ${bytes.length} bytes given`);
  const captureDeviceId = r.u16('captureDeviceId');
  const imageAcquisitionLevel = r.u16('imageAcquisitionLevel');
  const countOffset = r.pos;
  const count = r.u8('numberOfFingers');
  const scaleUnits = r.u8('scaleUnits');
  const scanResolutionX = r.u16('scanResolutionX');
  const scanResolutionY = r.u16('scanResolutionY');
  const imageResolutionX = r.u16('imageResolutionX');
  const imageResolutionY = r.u16('imageResolutionY');
  const pixelDepth = r.u8('pixelDepth');
  const compressionCode = r.u8('imageCompressionAlgorithm');
  r.u16('reserved');
  if (count * FINGER_IMAGE_VIEW_HEADER_BYTES > r.remaining) throw r.error('BAD_COUNT', countOffset, 'numberOfFingers', `${count} finger images cannot fit in the ${r.remaining} bytes left`);
  if (scaleUnits !== 1 && scaleUnits !== 2) warnings.push(`scale units ${scaleUnits} are neither 1 (ppi) nor 2 (ppcm)`);
  const views: FingerImageView[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const length = r.u32('fingerDataBlockLength');
    if (length < FINGER_IMAGE_VIEW_HEADER_BYTES) throw r.error('BAD_LENGTH', start, 'fingerDataBlockLength', `finger data block length ${length} is below its ${FINGER_IMAGE_VIEW_HEADER_BYTES}-byte header`);
    if (length - 4 > r.remaining) throw r.error('TRUNCATED', start, 'fingerDataBlockLength', `finger data block length ${length} runs past the end of the input`);
    const fingerPosition = r.u8('fingerPosition');
    const viewCount = r.u8('countOfViews');
    const viewNumber = r.u8('viewNumber');
    const quality = r.u8('fingerImageQuality');
    const impressionType = r.u8('impressionType');
    const width = r.u16('horizontalLineLength');
    const height = r.u16('verticalLineLength');
    r.u8('reserved');
    const imageData = r.take(length - FINGER_IMAGE_VIEW_HEADER_BYTES, 'imageData').slice();
    if (compressionCode === 0) {
      const expected = width * height * Math.ceil(pixelDepth / 8);
      if (expected !== imageData.length) warnings.push(`finger image ${i}: ${imageData.length} bytes of uncompressed data for ${width}×${height} at ${pixelDepth} bits (expected ${expected})`);
    }
    views.push({ fingerPosition, viewCount, viewNumber, quality, impressionType, width, height, imageData });
  }
  reportLengthMismatch(warnings, declaredLength, r.pos, bytes.length);
  return {
    declaredLength,
    captureDeviceId,
    imageAcquisitionLevel,
    scaleUnits,
    scanResolutionX,
    scanResolutionY,
    imageResolutionX,
    imageResolutionY,
    pixelDepth,
    compressionCode,
    compression: fingerImageCompressionName(compressionCode),
    views,
    warnings,
  };
}

/** Input of the encoder: the decoded shape without the derived and file-reported fields. */
export type FingerImageRecordInput = Omit<FingerImageRecord, 'declaredLength' | 'compression' | 'warnings'>;

/** Encodes an ISO/IEC 19794-4:2005 finger image record; lengths are computed. */
export function encodeFingerImageRecord(record: FingerImageRecordInput): Uint8Array {
  const w = new RecordWriter();
  w.bytes(FIR_MAGIC).bytes([...VERSION_FINGER_IMAGE_2005].map((c) => c.charCodeAt(0))).u8(0);
  const lengthAt = w.position;
  w.u48(0);
  const u16Fields = [
    ['captureDeviceId', record.captureDeviceId],
    ['imageAcquisitionLevel', record.imageAcquisitionLevel],
  ] as const;
  for (const [f, v] of u16Fields) checkRange(FORMAT, w, f, v, 0, 0xffff);
  checkRange(FORMAT, w, 'numberOfFingers', record.views.length, 0, 255);
  checkRange(FORMAT, w, 'scaleUnits', record.scaleUnits, 0, 255);
  w.u16(record.captureDeviceId).u16(record.imageAcquisitionLevel).u8(record.views.length).u8(record.scaleUnits);
  for (const [f, v] of [
    ['scanResolutionX', record.scanResolutionX],
    ['scanResolutionY', record.scanResolutionY],
    ['imageResolutionX', record.imageResolutionX],
    ['imageResolutionY', record.imageResolutionY],
  ] as const) {
    checkRange(FORMAT, w, f, v, 0, 0xffff);
    w.u16(v);
  }
  checkRange(FORMAT, w, 'pixelDepth', record.pixelDepth, 0, 255);
  checkRange(FORMAT, w, 'imageCompressionAlgorithm', record.compressionCode, 0, 255);
  w.u8(record.pixelDepth).u8(record.compressionCode).u16(0);
  for (const v of record.views) {
    const length = FINGER_IMAGE_VIEW_HEADER_BYTES + v.imageData.length;
    checkRange(FORMAT, w, 'fingerDataBlockLength', length, FINGER_IMAGE_VIEW_HEADER_BYTES, 0xffffffff);
    for (const [f, value] of [
      ['fingerPosition', v.fingerPosition],
      ['countOfViews', v.viewCount],
      ['viewNumber', v.viewNumber],
      ['fingerImageQuality', v.quality],
      ['impressionType', v.impressionType],
    ] as const) checkRange(FORMAT, w, f, value, 0, 255);
    checkRange(FORMAT, w, 'horizontalLineLength', v.width, 0, 0xffff);
    checkRange(FORMAT, w, 'verticalLineLength', v.height, 0, 0xffff);
    w.u32(length).u8(v.fingerPosition).u8(v.viewCount).u8(v.viewNumber).u8(v.quality).u8(v.impressionType).u16(v.width).u16(v.height).u8(0);
    w.bytes(v.imageData);
  }
  if (w.position > Number.MAX_SAFE_INTEGER) throw recordError(FORMAT, 'TOO_LARGE', 0, 'recordLength', 'record too large');
  w.patchU48(lengthAt, w.position);
  return w.toBytes();
}
