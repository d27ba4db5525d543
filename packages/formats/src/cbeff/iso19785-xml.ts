import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeBase64Strict } from './base64.js';
import { xmlError } from './cbeff-error.js';
import { CBEFF_XML_MAX_BIR_DEPTH, CBEFF_XML_MAX_NESTED_TAGS, CBEFF_XML_MAX_QUALITY_SCORE, CBEFF_XML_NAMESPACE } from './constants.js';
import {
  CBEFF_BIOMETRIC_TYPES,
  CBEFF_PROCESSED_LEVELS,
  CBEFF_PURPOSES,
  CBEFF_SUBTYPE_WORDS,
  type CbeffBdbInfo,
  type CbeffBir,
  type CbeffBirInfo,
  type CbeffOtherEntry,
  type CbeffQuality,
  type CbeffRegistryId,
  type CbeffVersion,
} from './iso19785-types.js';
import { decodeUtf8Strict, utf8Offset } from './utf8-text.js';

/**
 * Decodes an ISO/IEC 19785-3 XML BIR (MOSIP's CBEFF file). fast-xml-parser does the XML; this file
 * checks the document against the schema's shape and types, and turns every failure into a
 * FormatError carrying the byte offset of the element at fault.
 */
export function decodeCbeffXml(input: Uint8Array | string): CbeffBir {
  const { text, base } = documentText(input);
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype >= 0) {
    // CBEFF never needs a DTD, and refusing one shuts out entity-expansion attacks.
    throw xmlError('UNSUPPORTED', base + utf8Offset(text, doctype), 'DOCTYPE', 'documents with a DTD are not accepted');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const at = base + utf8Offset(text, charIndexOf(text, valid.err.line, valid.err.col));
    throw xmlError('BAD_VALUE', at, 'xml', `malformed XML: ${valid.err.msg}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    // The validator passed, so this is a limit of the parser (e.g. nesting); still the input's fault.
    const message = (e as Error).message;
    throw xmlError(/nested/i.test(message) ? 'TOO_LARGE' : 'BAD_VALUE', base, 'xml', `XML parser refused the document: ${message}`);
  }
  const walker = new Walker(text, base);
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?'));
  if (roots.length !== 1) throw xmlError('BAD_VALUE', base, 'BIR', `expected one root element, found ${roots.length}`);
  const rootName = roots[0]!;
  const rootNodes = doc[rootName] as unknown[];
  if (localName(rootName) !== 'BIR' || rootNodes.length !== 1) {
    throw xmlError('BAD_MAGIC', base, 'BIR', `root element is <${rootName}>, expected a single <BIR>`);
  }
  const root = walker.element(rootNodes[0], 'BIR', base);
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : '';
  const ns = root[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (ns !== CBEFF_XML_NAMESPACE) {
    throw xmlError('BAD_MAGIC', walker.offsetOf(root, base), 'BIR', `namespace is ${String(ns)}, expected ${CBEFF_XML_NAMESPACE}`);
  }
  return walker.bir(root, 0, base);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
  // Every element as an array, so a repeated single-valued element is seen and refused.
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  captureMetaData: true,
  maxNestedTags: CBEFF_XML_MAX_NESTED_TAGS,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type XmlElement = Record<string | symbol, unknown>;

function documentText(input: Uint8Array | string): { text: string; base: number } {
  let text = typeof input === 'string' ? input : decodeUtf8Strict(input);
  let base = 0;
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    base = typeof input === 'string' ? 1 : 3;
  }
  return { text, base };
}

function charIndexOf(text: string, line: number, col: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', index);
    if (nl < 0) break;
    index = nl + 1;
  }
  return Math.min(text.length, index + Math.max(0, col - 1));
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function oneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const UUID = /^[a-fA-F0-9]{8}-([a-fA-F0-9]{4}-){3}[a-fA-F0-9]{12}$/;
const UNSIGNED = /^\+?\d{1,10}$/;

/** Reads parsed nodes with schema types, remembering where each element sits for error offsets. */
class Walker {
  constructor(
    private readonly source: string,
    private readonly base: number,
  ) {}

  offsetOf(node: XmlElement, fallback: number): number {
    const meta = node[META] as { startIndex?: number } | undefined;
    return meta?.startIndex === undefined ? fallback : this.base + utf8Offset(this.source, meta.startIndex);
  }

  /** A complex element (an object node); an empty or text-only one is refused. */
  element(value: unknown, field: string, at: number): XmlElement {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw xmlError('BAD_VALUE', at, field, `<${field}> must contain elements`);
    }
    return value as XmlElement;
  }

  /** Child elements by local name (prefixes stripped), in document order. */
  children(node: XmlElement, name: string): unknown[] {
    const out: unknown[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (!key.startsWith('@_') && key !== '#text' && localName(key) === name) out.push(...(value as unknown[]));
    }
    return out;
  }

  optional(node: XmlElement, name: string, at: number): unknown {
    const found = this.children(node, name);
    if (found.length > 1) throw xmlError('BAD_VALUE', at, name, `<${name}> appears ${found.length} times`);
    return found[0];
  }

  required(node: XmlElement, name: string, at: number): unknown {
    const v = this.optional(node, name, at);
    if (v === undefined) throw xmlError('BAD_VALUE', at, name, `<${name}> is missing`);
    return v;
  }

  text(value: unknown, field: string, at: number): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value).filter((k) => !k.startsWith('@_'));
      const t = (value as XmlElement)['#text'];
      if (keys.length === 0) return '';
      if (keys.length === 1 && typeof t === 'string') return t;
    }
    throw xmlError('BAD_VALUE', at, field, `<${field}> must hold text only`);
  }

  optionalText(node: XmlElement, name: string, at: number): string | undefined {
    const v = this.optional(node, name, at);
    return v === undefined ? undefined : this.text(v, name, at);
  }

  unsigned(node: XmlElement, name: string, at: number): number {
    const t = this.text(this.required(node, name, at), name, at);
    if (!UNSIGNED.test(t) || Number(t) > 0xffffffff) throw xmlError('BAD_VALUE', at, name, `'${t}' is not an unsignedInt`);
    return Number(t);
  }

  boolean(value: string, field: string, at: number): boolean {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw xmlError('BAD_VALUE', at, field, `'${value}' is not a boolean`);
  }

  dateTime(node: XmlElement, name: string, at: number): string | undefined {
    const t = this.optionalText(node, name, at);
    if (t !== undefined && !DATE_TIME.test(t)) throw xmlError('BAD_VALUE', at, name, `'${t}' is not an xs:dateTime`);
    return t;
  }

  uuid(node: XmlElement, name: string, at: number): string | undefined {
    const t = this.optionalText(node, name, at);
    if (t !== undefined && !UUID.test(t)) throw xmlError('BAD_VALUE', at, name, `'${t}' is not a UUID`);
    return t;
  }

  binary(node: XmlElement, name: string, at: number): Uint8Array | undefined {
    const t = this.optionalText(node, name, at);
    if (t === undefined) return undefined;
    const bytes = decodeBase64Strict(t);
    if (typeof bytes === 'string') throw xmlError('BAD_VALUE', at, name, `<${name}> is not base64: ${bytes}`);
    return bytes;
  }

  version(node: XmlElement, name: string, at: number): CbeffVersion | undefined {
    const v = this.optional(node, name, at);
    if (v === undefined) return undefined;
    const el = this.element(v, name, at);
    const here = this.offsetOf(el, at);
    return { major: this.unsigned(el, 'Major', here), minor: this.unsigned(el, 'Minor', here) };
  }

  registryId(node: XmlElement, name: string, at: number): CbeffRegistryId | undefined {
    const v = this.optional(node, name, at);
    if (v === undefined) return undefined;
    const el = this.element(v, name, at);
    const here = this.offsetOf(el, at);
    return {
      organization: this.text(this.required(el, 'Organization', here), 'Organization', here),
      type: this.text(this.required(el, 'Type', here), 'Type', here),
    };
  }

  bir(node: XmlElement, depth: number, parentAt: number): CbeffBir {
    const at = this.offsetOf(node, parentAt);
    if (depth > CBEFF_XML_MAX_BIR_DEPTH) throw xmlError('TOO_LARGE', at, 'BIR', `BIRs nested deeper than ${CBEFF_XML_MAX_BIR_DEPTH}`);
    const version = this.version(node, 'Version', at);
    const cbeffVersion = this.version(node, 'CBEFFVersion', at);
    const birInfo = this.birInfo(node, at);
    const bdbInfoNode = this.optional(node, 'BDBInfo', at);
    const sbInfoNode = this.optional(node, 'SBInfo', at);
    const children = this.children(node, 'BIR').map((c) => this.bir(this.element(c, 'BIR', at), depth + 1, at));
    const bdb = this.binary(node, 'BDB', at);
    const sb = this.binary(node, 'SB', at);
    const out: CbeffBir = { birInfo, children, others: this.others(node, at) };
    if (version) out.version = version;
    if (cbeffVersion) out.cbeffVersion = cbeffVersion;
    if (bdbInfoNode !== undefined) out.bdbInfo = this.bdbInfo(this.element(bdbInfoNode, 'BDBInfo', at), at);
    if (sbInfoNode !== undefined) {
      // An empty <SBInfo/> is allowed: all of its content is optional.
      const el = sbInfoNode === '' ? {} : this.element(sbInfoNode, 'SBInfo', at);
      const format = this.registryId(el, 'Format', this.offsetOf(el, at));
      out.sbInfo = format ? { format } : {};
    }
    if (bdb) out.bdb = bdb;
    if (sb) out.sb = sb;
    return out;
  }

  birInfo(node: XmlElement, parentAt: number): CbeffBirInfo {
    const el = this.element(this.required(node, 'BIRInfo', parentAt), 'BIRInfo', parentAt);
    const at = this.offsetOf(el, parentAt);
    const info: CbeffBirInfo = {
      integrity: this.boolean(this.text(this.required(el, 'Integrity', at), 'Integrity', at), 'Integrity', at),
    };
    const creator = this.optionalText(el, 'Creator', at);
    const index = this.uuid(el, 'Index', at);
    const payload = this.binary(el, 'Payload', at);
    const creationDate = this.dateTime(el, 'CreationDate', at);
    const notValidBefore = this.dateTime(el, 'NotValidBefore', at);
    const notValidAfter = this.dateTime(el, 'NotValidAfter', at);
    if (creator !== undefined) info.creator = creator;
    if (index !== undefined) info.index = index;
    if (payload !== undefined) info.payload = payload;
    if (creationDate !== undefined) info.creationDate = creationDate;
    if (notValidBefore !== undefined) info.notValidBefore = notValidBefore;
    if (notValidAfter !== undefined) info.notValidAfter = notValidAfter;
    return info;
  }

  bdbInfo(el: XmlElement, parentAt: number): CbeffBdbInfo {
    const at = this.offsetOf(el, parentAt);
    const info: CbeffBdbInfo = {};
    const challengeResponse = this.binary(el, 'ChallengeResponse', at);
    const index = this.uuid(el, 'Index', at);
    const format = this.registryId(el, 'Format', at);
    const encryption = this.optionalText(el, 'Encryption', at);
    const creationDate = this.dateTime(el, 'CreationDate', at);
    const notValidBefore = this.dateTime(el, 'NotValidBefore', at);
    const notValidAfter = this.dateTime(el, 'NotValidAfter', at);
    const type = this.list(el, 'Type', CBEFF_BIOMETRIC_TYPES, at);
    const subtype = this.list(el, 'Subtype', CBEFF_SUBTYPE_WORDS, at);
    const level = this.optionalText(el, 'Level', at);
    const purpose = this.optionalText(el, 'Purpose', at);
    const quality = this.optional(el, 'Quality', at);
    if (challengeResponse !== undefined) info.challengeResponse = challengeResponse;
    if (index !== undefined) info.index = index;
    if (format) info.format = format;
    if (encryption !== undefined) info.encryption = this.boolean(encryption, 'Encryption', at);
    if (creationDate !== undefined) info.creationDate = creationDate;
    if (notValidBefore !== undefined) info.notValidBefore = notValidBefore;
    if (notValidAfter !== undefined) info.notValidAfter = notValidAfter;
    if (type) info.type = type;
    if (subtype) info.subtype = subtype;
    if (level !== undefined) {
      if (!oneOf(CBEFF_PROCESSED_LEVELS, level)) throw xmlError('BAD_VALUE', at, 'Level', `unknown processed level '${level}'`);
      info.level = level;
    }
    for (const name of ['Product', 'CaptureDevice', 'FeatureExtractionAlgorithm', 'ComparisonAlgorithm', 'CompressionAlgorithm'] as const) {
      const id = this.registryId(el, name, at);
      if (id) info[(name.charAt(0).toLowerCase() + name.slice(1)) as 'product'] = id;
    }
    if (purpose !== undefined) {
      if (!oneOf(CBEFF_PURPOSES, purpose)) throw xmlError('BAD_VALUE', at, 'Purpose', `unknown purpose '${purpose}'`);
      info.purpose = purpose;
    }
    if (quality !== undefined) info.quality = this.quality(this.element(quality, 'Quality', at), at);
    return info;
  }

  /** xs:list values: whitespace-separated words, each from the schema's enumeration. */
  list<T extends string>(el: XmlElement, name: string, allowed: readonly T[], at: number): T[] | undefined {
    const t = this.optionalText(el, name, at);
    if (t === undefined) return undefined;
    const words = t.split(/\s+/).filter((w) => w.length > 0);
    for (const w of words) if (!oneOf(allowed, w)) throw xmlError('BAD_VALUE', at, name, `unknown ${name} '${w}'`);
    return words as T[];
  }

  quality(el: XmlElement, parentAt: number): CbeffQuality {
    const at = this.offsetOf(el, parentAt);
    const algorithm = this.registryId(el, 'Algorithm', at);
    if (!algorithm) throw xmlError('BAD_VALUE', at, 'Algorithm', '<Quality> without <Algorithm>');
    const score = this.optionalText(el, 'Score', at);
    const failed = this.optionalText(el, 'QualityCalculationFailed', at);
    if ((score === undefined) === (failed === undefined)) {
      throw xmlError('BAD_VALUE', at, 'Score', '<Quality> needs exactly one of <Score> and <QualityCalculationFailed>');
    }
    const out: CbeffQuality = { algorithm };
    if (score !== undefined) {
      if (!UNSIGNED.test(score) || Number(score) > CBEFF_XML_MAX_QUALITY_SCORE) {
        throw xmlError('BAD_VALUE', at, 'Score', `quality score '${score}' is not 0–${CBEFF_XML_MAX_QUALITY_SCORE}`);
      }
      out.score = Number(score);
    }
    if (failed !== undefined) out.qualityCalculationFailed = failed;
    return out;
  }

  others(node: XmlElement, at: number): CbeffOtherEntry[] {
    const out: CbeffOtherEntry[] = [];
    for (const list of this.children(node, 'others')) {
      if (list === '') continue; // <others/>: nillable and empty
      const el = this.element(list, 'others', at);
      const here = this.offsetOf(el, at);
      for (const entry of this.children(el, 'entry')) {
        const key = typeof entry === 'object' && entry !== null ? (entry as XmlElement)['@_key'] : undefined;
        if (typeof key !== 'string') throw xmlError('BAD_VALUE', here, 'entry', '<entry> without a key attribute');
        out.push({ key, value: this.text(entry, 'entry', here) });
      }
    }
    return out;
  }
}
