/**
 * Every fixed number of the ISO/IEC 19794 (2005, 2011) and ANSI INCITS 378 records handled here:
 * signatures, header sizes, unit conversions and decoder limits. Tunables live here and nowhere else.
 */

/** Names used in FormatError.format, one per record family. */
export const FORMAT_NAMES = {
  'iso-19794-2-2005': 'ISO/IEC 19794-2:2005',
  'iso-19794-2-2011': 'ISO/IEC 19794-2:2011',
  'ansi-378-2004': 'ANSI INCITS 378-2004',
  'ansi-378-2009': 'ANSI INCITS 378-2009',
  'iso-19794-4-2005': 'ISO/IEC 19794-4:2005',
  'iso-19794-5-2005': 'ISO/IEC 19794-5:2005',
} as const;

/** "FMR\0": finger minutiae record (ISO 19794-2 and ANSI 378). */
export const FMR_MAGIC = [0x46, 0x4d, 0x52, 0x00] as const;
/** "FIR\0": finger image record (ISO 19794-4). */
export const FIR_MAGIC = [0x46, 0x49, 0x52, 0x00] as const;
/** "FAC\0": face image record (ISO 19794-5). */
export const FAC_MAGIC = [0x46, 0x41, 0x43, 0x00] as const;

/** Version field texts (the 4th byte is always NUL). */
export const VERSION_2005 = ' 20'; // ISO 19794-2:2005 and ANSI 378-2004
export const VERSION_2004_ALTERNATE = '020'; // seen in ANSI 378-2004 files from some writers
export const VERSION_2011 = '030'; // ISO 19794-2:2011 and ANSI 378-2009
export const VERSION_FINGER_IMAGE_2005 = ' 10';
export const VERSION_FACE_IMAGE_2005 = '010';

/** Header sizes in bytes. */
export const ISO_2005_HEADER_BYTES = 24;
export const ANSI_2004_HEADER_BYTES = 26; // with the short (2-byte) record length
export const ANSI_2004_LONG_LENGTH_EXTRA_BYTES = 4; // a 0x0000 length is followed by a 4-byte one
export const ANSI_2009_HEADER_BYTES = 21;
export const ISO_2011_HEADER_BYTES = 15;
export const ISO_2011_REPRESENTATION_MIN_BYTES = 34; // fixed part with no quality and no certification block
export const ISO_2011_QUALITY_BLOCK_BYTES = 5; // quality, vendor id, algorithm id
export const ISO_2011_CERTIFICATION_BLOCK_BYTES = 3; // authority id, scheme id
export const VIEW_2005_HEADER_BYTES = 4;
export const ANSI_2009_VIEW_HEADER_BYTES = 17;
export const MINUTIA_BYTES = 6;
export const ISO_2011_MINUTIA_BYTES_WITHOUT_QUALITY = 5;
export const EXTENDED_AREA_HEADER_BYTES = 4;
export const FINGER_IMAGE_HEADER_BYTES = 32;
export const FINGER_IMAGE_VIEW_HEADER_BYTES = 14;
export const FACE_HEADER_BYTES = 14;
export const FACE_INFORMATION_BYTES = 20;
export const FACE_FEATURE_POINT_BYTES = 8;
export const FACE_IMAGE_INFORMATION_BYTES = 12;

/** Coordinates are 14-bit, minutia type sits in the top two bits of x. */
export const COORDINATE_MASK = 0x3fff;

/** ISO angle unit: 360/256 degrees; ANSI angle unit: 2 degrees. */
export const ISO_ANGLE_UNITS_PER_TURN = 256;
export const ANSI_ANGLE_UNITS_PER_TURN = 180;

/** Resolutions in the headers are pixels per centimetre; 2.54 cm to the inch. */
export const CM_PER_INCH = 2.54;

/** Extended data area type codes shared by both standards (vendor codes start at 0x0100). */
export const EXTENDED_TYPE_RIDGE_COUNT = 0x0001;
export const EXTENDED_TYPE_CORE_DELTA = 0x0002;
export const EXTENDED_TYPE_ZONAL_QUALITY = 0x0003; // ISO only

/** Core/delta angle-present flag (ISO: in each point's x field; ANSI: in the count byte). */
export const CORE_DELTA_ANGLE_FLAG_ISO = 0x4000;
export const CORE_DELTA_ANGLE_FLAG_ANSI = 0x40;
export const CORE_DELTA_COUNT_MASK = 0x0f;

/** ISO 19794-2:2011 capture date-time with every byte 0xFF means "not recorded". */
/** Defaults written when a field has no source value during conversion. */
export const QUALITY_NOT_REPORTED_ANSI_2009 = 254;
