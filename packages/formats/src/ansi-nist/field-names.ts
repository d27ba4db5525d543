/**
 * Names of the record types and of their standard fields (ANSI/NIST-ITL 1-2011 and the earlier
 * versions it absorbs). Used only for display (summary, CLI); parsing does not depend on it.
 */

export interface AnsiNistFieldName {
  mnemonic: string;
  name: string;
}

export const ANSI_NIST_RECORD_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Transaction information',
  2: 'User-defined descriptive text',
  3: 'Low-resolution grayscale fingerprint image (legacy)',
  4: 'High-resolution grayscale fingerprint image',
  5: 'Low-resolution binary fingerprint image (legacy)',
  6: 'High-resolution binary fingerprint image (legacy)',
  7: 'User-defined image',
  8: 'Signature image',
  9: 'Minutiae data',
  10: 'Photographic body part image (face, SMT)',
  11: 'Forensic and investigatory voice',
  12: 'Forensic dental and oral',
  13: 'Variable-resolution latent friction ridge image',
  14: 'Variable-resolution fingerprint image',
  15: 'Variable-resolution palm print image',
  16: 'User-defined variable-resolution testing image',
  17: 'Iris image',
  18: 'DNA',
  19: 'Variable-resolution plantar image',
  20: 'Source representation',
  21: 'Associated context',
  22: 'Non-photographic imagery',
  98: 'Information assurance',
  99: 'CBEFF biometric data',
};

type Table = Readonly<Record<number, readonly [string, string]>>;

const COMMON: Table = { 1: ['LEN', 'Record length'], 2: ['IDC', 'Information designation character'] };

const TYPE_1: Table = {
  1: ['LEN', 'Record length'],
  2: ['VER', 'Version number'],
  3: ['CNT', 'Transaction content'],
  4: ['TOT', 'Type of transaction'],
  5: ['DAT', 'Date'],
  6: ['PRY', 'Priority'],
  7: ['DAI', 'Destination agency identifier'],
  8: ['ORI', 'Originating agency identifier'],
  9: ['TCN', 'Transaction control number'],
  10: ['TCR', 'Transaction control reference'],
  11: ['NSR', 'Native scanning resolution (ppmm)'],
  12: ['NTR', 'Nominal transmitting resolution (ppmm)'],
  13: ['DOM', 'Domain name'],
  14: ['GMT', 'Greenwich mean time'],
  15: ['DCS', 'Directory of character sets'],
  16: ['APS', 'Application profile specifications'],
  17: ['ANM', 'Agency names'],
  18: ['GNS', 'Geographic name set'],
};

/** Binary fingerprint records 3–6: the 2011 standard numbers their header fields like tags. */
const FINGERPRINT_BINARY: Table = {
  1: ['LEN', 'Record length'],
  2: ['IDC', 'Information designation character'],
  3: ['IMP', 'Impression type'],
  4: ['FGP', 'Finger position'],
  5: ['ISR', 'Image scanning resolution'],
  6: ['HLL', 'Horizontal line length'],
  7: ['VLL', 'Vertical line length'],
  8: ['GCA', 'Compression algorithm'],
  9: ['DATA', 'Image data'],
};

const TYPE_7: Table = { 1: ['LEN', 'Record length'], 2: ['IDC', 'Information designation character'], 3: ['UDF', 'User-defined data'] };

const TYPE_8: Table = {
  1: ['LEN', 'Record length'],
  2: ['IDC', 'Information designation character'],
  3: ['SIG', 'Signature type'],
  4: ['SRT', 'Signature representation type'],
  5: ['ISR', 'Image scanning resolution'],
  6: ['HLL', 'Horizontal line length'],
  7: ['VLL', 'Vertical line length'],
  8: ['DATA', 'Signature data'],
};

