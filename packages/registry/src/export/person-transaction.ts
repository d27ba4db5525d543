import { faceImageRecord, writeAnsiNist, type AnsiNistField, type AnsiNistTaggedRecord, type FaceColorSpace, type FaceCompression } from '@kura/formats';
import { isoTime, type ExportedPerson } from './exported-person.js';
import { TYPE1, TYPE10, TYPE14, TYPE2 } from './export-layout.js';

const text = (number: number, ...subfields: string[][]): AnsiNistField => ({ kind: 'text', number, subfields });
const one = (number: number, value: string): AnsiNistField => text(number, [value]);
const yyyymmdd = (value: Date | string): string => isoTime(value).slice(0, 10).replaceAll('-', '');

/**
 * One person as an ANSI/NIST-ITL 1-2011 transaction: Type-1, Type-2 in the Kura layout, then one
 * Type-14 per stored fingerprint image holding the stored WSQ bytes unchanged, then one Type-10 per
 * stored face holding its bytes unchanged. Nothing in it depends on when the export runs (the date is
 * the record's last change), so the same register always gives the same bytes. `images` maps
 * SHA-256 → bytes for every finger image and face.
 */
export function personTransaction(p: ExportedPerson, images: ReadonlyMap<string, Uint8Array>, agency: string = TYPE1.defaultAgency): Uint8Array {
  const person = p.person;
  const type1: AnsiNistTaggedRecord = {
    kind: 'tagged',
    type: 1,
    fields: [
      one(2, TYPE1.version),
      text(3, ['1', '0']),
      one(4, TYPE1.transactionType),
      one(5, yyyymmdd(person.updated_at)),
      one(7, agency),
      one(8, agency),
      one(9, `${person.uin}-${person.version}`),
      one(11, TYPE1.noResolution),
      one(12, TYPE1.noResolution),
      text(13, [...TYPE1.domain]),
      text(15, [...TYPE1.characterSet]),
    ],
  };
  const type2Fields: AnsiNistField[] = [one(2, '0'), one(TYPE2.layout, `KURA-${TYPE1.domain[1]}`)];
  const optional = (number: number, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') type2Fields.push(one(number, value));
  };
  optional(TYPE2.uin, person.uin);
  optional(TYPE2.nina, person.nina);
  optional(TYPE2.status, person.status);
  optional(TYPE2.mergedIntoUin, person.merged_into_uin);
  optional(TYPE2.version, String(person.version));
  optional(TYPE2.createdAt, isoTime(person.created_at));
  optional(TYPE2.updatedAt, isoTime(person.updated_at));
  optional(TYPE2.familyNames, person.family_names);
  optional(TYPE2.givenNames, person.given_names);
  optional(TYPE2.sex, person.sex);
  optional(TYPE2.birthDate, person.birth_date);
  optional(TYPE2.birthPlaceCode, person.birth_place_code);
  optional(TYPE2.fatherName, person.father_name);
  optional(TYPE2.motherName, person.mother_name);
  optional(TYPE2.nationality, person.nationality);
  optional(TYPE2.residenceCommuneCode, person.residence_commune_code);

  const missing: string[][] = [];
  const listed: string[][] = [];
  const type14: AnsiNistTaggedRecord[] = [];
  for (const e of p.enrollments) {
    for (const m of e.row.missing_fingers) missing.push([String(e.ordinal), String(m.position), m.reason]);
    for (const f of e.fingers) {
      if (!f.image_sha256) continue;
      const bytes = images.get(f.image_sha256);
      if (!bytes) throw new Error(`image ${f.image_sha256} of ${person.uin} finger ${f.position} is missing from the image store`);
      const idc = String(type14.length + 1);
      listed.push([idc, String(e.ordinal), String(f.position), f.image_sha256]);
      type14.push({
        kind: 'tagged',
        type: 14,
        fields: [
          one(2, idc),
          one(TYPE14.impressionType, TYPE14.livescanPlain),
          one(TYPE14.sourceAgency, agency),
          one(TYPE14.captureDate, yyyymmdd(e.row.created_at)),
          one(TYPE14.horizontalLineLength, String(f.width ?? 0)),
          one(TYPE14.verticalLineLength, String(f.height ?? 0)),
          one(TYPE14.scaleUnits, TYPE14.pixelsPerInch),
          one(TYPE14.horizontalPixelScale, String(f.ppi ?? 0)),
          one(TYPE14.verticalPixelScale, String(f.ppi ?? 0)),
          one(TYPE14.compression, TYPE14.wsq),
          one(TYPE14.bitsPerPixel, '8'),
          one(TYPE14.fingerPosition, String(f.position)),
          { kind: 'binary', number: 999, data: bytes },
        ],
      });
    }
  }
  // Type-10 IDCs follow the Type-14 ones: fingers.csv's record_idc stays what it was before faces.
  const facesListed: string[][] = [];
  const type10: AnsiNistTaggedRecord[] = [];
  for (const face of p.faces) {
    const f = face.row;
    const bytes = images.get(f.sha256);
    if (!bytes) throw new Error(`face image ${f.sha256} of ${person.uin} is missing from the image store`);
    const idc = faceRecordIdc(type14.length, face.ordinal);
    facesListed.push([String(idc), String(face.ordinal), face.enrollment === null ? '' : String(face.enrollment), f.sha256]);
    type10.push(
      faceImageRecord({
        idc,
        sourceAgency: agency,
        photoDate: f.captured_on ?? yyyymmdd(f.created_at),
        width: f.width ?? TYPE10.unknownSize,
        height: f.height ?? TYPE10.unknownSize,
        compression: f.compression as FaceCompression,
        colorSpace: (f.color_space ?? TYPE10.unknownColorSpace) as FaceColorSpace,
        image: bytes,
      }),
    );
  }
  if (missing.length > 0) type2Fields.push(text(TYPE2.missingFingers, ...missing));
  if (listed.length > 0) type2Fields.push(text(TYPE2.images, ...listed));
  if (facesListed.length > 0) type2Fields.push(text(TYPE2.faces, ...facesListed));
  const type2: AnsiNistTaggedRecord = { kind: 'tagged', type: 2, fields: type2Fields };
  try {
    return writeAnsiNist({ records: [type1, type2, ...type14, ...type10] });
  } catch (error) {
    throw new Error(`cannot write the transaction of ${person.uin}: ${(error as Error).message}`, { cause: error });
  }
}

/** The IDC of a person's face number `ordinal` (1, 2 …) in a transaction holding `fingerImages` Type-14 records. */
export const faceRecordIdc = (fingerImages: number, ordinal: number): number => fingerImages + ordinal;
