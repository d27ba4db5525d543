/**
 * The parsed structure of an ANSI/NIST-ITL transaction (traditional encoding).
 * Binary data (images, user-defined bytes) are views into the parsed input, not copies.
 */

/** A tagged field holding text: subfields (separated by RS), each a list of items (separated by US). */
export interface AnsiNistTextField {
  kind: 'text';
  /** Field number (the `NNN` of `T.NNN`). */
  number: number;
  /** The tag as written in the file (`1.01`, `1.001`); the writer keeps it so 2-digit tags survive. */
  tag?: string;
  subfields: string[][];
  /** Present only when the bytes were not valid UTF-8 and were read one byte per character. */
  encoding?: 'latin1';
}

/** A tagged field holding bytes (the `.999` image / data field): never scanned for separators. */
export interface AnsiNistBinaryField {
  kind: 'binary';
  number: number;
  tag?: string;
  data: Uint8Array;
}

export type AnsiNistField = AnsiNistTextField | AnsiNistBinaryField;

/** Records of type 1, 2 and 9–99: a list of tagged fields, LEN (`.001`) first. */
export interface AnsiNistTaggedRecord {
  kind: 'tagged';
  type: number;
  fields: AnsiNistField[];
}

/** Binary fingerprint image records: Type-3, -4, -5, -6 (18-byte header). */
export interface AnsiNistFingerprintImageRecord {
  kind: 'fingerprint-image';
  type: 3 | 4 | 5 | 6;
  idc: number;
  /** IMP: impression type. */
  impression: number;
  /** FGP: six finger positions, 255 for unused slots. */
  fingerPositions: number[];
  /** ISR: 0 = minimum scanning resolution, 1 = native (Type-1 NSR, or NTR for the low-resolution types 3 and 5). */
  scanningResolution: number;
  /** HLL */
  width: number;
  /** VLL */
  height: number;
  /** GCA (grey types 3, 4) or BCA (binary types 5, 6). */
  compression: number;
  data: Uint8Array;
}

/** Binary Type-7 record: user-defined; only LEN and IDC have a fixed meaning. */
export interface AnsiNistUserDefinedRecord {
  kind: 'user-defined';
  type: 7;
  idc: number;
  /** Every byte after IDC, kept as-is. */
  body: Uint8Array;
}

/** Binary Type-8 signature record (12-byte header). */
export interface AnsiNistSignatureRecord {
  kind: 'signature';
  type: 8;
  idc: number;
  /** SIG: 0 = subject's signature, 1 = official's signature. */
  signatureType: number;
  /** SRT: 0 = scanned uncompressed, 1 = scanned compressed, 2 = vector data. */
  representation: number;
  /** ISR: 0 = minimum scanning resolution, 1 = native (Type-1 NSR). */
  scanningResolution: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export type AnsiNistBinaryRecord = AnsiNistFingerprintImageRecord | AnsiNistUserDefinedRecord | AnsiNistSignatureRecord;
export type AnsiNistRecord = AnsiNistTaggedRecord | AnsiNistBinaryRecord;

/** Where each record was found in the parsed bytes (not part of the structure the writer uses). */
export interface AnsiNistSourceLayout {
  byteLength: number;
  recordOffsets: number[];
  recordLengths: number[];
}

export interface AnsiNistTransaction {
  /** Type-1 first, then every record in file order (the order of CNT). */
  records: AnsiNistRecord[];
  /** Set by the reader. */
  source?: AnsiNistSourceLayout;
}
