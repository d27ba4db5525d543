import { bcdDateTimeToIso, bcdDateToIso, isoDateTimeToBcd, isoDateToBcd, readBcdDigits } from './bcd-date.js';
import {
  type RawTlv,
  type TlvElement,
  concatBytes,
  encodeTlv,
  encodeUnsigned,
  hexTag,
  readTlv,
  readTlvSequence,
  readUnsigned,
  tlvValue,
} from './ber-tlv.js';
import { ldsError } from './cbeff-error.js';
import {
  ICAO_LDS_FORMAT,
  LDS_CREATION_DATE_TIME_BYTES,
  LDS_DATA_GROUP_TAG,
  LDS_INTEGER_WIDTH,
  LDS_MAX_COUNT_BYTES,
  LDS_MAX_INTEGER_BYTES,
  LDS_TAG,
  LDS_VALIDITY_PERIOD_BYTES,
  type LdsDataGroup,
} from './constants.js';

/**
 * ICAO Doc 9303 part 10 biometric information group template (7F61), the CBEFF wrapper of the
 * face, finger and iris data groups: a count (02), then per instance a 7F60 holding a biometric
 * header template (A1) and a biometric data block (5F2E, or 7F2E when enciphered). BDBs stay opaque
 * bytes. Unknown tags are kept and written back after the known ones.
 */

/** The biometric header template (A1). Integers are unsigned; dates are ISO 8601 text. */
export interface LdsBiometricHeader {
  /** 80: ICAO header version, 0x0101 for the current LDS. */
  icaoHeaderVersion?: number;
  /** 81: biometric type (CBEFF: 0x02 face, 0x08 finger, 0x10 iris). */
  biometricType?: number;
  /** 82: biometric subtype (CBEFF: bit 0x01 right, 0x02 left, bits 3–5 the finger). */
  biometricSubtype?: number;
  /** 83: creation date and time, 'YYYY-MM-DDThh:mm:ss'. */
  creationDateTime?: string;
  /** 85: validity period, 'YYYY-MM-DD' to 'YYYY-MM-DD'. */
  validityPeriod?: { from: string; to: string };
  /** 86: creator of the biometric reference data (a PID). */
  creator?: number;
  /** 87: format owner (IBIA-registered CBEFF organisation, 0x0101 = ISO/IEC JTC 1 SC 37). */
  formatOwner: number;
  /** 88: format type (e.g. 0x0007 finger image, 0x0008 face image, 0x0009 iris image). */
  formatType: number;
  /** Header elements this codec does not know, kept as read. */
  otherTags: RawTlv[];
}

export interface LdsBiometricInstance {
  header: LdsBiometricHeader;
  /** The biometric data block, opaque (usually an ISO/IEC 19794 record). */
  bdb: Uint8Array;
  /** True when the BDB was carried as 7F2E (enciphered, constructed) rather than 5F2E. */
  bdbEnciphered: boolean;
  otherTags: RawTlv[];
}

export interface LdsBiometricGroup {
  /** Set when the group came wrapped in (or is to be wrapped in) its data group template. */
  dataGroup?: LdsDataGroup;
  instances: LdsBiometricInstance[];
  otherTags: RawTlv[];
}

const F = ICAO_LDS_FORMAT;

/** Decodes a 7F61 group template, bare or wrapped in its DG2 (75), DG3 (63) or DG4 (76) template. */
export function decodeLdsBiometricGroup(bytes: Uint8Array): LdsBiometricGroup {
  const outer = readTlv(bytes, 0, bytes.length, F, 'template');
  if (outer.end !== bytes.length) {
    throw ldsError('BAD_LENGTH', outer.end, 'template', `${bytes.length - outer.end} byte(s) after the template`);
  }
  const dataGroup = dataGroupOf(outer.tag);
  let group = outer;
  if (dataGroup) {
    group = readTlv(bytes, outer.valueOffset, outer.end, F, dataGroup);
    if (group.end !== outer.end) {
      throw ldsError('BAD_LENGTH', group.end, dataGroup, `${outer.end - group.end} byte(s) after the group template`);
    }
  }
  if (group.tag !== LDS_TAG.biometricInformationGroup) {
    throw ldsError('BAD_MAGIC', group.offset, 'biometricInformationGroup', `expected tag 7F61, found ${hexTag(group.tag)}`);
  }

  let count: TlvElement | undefined;
  const instances: LdsBiometricInstance[] = [];
  const otherTags: RawTlv[] = [];
  for (const e of readTlvSequence(bytes, group.valueOffset, group.end, F, 'biometricInformationGroup')) {
    if (e.tag === LDS_TAG.instanceCount) {
      if (count) throw ldsError('BAD_VALUE', e.offset, 'instanceCount', 'instance count appears twice');
      if (e.length < 1 || e.length > LDS_MAX_COUNT_BYTES) throw ldsError('BAD_LENGTH', e.offset, 'instanceCount', `${e.length}-byte count`);
      count = e;
    } else if (e.tag === LDS_TAG.biometricInformation) {
      instances.push(decodeInstance(bytes, e));
    } else {
      otherTags.push({ tag: e.tag, value: tlvValue(bytes, e) });
    }
  }
  if (!count) throw ldsError('BAD_VALUE', group.valueOffset, 'instanceCount', 'the group has no instance count (02)');
  const declared = readUnsigned(bytes, count);
  if (declared !== instances.length) {
    throw ldsError('BAD_COUNT', count.valueOffset, 'instanceCount', `declares ${declared} instance(s), found ${instances.length}`);
  }
  return { ...(dataGroup ? { dataGroup } : {}), instances, otherTags };
}

