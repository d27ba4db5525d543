/**
 * The Kura export layout, declared once: folder layout, ANSI/NIST-ITL field numbers, CSV columns.
 * docs/export-format.md describes the same layout for people who read the files without Kura; a
 * change here is a change of EXPORT_FORMAT_VERSION.
 */

export const EXPORT_FORMAT = 'kura-register-export';
/**
 * 2: fingers received only as a template are exported too (`templates/`, fingers.csv `template_file`).
 * 3: face images (Type-10 records, Type-2 field 42, `faces.csv`).
 */
export const EXPORT_FORMAT_VERSION = 3;
/** Format versions `verify` (and the restore, from 2) read. */
export const READABLE_FORMAT_VERSIONS = [1, 2, 3] as const;
/** First format version with faces (`faces.csv`). */
export const FACES_FORMAT_VERSION = 3;
/**
 * Version of the Type-2 layout below (unchanged since format 1: the transaction of a person without
 * a face is the same bytes; field 42 only appears beside Type-10 records, and only adds).
 */
export const TYPE2_LAYOUT_VERSION = 1;

export const EXPORT_FILES = {
  personsFolder: 'persons',
  templatesFolder: 'templates',
  people: 'people.csv',
  identifiers: 'identifiers.csv',
  history: 'history.csv',
  enrollments: 'enrollments.csv',
  fingers: 'fingers.csv',
  faces: 'faces.csv',
  publicKey: 'signing-key.pub.pem',
  manifest: 'manifest.json',
  signature: 'manifest.sig',
} as const;

/** The transaction of one person: `persons/<UIN>.an2`. */
export const transactionPath = (uin: string): string => `${EXPORT_FILES.personsFolder}/${uin}.an2`;

/** A finger received only as a template: `templates/<UIN>-<enrollment>-<position>.fmr` (ISO/IEC 19794-2 or ANSI 378 record). */
export const templatePath = (uin: string, enrollment: number, position: number): string => `${EXPORT_FILES.templatesFolder}/${uin}-${enrollment}-${position}.fmr`;

/** Type-1 (ANSI/NIST-ITL 1-2011, version 0500). */
export const TYPE1 = {
  version: '0500',
  /** TOT: a register export, one person per transaction. */
  transactionType: 'KURAEXP',
  /** DAI / ORI when the deployment gives no agency identifier. */
  defaultAgency: 'KURA',
  /** DOM: the Type-2 layout below, and its version. */
  domain: ['KURA', String(TYPE2_LAYOUT_VERSION)],
  /** DCS: character set 3 = UTF-8 (names keep their accents). */
  characterSet: ['3', 'UTF-8'],
  /** NSR / NTR: no Type-4 records, so no native scanning resolution applies. */
  noResolution: '00.00',
} as const;

/** Type-2 fields of the Kura layout (user-defined fields, numbers 3 and up). Absent values are left out. */
export const TYPE2 = {
  layout: 3,
  uin: 10,
  nina: 11,
  status: 12,
  mergedIntoUin: 13,
  version: 14,
  createdAt: 15,
  updatedAt: 16,
  familyNames: 20,
  givenNames: 21,
  sex: 22,
  /** As stored: YYYY, YYYY-MM or YYYY-MM-DD (the legacy register has partial dates). */
  birthDate: 23,
  birthPlaceCode: 24,
  fatherName: 25,
  motherName: 26,
  nationality: 27,
  residenceCommuneCode: 28,
  /** One subfield per missing finger: enrollment, position, reason. */
  missingFingers: 40,
  /** One subfield per Type-14 record: IDC, enrollment, finger position, image SHA-256. */
  images: 41,
  /** One subfield per Type-10 record: IDC, face number, enrollment (empty: received without one), image SHA-256. */
  faces: 42,
} as const;

/** Type-14 (variable-resolution fingerprint image) fields used. */
export const TYPE14 = {
  impressionType: 3,
  sourceAgency: 4,
  captureDate: 5,
  horizontalLineLength: 6,
  verticalLineLength: 7,
  scaleUnits: 8,
  horizontalPixelScale: 9,
  verticalPixelScale: 10,
  compression: 11,
  bitsPerPixel: 12,
  fingerPosition: 13,
  /** IMP 0: live-scan plain (the enrollment stations capture flat impressions). */
  livescanPlain: '0',
  /** SLC 1: pixels per inch. */
  pixelsPerInch: '1',
  wsq: 'WSQ20',
} as const;

/** Type-10 (facial image): the fields are the formats package's (faceImageRecord); what Kura writes when the source said nothing. */
export const TYPE10 = {
  /** 10.006 / 10.007 when the size is unknown (never for an image whose header gives it). */
  unknownSize: 0,
  /** 10.012 CSP when the source gave none. */
  unknownColorSpace: 'UNK',
} as const;

/** CSV columns, in file order. Rows are in UIN order, then as listed beside each file. */
export const CSV_COLUMNS = {
  people: [
    'uin', 'nina', 'status', 'merged_into_uin', 'family_names', 'given_names', 'sex', 'birth_date', 'birth_place_code',
    'father_name', 'mother_name', 'nationality', 'residence_commune_code', 'version', 'created_at', 'updated_at',
  ],
  /** Then by scheme (UIN first, then NINA). */
  identifiers: ['uin', 'scheme', 'identifier'],
  /** Then by version. `data` is the version's record as JSON with sorted keys. */
  history: ['uin', 'version', 'changed_at', 'changed_by', 'reason', 'request_id', 'data'],
  /** Then by enrollment (1 = oldest). */
  enrollments: ['uin', 'enrollment', 'status', 'created_at', 'created_by', 'fingers_captured', 'fingers_missing'],
  /**
   * Then by enrollment and finger position; `record_idc` names the Type-14 record holding the image,
   * `template_file` the template file of a finger received only as a template.
   */
  fingers: [
    'uin', 'enrollment', 'position', 'state', 'missing_reason', 'source_format', 'image_sha256', 'image_media_type',
    'width', 'height', 'ppi', 'quality', 'minutiae', 'record_idc', 'template_file',
  ],
  /**
   * Then by face number (1 = oldest); `enrollment` is the enrollment the face came with (empty: it
   * came without one), `record_idc` the Type-10 record holding the image. Format 3 and later.
   */
  faces: [
    'uin', 'face', 'enrollment', 'image_sha256', 'image_media_type', 'compression', 'width', 'height', 'color_space', 'captured_on',
    'created_at', 'size_bytes', 'record_idc',
  ],
} as const;

export const EXPORT_PARAMETERS = {
  /** People read per database round trip. */
  pageSize: 500,
  /** Transaction files written at the same time. */
  writeConcurrency: 16,
} as const;