const TYPE_9: Table = {
  ...COMMON,
  3: ['IMP', 'Impression type'],
  4: ['FMT', 'Minutiae format'],
  5: ['OFR', 'Originating fingerprint reading system'],
  6: ['FGP', 'Finger position'],
  7: ['FPC', 'Fingerprint pattern classification'],
  8: ['CRP', 'Core position'],
  9: ['DLT', 'Delta position'],
  10: ['MIN', 'Number of minutiae'],
  11: ['RDG', 'Minutiae ridge count indicator'],
  12: ['MRC', 'Minutiae and ridge count data'],
  14: ['FGN', 'Finger number (IAFIS)'],
  15: ['NMN', 'Number of minutiae (IAFIS)'],
  16: ['FCP', 'Fingerprint characterization process (IAFIS)'],
  17: ['APC', 'AFIS pattern classification (IAFIS)'],
  18: ['ROV', 'Region of value (IAFIS)'],
  19: ['COF', 'Coordinate offsets (IAFIS)'],
  20: ['ORN', 'Orientation uncertainty (IAFIS)'],
  21: ['CRA', 'Core attributes (IAFIS)'],
  22: ['DLA', 'Delta attributes (IAFIS)'],
  23: ['MAT', 'Minutiae and ridge count data (IAFIS)'],
  24: ['CHQ', 'Characterization quality (IAFIS)'],
  126: ['CBI', 'CBEFF information (INCITS 378)'],
  127: ['CEI', 'Capture equipment identification (INCITS 378)'],
  128: ['HLL', 'Horizontal line length (INCITS 378)'],
  129: ['VLL', 'Vertical line length (INCITS 378)'],
  130: ['SLC', 'Scale units (INCITS 378)'],
  131: ['THR', 'Transmitted horizontal resolution (INCITS 378)'],
  132: ['TVR', 'Transmitted vertical resolution (INCITS 378)'],
  133: ['FVW', 'Finger view (INCITS 378)'],
  134: ['FGP', 'Finger position (INCITS 378)'],
  135: ['FQD', 'Finger quality data (INCITS 378)'],
  136: ['NOM', 'Number of minutiae (INCITS 378)'],
  137: ['FMD', 'Finger minutiae data (INCITS 378)'],
  138: ['RCI', 'Ridge count information (INCITS 378)'],
  139: ['CIN', 'Core information (INCITS 378)'],
  140: ['DIN', 'Delta information (INCITS 378)'],
  141: ['ADA', 'Additional delta angles (INCITS 378)'],
  300: ['ROI', 'EFS region of interest'],
  331: ['MIN', 'EFS minutiae'],
};

/** Fields shared by the variable-resolution image records 13, 14, 15, 16, 17 (and, up to .011, 10). */
const IMAGE_COMMON: Table = {
  ...COMMON,
  4: ['SRC', 'Source agency'],
  5: ['CDT', 'Capture date'],
  6: ['HLL', 'Horizontal line length'],
  7: ['VLL', 'Vertical line length'],
  8: ['SLC', 'Scale units'],
  9: ['THPS', 'Transmitted horizontal pixel scale'],
  10: ['TVPS', 'Transmitted vertical pixel scale'],
  11: ['CGA', 'Compression algorithm'],
  12: ['BPX', 'Bits per pixel'],
  16: ['SHPS', 'Scanned horizontal pixel scale'],
  17: ['SVPS', 'Scanned vertical pixel scale'],
  20: ['COM', 'Comment'],
  30: ['DMM', 'Device monitoring mode'],
  902: ['ANN', 'Annotated information'],
  903: ['DUI', 'Device unique identifier'],
  904: ['MMS', 'Make, model and serial number'],
  995: ['ASC', 'Associated context'],
  996: ['HAS', 'Hash'],
  997: ['SOR', 'Source representation'],
  998: ['GEO', 'Geographic sample acquisition location'],
  999: ['DATA', 'Image data'],
};

