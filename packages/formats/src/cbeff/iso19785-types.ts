/**
 * The ISO/IEC 19785-3 XML patron format (BIR) as MOSIP uses it (schema mosip-cbeff.xsd: the ISO
 * ed-2 schema plus `others` key/value entries). Element names follow the schema; BDB and SB are
 * decoded from base64 to bytes and otherwise opaque.
 */

export const CBEFF_BIOMETRIC_TYPES = [
  'Scent', 'DNA', 'Ear', 'Face', 'Finger', 'Foot', 'HandGeometry', 'Vein', 'Iris', 'Retina', 'Voice', 'Gait',
  'Keystroke', 'LipMovement', 'SignatureSign', 'Palm', 'BackOfHand', 'Wrist', 'ExceptionPhoto',
] as const;
export type CbeffBiometricType = (typeof CBEFF_BIOMETRIC_TYPES)[number];

/** Subtype words; a subtype is a list of them, e.g. ['Left', 'IndexFinger']. */
export const CBEFF_SUBTYPE_WORDS = [
  'Left', 'Right', 'Thumb', 'IndexFinger', 'MiddleFinger', 'RingFinger', 'LittleFinger',
  'LeftVein', 'RightVein', 'Palm', 'BackOfHand', 'Wrist', 'Reserved1', 'Reserved2',
] as const;
export type CbeffSubtypeWord = (typeof CBEFF_SUBTYPE_WORDS)[number];

export const CBEFF_PROCESSED_LEVELS = ['Raw', 'Intermediate', 'Processed'] as const;
export type CbeffProcessedLevel = (typeof CBEFF_PROCESSED_LEVELS)[number];

export const CBEFF_PURPOSES = ['Verify', 'Identify', 'Enroll', 'EnrollVerify', 'EnrollIdentify', 'Audit'] as const;
export type CbeffPurpose = (typeof CBEFF_PURPOSES)[number];

export interface CbeffVersion {
  major: number;
  minor: number;
}

/** RegistryIDType: an organisation and a type registered with it (values are text in the XML). */
export interface CbeffRegistryId {
  organization: string;
  type: string;
}

export interface CbeffBirInfo {
  creator?: string;
  index?: string;
  payload?: Uint8Array;
  integrity: boolean;
  creationDate?: string;
  notValidBefore?: string;
  notValidAfter?: string;
}

export interface CbeffQuality {
  algorithm: CbeffRegistryId;
  /** 0–100; absent when the quality calculation failed. */
  score?: number;
  qualityCalculationFailed?: string;
}

export interface CbeffBdbInfo {
  challengeResponse?: Uint8Array;
  index?: string;
  format?: CbeffRegistryId;
  encryption?: boolean;
  creationDate?: string;
  notValidBefore?: string;
  notValidAfter?: string;
  type?: CbeffBiometricType[];
  subtype?: CbeffSubtypeWord[];
  level?: CbeffProcessedLevel;
  product?: CbeffRegistryId;
  captureDevice?: CbeffRegistryId;
  featureExtractionAlgorithm?: CbeffRegistryId;
  comparisonAlgorithm?: CbeffRegistryId;
  compressionAlgorithm?: CbeffRegistryId;
  purpose?: CbeffPurpose;
  quality?: CbeffQuality;
}

export interface CbeffOtherEntry {
  key: string;
  value: string;
}

/** One BIR: a leaf carries BDBInfo and BDB; the root of a MOSIP file carries child BIRs. */
export interface CbeffBir {
  version?: CbeffVersion;
  cbeffVersion?: CbeffVersion;
  birInfo: CbeffBirInfo;
  bdbInfo?: CbeffBdbInfo;
  sbInfo?: { format?: CbeffRegistryId };
  children: CbeffBir[];
  bdb?: Uint8Array;
  sb?: Uint8Array;
  /** MOSIP `others` entries, in document order. */
  others: CbeffOtherEntry[];
}
