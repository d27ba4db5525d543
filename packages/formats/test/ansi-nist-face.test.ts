import { describe, expect, it } from 'vitest';
import {
  faceImageRecord,
  imageHeaderSize,
  parseAnsiNist,
  readFaceImageRecord,
  writeAnsiNist,
  type AnsiNistField,
  type AnsiNistTaggedRecord,
} from '../src/ansi-nist/index.js';

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** A PNG's signature and IHDR (64 × 80, 8-bit grey), then bytes standing for the rest. */
const png = concat(hex('89504e470d0a1a0a 0000000d 49484452 00000040 00000050 0800000000'), new TextEncoder().encode('rest of the png'));
/** A JPEG: SOI, an APP0 segment, SOF0 (8 bits, 120 lines, 96 columns, 1 component), EOI. */
const jpeg = hex('ffd8 ffe0 0010 4a46494600 0101 00 0001 0001 0000 ffc0 000b 08 0078 0060 01 011100 ffd9');
/** A JPEG 2000 codestream: SOC, then SIZ (Lsiz, Rsiz, Xsiz 300, Ysiz 400, XOsiz 0, YOsiz 0 …). */
const j2k = concat(hex('ff4f ff51 0029 0000 0000012c 00000190 00000000 00000000'), new Uint8Array(40));

const type1: AnsiNistTaggedRecord = {
  kind: 'tagged',
  type: 1,
  fields: [
    { kind: 'text', number: 2, subfields: [['0500']] },
    { kind: 'text', number: 4, subfields: [['TEST']] },
  ],
};
const text = (number: number, value: string): AnsiNistField => ({ kind: 'text', number, subfields: [[value]] });
const record = (fields: AnsiNistField[]): AnsiNistTaggedRecord => ({ kind: 'tagged', type: 10, fields: [text(2, '1'), ...fields] });