function dataGroupOf(tag: number): LdsDataGroup | undefined {
  for (const [name, t] of Object.entries(LDS_DATA_GROUP_TAG)) if (t === tag) return name as LdsDataGroup;
  return undefined;
}

function decodeInstance(bytes: Uint8Array, bit: TlvElement): LdsBiometricInstance {
  let header: LdsBiometricHeader | undefined;
  let bdb: TlvElement | undefined;
  const otherTags: RawTlv[] = [];
  for (const e of readTlvSequence(bytes, bit.valueOffset, bit.end, F, 'biometricInformation')) {
    if (e.tag === LDS_TAG.biometricHeader) {
      if (header) throw ldsError('BAD_VALUE', e.offset, 'biometricHeader', 'two biometric header templates in one instance');
      header = decodeHeader(bytes, e);
    } else if (e.tag === LDS_TAG.biometricDataBlock || e.tag === LDS_TAG.biometricDataBlockEnciphered) {
      if (bdb) throw ldsError('BAD_VALUE', e.offset, 'biometricDataBlock', 'two biometric data blocks in one instance');
      bdb = e;
    } else {
      otherTags.push({ tag: e.tag, value: tlvValue(bytes, e) });
    }
  }
  if (!header) throw ldsError('BAD_VALUE', bit.offset, 'biometricHeader', 'instance without a biometric header template (A1)');
  if (!bdb) throw ldsError('BAD_VALUE', bit.offset, 'biometricDataBlock', 'instance without a biometric data block (5F2E)');
  return {
    header,
    bdb: tlvValue(bytes, bdb),
    bdbEnciphered: bdb.tag === LDS_TAG.biometricDataBlockEnciphered,
    otherTags,
  };
}

function decodeHeader(bytes: Uint8Array, bht: TlvElement): LdsBiometricHeader {
  const seen = new Set<number>();
  const h: Partial<LdsBiometricHeader> & { otherTags: RawTlv[] } = { otherTags: [] };
  for (const e of readTlvSequence(bytes, bht.valueOffset, bht.end, F, 'biometricHeader')) {
    if (e.tag >= LDS_TAG.headerVersion && e.tag <= LDS_TAG.formatType && e.tag !== 0x84) {
      if (seen.has(e.tag)) throw ldsError('BAD_VALUE', e.offset, headerField(e.tag), `tag ${hexTag(e.tag)} appears twice`);
      seen.add(e.tag);
    }
    switch (e.tag) {
      case LDS_TAG.headerVersion:
        h.icaoHeaderVersion = integer(bytes, e, 'icaoHeaderVersion');
        break;
      case LDS_TAG.biometricType:
        h.biometricType = integer(bytes, e, 'biometricType');
        break;
      case LDS_TAG.biometricSubtype:
        h.biometricSubtype = integer(bytes, e, 'biometricSubtype');
        break;
      case LDS_TAG.creationDateTime:
        fixedLength(e, LDS_CREATION_DATE_TIME_BYTES, 'creationDateTime');
        h.creationDateTime = bcdDateTimeToIso(readBcdDigits(bytes, e.valueOffset, e.end, 'creationDateTime'), e.valueOffset, 'creationDateTime');
        break;
      case LDS_TAG.validityPeriod: {
        fixedLength(e, LDS_VALIDITY_PERIOD_BYTES, 'validityPeriod');
        const digits = readBcdDigits(bytes, e.valueOffset, e.end, 'validityPeriod');
        h.validityPeriod = {
          from: bcdDateToIso(digits.slice(0, 8), e.valueOffset, 'validityPeriod'),
          to: bcdDateToIso(digits.slice(8, 16), e.valueOffset + 4, 'validityPeriod'),
        };
        break;
      }
      case LDS_TAG.creator:
        h.creator = integer(bytes, e, 'creator');
        break;
      case LDS_TAG.formatOwner:
        h.formatOwner = integer(bytes, e, 'formatOwner');
        break;
      case LDS_TAG.formatType:
        h.formatType = integer(bytes, e, 'formatType');
        break;
      default:
        h.otherTags.push({ tag: e.tag, value: tlvValue(bytes, e) });
    }
  }
  // Doc 9303 part 10: format owner and format type are mandatory in every header.
  if (h.formatOwner === undefined) throw ldsError('BAD_VALUE', bht.offset, 'formatOwner', 'header without format owner (87)');
  if (h.formatType === undefined) throw ldsError('BAD_VALUE', bht.offset, 'formatType', 'header without format type (88)');
  return h as LdsBiometricHeader;
}