const TYPE_10: Table = {
  ...IMAGE_COMMON,
  3: ['IMT', 'Image type'],
  5: ['PHD', 'Photo capture date'],
  12: ['CSP', 'Color space'],
  13: ['SAP', 'Subject acquisition profile'],
  16: ['SHPS', 'Scanned horizontal pixel scale'],
  17: ['SVPS', 'Scanned vertical pixel scale'],
  20: ['POS', 'Subject pose'],
  21: ['POA', 'Pose offset angle'],
  22: ['PXS', 'Photo descriptor'],
  23: ['PAS', 'Photo acquisition source'],
  24: ['SQS', 'Subject quality score'],
  25: ['SPA', 'Subject pose angles'],
  26: ['SXS', 'Subject facial description'],
  27: ['SEC', 'Subject eye color'],
  28: ['SHC', 'Subject hair color'],
  29: ['FFP', '2D facial feature points'],
  30: ['DMM', 'Device monitoring mode'],
  38: ['COM', 'Comment'],
  40: ['SMT', 'NCIC designation code'],
  41: ['SMS', 'Scar, mark or tattoo size'],
  42: ['SMD', 'SMT descriptors'],
  43: ['COL', 'Colors present'],
};

const TYPE_13: Table = {
  ...IMAGE_COMMON,
  3: ['IMP', 'Impression type'],
  13: ['FGP', 'Friction ridge generalized position'],
  14: ['SPD', 'Search position descriptors'],
  15: ['PPC', 'Print position coordinates'],
  24: ['LQM', 'Latent quality metric'],
};

const TYPE_14: Table = {
  ...IMAGE_COMMON,
  3: ['IMP', 'Impression type'],
  13: ['FGP', 'Finger position'],
  14: ['PPD', 'Print position descriptors'],
  15: ['PPC', 'Print position coordinates'],
  18: ['AMP', 'Amputated or bandaged'],
  21: ['SEG', 'Finger segment position'],
  22: ['NQM', 'NIST quality metric'],
  23: ['SQM', 'Segmentation quality metric'],
  24: ['FQM', 'Fingerprint quality metric'],
  25: ['ASEG', 'Alternate finger segment position'],
  26: ['SCF', 'Simultaneous capture'],
  27: ['SIF', 'Stitched image flag'],
};

const TYPE_15: Table = {
  ...IMAGE_COMMON,
  3: ['IMP', 'Impression type'],
  13: ['PLP', 'Friction ridge generalized position'],
  18: ['AMP', 'Amputated or bandaged'],
  24: ['PQM', 'Palm quality metric'],
};

const TYPE_16: Table = { ...IMAGE_COMMON, 3: ['UDI', 'User-defined image type'], 5: ['UTD', 'User-defined testing date'], 13: ['CSP', 'Color space'], 24: ['UQS', 'User-defined quality score'] };

const TYPE_17: Table = {
  ...IMAGE_COMMON,
  3: ['ELR', 'Eye label'],
  5: ['ICD', 'Iris capture date'],
  13: ['CSP', 'Color space'],
  14: ['RAE', 'Rotation angle of eye'],
  15: ['RAU', 'Rotation uncertainty'],
  16: ['IPC', 'Image property code'],
  17: ['DUI', 'Device unique identifier'],
  19: ['MMS', 'Make, model and serial number'],
  20: ['ECL', 'Eye color'],
  21: ['COM', 'Comment'],
  22: ['SHPS', 'Scanned horizontal pixel scale'],
  23: ['SVPS', 'Scanned vertical pixel scale'],
  24: ['IQS', 'Image quality score'],
};

const TABLES: Readonly<Record<number, Table>> = {
  1: TYPE_1,
  3: FINGERPRINT_BINARY,
  4: FINGERPRINT_BINARY,
  5: FINGERPRINT_BINARY,
  6: FINGERPRINT_BINARY,
  7: TYPE_7,
  8: TYPE_8,
  9: TYPE_9,
  10: TYPE_10,
  13: TYPE_13,
  14: TYPE_14,
  15: TYPE_15,
  16: TYPE_16,
  17: TYPE_17,
};

export function ansiNistRecordTypeName(type: number): string {
  return ANSI_NIST_RECORD_TYPE_NAMES[type] ?? `Record type ${type}`;
}

/** Mnemonic and name of a standard field; user-defined fields (all of Type-2 after IDC) have none. */
export function ansiNistFieldName(recordType: number, fieldNumber: number): AnsiNistFieldName | undefined {
  const entry = (TABLES[recordType] ?? COMMON)[fieldNumber];
  return entry ? { mnemonic: entry[0], name: entry[1] } : undefined;
}
