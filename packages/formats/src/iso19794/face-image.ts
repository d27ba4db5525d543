import { FACE_FEATURE_POINT_BYTES, FACE_HEADER_BYTES, FACE_IMAGE_INFORMATION_BYTES, FACE_INFORMATION_BYTES, FAC_MAGIC, FORMAT_NAMES, VERSION_FACE_IMAGE_2005 } from './constants.js';
import { checkRange } from './minutia-codec.js';
import { RecordReader } from './record-reader.js';
import { readMagic, readVersionText, reportLengthMismatch } from './record-header.js';
import { RecordWriter } from './record-writer.js';

/** Face image data types of ISO/IEC 19794-5:2005 (0 JPEG, 1 JPEG 2000). */
export type FaceImageDataType = 'jpeg' | 'jpeg2000' | 'unknown';

export function faceImageDataTypeName(code: number): FaceImageDataType {
  return code === 0 ? 'jpeg' : code === 1 ? 'jpeg2000' : 'unknown';
}

/** A landmark: MPEG-4 feature point (type 1), code major.minor (e.g. 12.1 = right eye centre). */
export interface FaceFeaturePoint {
  readonly type: number;
  readonly majorCode: number;
  readonly minorCode: number;
  readonly x: number;
  readonly y: number;
  readonly reserved: number;
}