function headerField(tag: number): string {
  const entry = Object.entries(LDS_TAG).find(([, t]) => t === tag);
  return entry ? entry[0] : `tag${hexTag(tag)}`;
}

function integer(bytes: Uint8Array, e: TlvElement, field: string): number {
  if (e.length < 1 || e.length > LDS_MAX_INTEGER_BYTES) throw ldsError('BAD_LENGTH', e.offset, field, `${e.length}-byte integer`);
  return readUnsigned(bytes, e);
}

function fixedLength(e: TlvElement, expected: number, field: string): void {
  if (e.length !== expected) throw ldsError('BAD_LENGTH', e.offset, field, `${e.length} byte(s), expected ${expected}`);
}

/** Encodes a group template (wrapped in its data group template when `dataGroup` is set). */
export function encodeLdsBiometricGroup(group: LdsBiometricGroup): Uint8Array {
  const count = group.instances.length;
  const parts = [
    encodeTlv(LDS_TAG.instanceCount, encodeUnsigned(count, 1, 'instanceCount')),
    ...group.instances.map(encodeInstance),
    ...group.otherTags.map((t) => encodeTlv(t.tag, t.value)),
  ];
  const template = encodeTlv(LDS_TAG.biometricInformationGroup, concatBytes(parts));
  return group.dataGroup ? encodeTlv(LDS_DATA_GROUP_TAG[group.dataGroup], template) : template;
}

function encodeInstance(instance: LdsBiometricInstance): Uint8Array {
  const bdbTag = instance.bdbEnciphered ? LDS_TAG.biometricDataBlockEnciphered : LDS_TAG.biometricDataBlock;
  return encodeTlv(
    LDS_TAG.biometricInformation,
    concatBytes([
      encodeTlv(LDS_TAG.biometricHeader, encodeHeader(instance.header)),
      encodeTlv(bdbTag, instance.bdb),
      ...instance.otherTags.map((t) => encodeTlv(t.tag, t.value)),
    ]),
  );
}

function encodeHeader(h: LdsBiometricHeader): Uint8Array {
  const parts: Uint8Array[] = [];
  const int = (tag: number, value: number | undefined, width: number, field: string): void => {
    if (value !== undefined) parts.push(encodeTlv(tag, encodeUnsigned(value, width, field)));
  };
  int(LDS_TAG.headerVersion, h.icaoHeaderVersion, LDS_INTEGER_WIDTH.headerVersion, 'icaoHeaderVersion');
  int(LDS_TAG.biometricType, h.biometricType, LDS_INTEGER_WIDTH.biometricType, 'biometricType');
  int(LDS_TAG.biometricSubtype, h.biometricSubtype, LDS_INTEGER_WIDTH.biometricSubtype, 'biometricSubtype');
  if (h.creationDateTime !== undefined) {
    parts.push(encodeTlv(LDS_TAG.creationDateTime, isoDateTimeToBcd(h.creationDateTime, 'creationDateTime')));
  }
  if (h.validityPeriod !== undefined) {
    parts.push(
      encodeTlv(
        LDS_TAG.validityPeriod,
        concatBytes([isoDateToBcd(h.validityPeriod.from, 'validityPeriod'), isoDateToBcd(h.validityPeriod.to, 'validityPeriod')]),
      ),
    );
  }
  int(LDS_TAG.creator, h.creator, LDS_INTEGER_WIDTH.creator, 'creator');
  int(LDS_TAG.formatOwner, h.formatOwner, LDS_INTEGER_WIDTH.formatOwner, 'formatOwner');
  int(LDS_TAG.formatType, h.formatType, LDS_INTEGER_WIDTH.formatType, 'formatType');
  for (const t of h.otherTags) parts.push(encodeTlv(t.tag, t.value));
  return concatBytes(parts);
}
