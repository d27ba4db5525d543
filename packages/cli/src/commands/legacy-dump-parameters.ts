/**
 * Every tunable of `kura synth legacy-dump` in one place: the fictional vendor's conventions,
 * the share of planted duplicates and defects, and the shape of what is written.
 */

/** Reasons an import must give for each planted defect (the `reason` of a rejected truth entry). */
export const DEFECT_KINDS = ['INVALID_DATE', 'MISSING_DATE', 'UNKNOWN_PLACE', 'CORRUPT_IMAGE', 'TRUNCATED_FILE', 'NO_TRANSACTION', 'NO_CSV_ROW'] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export const LEGACY_DUMP = {
  /** Share of records planted as each defect kind, and as duplicates of an earlier record. */
  defectRate: 0.01,
  duplicateRate: 0.03,
  /** From this many people on, every defect kind and one duplicate are planted at least once. */
  everyKindFrom: 20,
  /** Share of people whose fingers are in legacy binary Type-4 records (older enrolment stations) instead of Type-14. */
  type4Rate: 0.25,
  /** Share of people carrying the vendor's proprietary Type-9 template, and a Type-10 face. */
  proprietaryTemplateRate: 0.6,
  faceRate: 0.4,
  /** Fingers per person (default): all ten, as the vendor enrolled them. */
  fingers: 10,
  /** Order in which fingers are kept when fewer than ten are asked for: index fingers first. */
  fingerOrder: [2, 7, 1, 6, 3, 8, 4, 9, 5, 10],
  /** Impression of each synthetic finger: originals use the first, planted duplicates another. */
  originalImpression: 0,
  duplicateImpression: 1,
  /**
   * Synthetic person numbers start here, so a dump's fingers never coincide with those of
   * `kura synth population` / `kura demo` for the same seed (which number people from 0).
   */
  personOffset: 10_000_000,
  /** Birth years are drawn against this date (the first enrolments), not today: the same bytes every year, nobody enrolled before birth. */
  referenceDate: new Date(Date.UTC(2008, 0, 1)),
  /** Enrolment dates of the vendor's system (Type-1 DAT, CSV DATE_MAJ). */
  enrolmentYears: [2008, 2019] as const,
  /** A truncated transaction keeps at least this many bytes of the record it cuts (past its LEN). */
  truncationMargin: 32,
  /** WSQ bit rate of the stored fingerprints. */
  wsqBitRate: 0.75,
  /** The small grey face of Type-10, pixels. */
  face: { width: 96, height: 120 },
  /** Bytes of a proprietary template (random), after its 8-byte vendor header. */
  proprietaryBytes: [180, 420] as const,
  /** People rendered ahead of the one being written: keeps every worker busy, memory flat. */
  windowPerThread: 3,
  truthFormat: 'kura-legacy-dump-truth',
  version: 1,
} as const;

/** The fictional vendor whose conventions the dump imitates. */
export const VENDOR = {
  name: 'SIRA (fictional vendor, synthetic data)',
  /** Prefix of person ids (2.003 / ID_PERSONNE) and of place codes. */
  idPrefix: 'SIR',
  placePrefix: 'L',
  /** First vendor place code number, and the step between consecutive codes. */
  placeCodeStart: 1003,
  placeCodeStep: 3,
  /** Vendor place codes planted as unknown (not in the mapping) start here. */
  unknownPlaceStart: 9001,
  /** Type-1 fields of every transaction. */
  version: '0400',
  transactionType: 'ENR',
  destinationAgency: 'MLNRPP',
  originatingAgency: 'MLSIRA001',
  sourceAgency: 'SIRA',
  /** 19.69 pixels per millimetre: 500 ppi. */
  nativeResolution: '19.69',
  /** Magic of the proprietary template blob (Type-9 FMT U, in 9.999). */
  templateMagic: 'SIRATPL2',
  csvFile: 'civil-status.csv',
  transactionFolder: 'transactions',
  transactionExtension: '.an2',
  csvColumns: ['ID_PERSONNE', 'NOM', 'PRENOMS', 'DATE_NAISS', 'LIEU_NAISS', 'SEXE', 'NINA', 'PERE', 'MERE', 'LIEU_RES', 'DATE_MAJ'],
  csvDelimiter: ';',
} as const;

/** Type-2 fields the vendor writes (2.001 LEN and 2.002 IDC are the standard's). */
export const VENDOR_TYPE2 = {
  personId: 3,
  retention: 5,
  name: 18,
  birthPlace: 20,
  birthDate: 22,
  sex: 24,
  nina: 30,
} as const;