export interface FaceAngles {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

export interface FaceImage {
  /** 0 unspecified, 1 male, 2 female, 0xFF unknown. */
  readonly gender: number;
  readonly eyeColour: number;
  readonly hairColour: number;
  /** 24-bit mask of properties (glasses, moustache, …). */
  readonly featureMask: number;
  readonly expression: number;
  /** Encoded pose angles (0 unspecified, 1–181 for −180…+180 in 2° steps). */
  readonly poseAngle: FaceAngles;
  readonly poseAngleUncertainty: FaceAngles;
  readonly featurePoints: readonly FaceFeaturePoint[];
  /** 0 basic, 1 full frontal, 2 token frontal. */
  readonly faceImageType: number;
  readonly imageDataTypeCode: number;
  /** Derived from imageDataTypeCode. */
  readonly imageDataType: FaceImageDataType;
  readonly width: number;
  readonly height: number;
  readonly colourSpace: number;
  readonly sourceType: number;
  readonly deviceType: number;
  readonly quality: number;
  /** The JPEG / JPEG 2000 bytes (a copy, safe to keep). */
  readonly imageData: Uint8Array;
}

export interface FaceImageRecord {
  readonly declaredLength: number;
  readonly faces: readonly FaceImage[];
  readonly warnings: readonly string[];
}

const FORMAT = FORMAT_NAMES['iso-19794-5-2005'];

/** Decodes an ISO/IEC 19794-5:2005 face image record ("FAC\0", "010\0"). */
export function decodeFaceImageRecord(bytes: Uint8Array): FaceImageRecord {
  const r = new RecordReader(FORMAT, bytes);
  const warnings: string[] = [];
  readMagic(r, FAC_MAGIC);
  readVersionText(r, [VERSION_FACE_IMAGE_2005]);
  const declaredLength = r.u32('recordLength');
  if (declaredLength < FACE_HEADER_BYTES) throw r.error('BAD_LENGTH', 8, 'recordLength', `record length ${declaredLength} is shorter than the ${FACE_HEADER_BYTES}-byte header`);
  if (declaredLength > bytes.length) throw r.error('TRUNCATED', 8, 'recordLength', `record length ${declaredLength} runs past the ${bytes.length} bytes given`);
  const countOffset = r.pos;
  const count = r.u16('numberOfFacialImages');
  const minimumFace = FACE_INFORMATION_BYTES + FACE_IMAGE_INFORMATION_BYTES;
  if (count * minimumFace > r.remaining) throw r.error('BAD_COUNT', countOffset, 'numberOfFacialImages', `${count} facial images cannot fit in the ${r.remaining} bytes left`);
  const faces: FaceImage[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const length = r.u32('facialRecordDataLength');
    if (length < minimumFace) throw r.error('BAD_LENGTH', start, 'facialRecordDataLength', `facial record length ${length} is below the ${minimumFace}-byte minimum`);
    if (length - 4 > r.remaining) throw r.error('TRUNCATED', start, 'facialRecordDataLength', `facial record length ${length} runs past the end of the input`);
    const face = new RecordReader(FORMAT, bytes, r.pos, start + length);
    faces.push(readFace(face));
    r.pos = start + length;
  }
  reportLengthMismatch(warnings, declaredLength, r.pos, bytes.length);
  return { declaredLength, faces, warnings };
}

function readFace(r: RecordReader): FaceImage {
  const pointCountOffset = r.pos;
  const pointCount = r.u16('numberOfFeaturePoints');
  const gender = r.u8('gender');
  const eyeColour = r.u8('eyeColour');
  const hairColour = r.u8('hairColour');
  const featureMask = r.u24('featureMask');
  const expression = r.u16('expression');
  const poseAngle = { yaw: r.u8('poseAngle.yaw'), pitch: r.u8('poseAngle.pitch'), roll: r.u8('poseAngle.roll') };
  const poseAngleUncertainty = { yaw: r.u8('poseAngleUncertainty.yaw'), pitch: r.u8('poseAngleUncertainty.pitch'), roll: r.u8('poseAngleUncertainty.roll') };
  if (pointCount * FACE_FEATURE_POINT_BYTES + FACE_IMAGE_INFORMATION_BYTES > r.remaining) {
    throw r.error('BAD_COUNT', pointCountOffset, 'numberOfFeaturePoints', `${pointCount} feature points cannot fit in the facial record`);
  }
  const featurePoints: FaceFeaturePoint[] = [];
  for (let p = 0; p < pointCount; p++) {
    const type = r.u8('featurePoint.type');
    const code = r.u8('featurePoint.code');
    featurePoints.push({ type, majorCode: code >> 4, minorCode: code & 0x0f, x: r.u16('featurePoint.x'), y: r.u16('featurePoint.y'), reserved: r.u16('featurePoint.reserved') });
  }
  const faceImageType = r.u8('faceImageType');
  const imageDataTypeCode = r.u8('imageDataType');
  const width = r.u16('width');
  const height = r.u16('height');
  const colourSpace = r.u8('imageColourSpace');
  const sourceType = r.u8('sourceType');
  const deviceType = r.u16('deviceType');
  const quality = r.u16('quality');
  const imageData = r.take(r.remaining, 'imageData').slice();
  return {
    gender,
    eyeColour,
    hairColour,
    featureMask,
    expression,
    poseAngle,
    poseAngleUncertainty,
    featurePoints,
    faceImageType,
    imageDataTypeCode,
    imageDataType: faceImageDataTypeName(imageDataTypeCode),
    width,
    height,
    colourSpace,
    sourceType,
    deviceType,
    quality,
    imageData,
  };
}

export type FaceImageInput = Omit<FaceImage, 'imageDataType'>;

/** Encodes an ISO/IEC 19794-5:2005 face image record; lengths are computed. */
export function encodeFaceImageRecord(record: { readonly faces: readonly FaceImageInput[] }): Uint8Array {
  const w = new RecordWriter();
  w.bytes(FAC_MAGIC).bytes([...VERSION_FACE_IMAGE_2005].map((c) => c.charCodeAt(0))).u8(0);
  const lengthAt = w.position;
  w.u32(0);
  checkRange(FORMAT, w, 'numberOfFacialImages', record.faces.length, 0, 0xffff);
  w.u16(record.faces.length);
  for (const f of record.faces) {
    const start = w.position;
    w.u32(0);
    checkRange(FORMAT, w, 'numberOfFeaturePoints', f.featurePoints.length, 0, 0xffff);
    const bytesFields = [
      ['gender', f.gender],
      ['eyeColour', f.eyeColour],
      ['hairColour', f.hairColour],
    ] as const;
    for (const [name, v] of bytesFields) checkRange(FORMAT, w, name, v, 0, 255);
    checkRange(FORMAT, w, 'featureMask', f.featureMask, 0, 0xffffff);
    checkRange(FORMAT, w, 'expression', f.expression, 0, 0xffff);
    w.u16(f.featurePoints.length).u8(f.gender).u8(f.eyeColour).u8(f.hairColour).u24(f.featureMask).u16(f.expression);
    for (const [name, a] of [
      ['poseAngle', f.poseAngle],
      ['poseAngleUncertainty', f.poseAngleUncertainty],
    ] as const) {
      for (const k of ['yaw', 'pitch', 'roll'] as const) {
        checkRange(FORMAT, w, `${name}.${k}`, a[k], 0, 255);
        w.u8(a[k]);
      }
    }
    for (const p of f.featurePoints) {
      checkRange(FORMAT, w, 'featurePoint.type', p.type, 0, 255);
      checkRange(FORMAT, w, 'featurePoint.majorCode', p.majorCode, 0, 15);
      checkRange(FORMAT, w, 'featurePoint.minorCode', p.minorCode, 0, 15);
      for (const [name, v] of [
        ['featurePoint.x', p.x],
        ['featurePoint.y', p.y],
        ['featurePoint.reserved', p.reserved],
      ] as const) checkRange(FORMAT, w, name, v, 0, 0xffff);
      w.u8(p.type).u8((p.majorCode << 4) | p.minorCode).u16(p.x).u16(p.y).u16(p.reserved);
    }
    for (const [name, v, max] of [
      ['faceImageType', f.faceImageType, 255],
      ['imageDataType', f.imageDataTypeCode, 255],
      ['width', f.width, 0xffff],
      ['height', f.height, 0xffff],
      ['imageColourSpace', f.colourSpace, 255],
      ['sourceType', f.sourceType, 255],
      ['deviceType', f.deviceType, 0xffff],
      ['quality', f.quality, 0xffff],
    ] as const) checkRange(FORMAT, w, name, v, 0, max);
    w.u8(f.faceImageType).u8(f.imageDataTypeCode).u16(f.width).u16(f.height).u8(f.colourSpace).u8(f.sourceType).u16(f.deviceType).u16(f.quality);
    w.bytes(f.imageData);
    checkRange(FORMAT, w, 'facialRecordDataLength', w.position - start, 0, 0xffffffff);
    w.patchU32(start, w.position - start);
  }
  checkRange(FORMAT, w, 'recordLength', w.position, 0, 0xffffffff);
  w.patchU32(lengthAt, w.position);
  return w.toBytes();
}