describe('Type-10 face records', () => {
  it('writes a face record with the mandatory fields that reads back to the same bytes and values', () => {
    const written = writeAnsiNist({
      records: [type1, faceImageRecord({ idc: 3, sourceAgency: 'KURA', photoDate: '20240131', width: 64, height: 80, compression: 'PNG', colorSpace: 'GRAY', image: png })],
    });
    const face = parseAnsiNist(written).records[1] as AnsiNistTaggedRecord;
    const values = face.fields.filter((f) => f.kind === 'text').map((f) => [f.number, (f as { subfields: string[][] }).subfields[0]![0]]);
    expect(values).toEqual([
      [1, String(written.length - (parseAnsiNist(written).source!.recordOffsets[1] ?? 0))],
      [2, '3'],
      [3, 'FACE'],
      [4, 'KURA'],
      [5, '20240131'],
      [6, '64'],
      [7, '80'],
      [8, '0'],
      [9, '1'],
      [10, '1'],
      [11, 'PNG'],
      [12, 'GRAY'],
      [13, '1'],
    ]);
    const read = readFaceImageRecord(face);
    expect(read).toMatchObject({ kind: 'face', face: { idc: 3, compression: 'PNG', mediaType: 'image/png', width: 64, height: 80, colorSpace: 'GRAY', photoDate: '20240131' } });
    expect(read.kind === 'face' && Buffer.from(read.face.data).equals(Buffer.from(png))).toBe(true);
  });

  it('refuses a photo date that is not YYYYMMDD', () => {
    expect(() => faceImageRecord({ idc: 1, sourceAgency: 'K', photoDate: '2024-01-31', width: 1, height: 1, compression: 'PNG', colorSpace: 'UNK', image: png })).toThrow(RangeError);
  });

  it('reads the size from the image header when HLL and VLL are missing, and the compression from the bytes when CGA is', () => {
    expect(readFaceImageRecord(record([text(3, 'FACE'), { kind: 'binary', number: 999, data: png }]))).toMatchObject({
      kind: 'face',
      face: { compression: 'PNG', width: 64, height: 80, colorSpace: undefined, photoDate: undefined },
    });
    expect(readFaceImageRecord(record([text(11, 'JPEGB'), { kind: 'binary', number: 999, data: jpeg }]))).toMatchObject({ kind: 'face', face: { compression: 'JPEGB', mediaType: 'image/jpeg', width: 96, height: 120 } });
    expect(readFaceImageRecord(record([text(11, 'JP2L'), { kind: 'binary', number: 999, data: j2k }]))).toMatchObject({ kind: 'face', face: { compression: 'JP2L', mediaType: 'image/jp2', width: 300, height: 400 } });
    // Numeric CGA of older versions: 2 = JPEG.
    expect(readFaceImageRecord(record([text(11, '2'), { kind: 'binary', number: 999, data: jpeg }]))).toMatchObject({ kind: 'face', face: { compression: 'JPEGB' } });
  });

  it('keeps the declared size over the header, and reads raw pixels whose length matches size and colour space', () => {
    expect(readFaceImageRecord(record([text(6, '10'), text(7, '20'), text(11, 'PNG'), { kind: 'binary', number: 999, data: png }]))).toMatchObject({ kind: 'face', face: { width: 10, height: 20 } });
    const raw = new Uint8Array(4 * 3 * 3);
    expect(readFaceImageRecord(record([text(6, '4'), text(7, '3'), text(11, 'NONE'), text(12, 'RGB'), { kind: 'binary', number: 999, data: raw }]))).toMatchObject({
      kind: 'face',
      face: { compression: 'NONE', mediaType: 'application/octet-stream', width: 4, height: 3, colorSpace: 'RGB' },
    });
  });

  it('tells a face it cannot read from a record that is not a face', () => {
    expect(readFaceImageRecord(record([text(3, 'TATTOO'), { kind: 'binary', number: 999, data: jpeg }]))).toEqual({ kind: 'not-a-face', imageType: 'TATTOO' });
    const unreadable = (fields: AnsiNistField[]) => readFaceImageRecord(record(fields)).kind;
    expect(unreadable([text(3, 'FACE'), text(11, 'PNG')])).toBe('unreadable');
    expect(unreadable([text(11, 'PNG'), { kind: 'binary', number: 999, data: new Uint8Array(0) }])).toBe('unreadable');
    expect(unreadable([text(11, 'PNG'), { kind: 'binary', number: 999, data: new TextEncoder().encode('DAMAGED! not a png') }])).toBe('unreadable');
    expect(unreadable([text(11, 'PNG'), { kind: 'binary', number: 999, data: jpeg }])).toBe('unreadable');
    expect(unreadable([text(11, 'WSQ20'), { kind: 'binary', number: 999, data: jpeg }])).toBe('unreadable');
    expect(unreadable([{ kind: 'binary', number: 999, data: new Uint8Array([1, 2, 3, 4]) }])).toBe('unreadable');
    // A PNG cut inside its header, a JPEG without a frame header, raw pixels of the wrong length.
    expect(unreadable([text(11, 'PNG'), { kind: 'binary', number: 999, data: png.subarray(0, 18) }])).toBe('unreadable');
    expect(unreadable([text(11, 'JPEGB'), { kind: 'binary', number: 999, data: hex('ffd8 ffd9 0000 0000 0000 00') }])).toBe('unreadable');
    expect(unreadable([text(6, '4'), text(7, '3'), text(11, 'NONE'), text(12, 'GRAY'), { kind: 'binary', number: 999, data: new Uint8Array(11) }])).toBe('unreadable');
    expect(unreadable([text(11, 'NONE'), text(12, 'GRAY'), { kind: 'binary', number: 999, data: new Uint8Array(12) }])).toBe('unreadable');
  });

  it('reads the size of a JP2 file from its ihdr box', () => {
    // File type boxes, then jp2h holding ihdr (height 50, width 40).
    const jp2 = hex('0000000c 6a502020 0d0a870a 00000014 66747970 6a703220 00000000 6a703220 0000002d 6a703268 00000016 69686472 00000032 00000028 0001 07 07 00 00');
    expect(imageHeaderSize(jp2, 'jpeg2000')).toEqual({ width: 40, height: 50 });
  });
});
