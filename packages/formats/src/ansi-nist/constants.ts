/** Every tunable and fixed number of the ANSI/NIST-ITL traditional encoding, in one place. */

/** Format name carried by every FormatError this codec throws. */
export const ANSI_NIST_FORMAT = 'ansi-nist';

/** Information separators (ANSI/NIST-ITL 1-2011, 7.2). */
export const SEPARATOR = {
  /** File separator: ends a tagged record. */
  FS: 0x1c,
  /** Group separator: between fields. */
  GS: 0x1d,
  /** Record separator: between subfields (repeated values) of a field. */
  RS: 0x1e,
  /** Unit separator: between items of a subfield. */
  US: 0x1f,
} as const;

export const CHAR = { COLON: 0x3a, PERIOD: 0x2e, ZERO: 0x30, NINE: 0x39 } as const;

/** Record types carried in binary form (fixed headers, 4-byte big-endian length); all others are tagged. */
export function isBinaryRecordType(type: number): boolean {
  return type >= 3 && type <= 8;
}

/** Field numbers with a fixed meaning in every tagged record. */
export const FIELD = {
  LEN: 1,
  /** IDC in records of type 2 and above; VER (version) in the Type-1 record. */
  IDC: 2,
  /** Type-1 CNT: the transaction's list of records. */
  CNT: 3,
  /** Type-1 NSR: native scanning resolution, pixels per millimetre. */
  NSR: 11,
  /** Type-1 NTR: nominal transmitting resolution, pixels per millimetre. */
  NTR: 12,
  /** The image / binary data field, always last and never scanned for separators. */
  DATA: 999,
} as const;

/** Header sizes of the binary records (bytes before the image data). */
export const BINARY_HEADER_BYTES = {
  /** Types 3, 4, 5, 6: LEN 4, IDC 1, IMP 1, FGP 6, ISR 1, HLL 2, VLL 2, GCA/BCA 1. */
  fingerprint: 18,
  /** Type 7: LEN 4, IDC 1, then user-defined bytes. */
  userDefined: 5,
  /** Type 8: LEN 4, IDC 1, SIG 1, SRT 1, ISR 1, HLL 2, VLL 2. */
  signature: 12,
} as const;

/** Number of finger positions in the FGP field of binary records 3–6 (unused ones are 255). */
export const FINGER_POSITION_SLOTS = 6;
export const UNUSED_FINGER_POSITION = 255;

/** Minimum scanning resolutions (pixels per millimetre) used when a binary record's ISR is 0. */
export const MINIMUM_SCANNING_PPMM = { high: 19.69, low: 9.84 } as const;

export const MM_PER_INCH = 25.4;
export const CM_PER_INCH = 2.54;

export const LIMITS = {
  /** Digits allowed in each half of a tag (`TT.NNN`): 2-digit and 3-digit field numbers are both in use. */
  maxTagDigits: 3,
  /** Digits allowed in a LEN value: 10 digits is already far beyond any 32-bit length. */
  maxLengthDigits: 10,
  /** Largest record length accepted (the binary LEN fields are 32-bit). */
  maxRecordLength: 0xffff_ffff,
  /** Largest record type number (ANSI/NIST-ITL 1-2011 defines 1–99). */
  maxRecordType: 99,
  /** Largest IDC: one byte in binary records, so the same bound for tagged ones and CNT. */
  maxIdc: 255,
  /** Largest field number. */
  maxFieldNumber: 999,
} as const;
