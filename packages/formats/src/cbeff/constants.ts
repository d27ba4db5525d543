/**
 * Every tunable and every magic number of the CBEFF codecs, in one place.
 */

/** Format names carried by FormatError, so an operator knows which container failed. */
export const ICAO_LDS_FORMAT = 'icao-lds-biometric';
export const CBEFF_XML_FORMAT = 'cbeff-xml';

/** BER-TLV limits: ICAO LDS tags are at most 3 bytes and lengths at most 4; anything longer is hostile. */
export const BER_MAX_TAG_BYTES = 4;
export const BER_MAX_LENGTH_BYTES = 4;

/** ICAO Doc 9303 part 10 (LDS) tags of the biometric information group template (ISO/IEC 7816-11). */
export const LDS_TAG = {
  biometricInformationGroup: 0x7f61,
  instanceCount: 0x02,
  biometricInformation: 0x7f60,
  biometricHeader: 0xa1,
  biometricDataBlock: 0x5f2e,
  biometricDataBlockEnciphered: 0x7f2e,
  headerVersion: 0x80,
  biometricType: 0x81,
  biometricSubtype: 0x82,
  creationDateTime: 0x83,
  validityPeriod: 0x85,
  creator: 0x86,
  formatOwner: 0x87,
  formatType: 0x88,
} as const;

/** Data group templates that wrap a 7F61 group: DG2 face, DG3 finger, DG4 iris. */
export const LDS_DATA_GROUP_TAG = { DG2: 0x75, DG3: 0x63, DG4: 0x76 } as const;
export type LdsDataGroup = keyof typeof LDS_DATA_GROUP_TAG;

/** Byte widths the LDS prescribes for the header's integer elements (used when encoding). */
export const LDS_INTEGER_WIDTH = {
  headerVersion: 2,
  biometricType: 1,
  biometricSubtype: 1,
  creator: 2,
  formatOwner: 2,
  formatType: 2,
} as const;
/** Integer elements are read from 1 to this many bytes. */
export const LDS_MAX_INTEGER_BYTES = 4;
/** BCD date-time YYYYMMDDhhmmss (7 bytes) and validity period YYYYMMDD YYYYMMDD (8 bytes). */
export const LDS_CREATION_DATE_TIME_BYTES = 7;
export const LDS_VALIDITY_PERIOD_BYTES = 8;
/** The instance count element: one byte in practice; allow a little more, never unbounded. */
export const LDS_MAX_COUNT_BYTES = 2;

/** ISO/IEC 19785-3 XML patron format namespace (the one MOSIP uses). */
export const CBEFF_XML_NAMESPACE = 'http://standards.iso.org/iso-iec/19785/-3/ed-2/';
/** Nested BIRs deeper than this are refused (MOSIP uses two levels). */
export const CBEFF_XML_MAX_BIR_DEPTH = 8;
/** Passed to the XML parser: deeper element nesting than any valid CBEFF document needs. */
export const CBEFF_XML_MAX_NESTED_TAGS = 64;
/** Quality scores are 0–100 (QualityScoreType). */
export const CBEFF_XML_MAX_QUALITY_SCORE = 100;
/** Indentation of the XML we write. */
export const CBEFF_XML_INDENT = '   ';
