import { FAC_MAGIC, FIR_MAGIC, FMR_MAGIC } from './constants.js';

export type Iso19794RecordKind = 'finger-minutiae' | 'finger-image' | 'face-image';

/** Which ISO 19794 record family the bytes start with ("FMR\0", "FIR\0", "FAC\0"), if any. */
export function detectIso19794RecordKind(bytes: Uint8Array): Iso19794RecordKind | undefined {
  const starts = (magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);
  if (starts(FMR_MAGIC)) return 'finger-minutiae';
  if (starts(FIR_MAGIC)) return 'finger-image';
  if (starts(FAC_MAGIC)) return 'face-image';
  return undefined;
}
