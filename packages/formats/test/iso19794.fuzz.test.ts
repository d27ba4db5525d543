import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFormatError } from '../src/errors.js';
import { assertOnlyFormatErrors, fuzzRuns, fuzzTimeoutMs, mutatedBytes } from '../../../test-support/fuzz.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import {
  ansi378ToIso,
  decodeAnsi378_2004,
  decodeAnsi378_2009,
  decodeFaceImageRecord,
  decodeFingerImageRecord,
  decodeIso19794_2_2005,
  decodeIso19794_2_2011,
  decodeMinutiaeRecord,
  detectMinutiaeFormat,
  encodeCoreDelta,
  encodeFaceImageRecord,
  encodeFingerImageRecord,
  encodeMinutiaeRecord,
  encodeZonalQuality,
  isoToAnsi378,
  summarizeMinutiaeRecord,
} from '../src/index.js';

const samplesDir = sharedData('formats', 'iso19794-2');
const fvcFile = sharedData('fvc', 'fvc2002-db1b', '101_1.iso');

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** A small ISO 2005 seed with cores, deltas and zonal quality, so mutations reach those decoders too. */
function seedWithExtendedData(standard: 'iso-19794-2-2005' | 'ansi-378-2004' | 'iso-19794-2-2011' | 'ansi-378-2009', base: Uint8Array): Uint8Array {
  const record = decodeMinutiaeRecord(base);
  const view = record.views[0]!;
  const extendedData = [
    { typeCode: 2, data: encodeCoreDelta({ cores: [{ x: 10, y: 20, angleUnits: 30 }], deltas: [{ x: 40, y: 50, angleUnits: [1, 2, 3] }] }, standard) },
    ...(standard.startsWith('iso') ? [{ typeCode: 3, data: encodeZonalQuality({ zoneWidth: 200, zoneHeight: 200, bitsPerZone: 4, values: [1, 2, 3, 4, 5, 6] }) }] : []),
  ];
  return encodeMinutiaeRecord({ ...record, views: [{ ...view, minutiae: view.minutiae.slice(0, 4), extendedData }] });
}

describe.skipIf(!samplesDir)(`ISO 19794 / ANSI 378 decoders under mutated input${samplesDir ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  // A skipped describe still executes its body: read nothing when the samples are absent.
  const sample = (name: string) => (samplesDir ? read(join(samplesDir, name)) : new Uint8Array(0));
  const iso2005 = sample('iso19794p2v2005-sample.dat');
  const iso2011 = sample('iso19794p2v2011-sample.dat');
  const ansi2004 = sample('ansi378v2004-sample.dat');
  const ansi2009 = sample('ansi378v2009-sample.dat');
  const fvc = fvcFile ? [read(fvcFile)] : [];

  it(`ISO 19794-2:2005 (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([iso2005, seedWithExtendedData('iso-19794-2-2005', iso2005), ...fvc], decodeIso19794_2_2005);
  });

  it(`ANSI 378-2004 (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([ansi2004, seedWithExtendedData('ansi-378-2004', ansi2004)], decodeAnsi378_2004);
  });

  it(`ISO 19794-2:2011 (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([iso2011, seedWithExtendedData('iso-19794-2-2011', iso2011)], decodeIso19794_2_2011);
  });

  it(`ANSI 378-2009 (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([ansi2009, seedWithExtendedData('ansi-378-2009', ansi2009)], decodeAnsi378_2009);
  });

  it(`detection, decoding, summary, conversion and re-encoding of whatever decodes (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([iso2005, iso2011, ansi2004, ansi2009], (bytes) => {
      detectMinutiaeFormat(bytes);
      const record = decodeMinutiaeRecord(bytes);
      summarizeMinutiaeRecord(record);
      // Whatever decodes must encode again; conversions may refuse only with a FormatError.
      encodeMinutiaeRecord(record);
      encodeMinutiaeRecord(record.standard.startsWith('iso') ? isoToAnsi378(record) : ansi378ToIso(record));
    });
  });

  it(`whatever decodes re-encodes without error and decodes again to the same minutiae (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    const seeds = [iso2005, iso2011, ansi2004, ansi2009];
    fc.assert(
      fc.property(fc.constantFrom(...seeds).chain((s) => mutatedBytes(s)), (bytes) => {
        let record;
        try {
          record = decodeMinutiaeRecord(bytes);
        } catch (e) {
          if (isFormatError(e)) return;
          throw e;
        }
        const again = decodeMinutiaeRecord(encodeMinutiaeRecord(record));
        expect(again.standard).toBe(record.standard);
        expect(again.views.map((v) => v.minutiae)).toEqual(record.views.map((v) => v.minutiae));
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('ISO 19794-4 / 19794-5 decoders under mutated input', () => {
  const raw = Uint8Array.from({ length: 8 * 6 }, (_, i) => i);
  const fingerImage = encodeFingerImageRecord({
    captureDeviceId: 1,
    imageAcquisitionLevel: 31,
    scaleUnits: 1,
    scanResolutionX: 500,
    scanResolutionY: 500,
    imageResolutionX: 500,
    imageResolutionY: 500,
    pixelDepth: 8,
    compressionCode: 0,
    views: [
      { fingerPosition: 1, viewCount: 1, viewNumber: 1, quality: 50, impressionType: 0, width: 8, height: 6, imageData: raw },
      { fingerPosition: 6, viewCount: 1, viewNumber: 1, quality: 60, impressionType: 0, width: 8, height: 6, imageData: raw },
    ],
  });
  const faceImage = encodeFaceImageRecord({
    faces: [
      {
        gender: 1,
        eyeColour: 2,
        hairColour: 3,
        featureMask: 1,
        expression: 1,
        poseAngle: { yaw: 0, pitch: 0, roll: 0 },
        poseAngleUncertainty: { yaw: 0, pitch: 0, roll: 0 },
        featurePoints: [{ type: 1, majorCode: 12, minorCode: 1, x: 10, y: 20, reserved: 0 }],
        faceImageType: 1,
        imageDataTypeCode: 0,
        width: 8,
        height: 6,
        colourSpace: 1,
        sourceType: 2,
        deviceType: 0,
        quality: 0,
        imageData: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9),
      },
    ],
  });

  it('the seeds decode', () => {
    expect(decodeFingerImageRecord(fingerImage).views).toHaveLength(2);
    expect(decodeFaceImageRecord(faceImage).faces).toHaveLength(1);
  });

  it(`ISO 19794-4:2005 finger image (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([fingerImage], (bytes) => encodeFingerImageRecord(decodeFingerImageRecord(bytes)));
  });

  it(`ISO 19794-5:2005 face image (${fuzzRuns} inputs)`, { timeout: fuzzTimeoutMs }, () => {
    assertOnlyFormatErrors([faceImage], (bytes) => encodeFaceImageRecord(decodeFaceImageRecord(bytes)));
  });
});

