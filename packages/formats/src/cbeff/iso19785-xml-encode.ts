import { XMLBuilder } from 'fast-xml-parser';
import { encodeBase64 } from './base64.js';
import { CBEFF_XML_INDENT, CBEFF_XML_NAMESPACE } from './constants.js';
import type { CbeffBdbInfo, CbeffBir, CbeffBirInfo, CbeffRegistryId, CbeffVersion } from './iso19785-types.js';

/**
 * Writes a BIR as ISO/IEC 19785-3 XML (UTF-8), elements in the schema's sequence order so that
 * schema-validating readers (MOSIP's CBEFF utility) accept it.
 */
export function encodeCbeffXml(bir: CbeffBir): Uint8Array {
  return new TextEncoder().encode(encodeCbeffXmlText(bir));
}

export function encodeCbeffXmlText(bir: CbeffBir): string {
  const body = builder.build({ BIR: { '@_xmlns': CBEFF_XML_NAMESPACE, ...birContent(bir) } });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: CBEFF_XML_INDENT,
  suppressEmptyNode: false,
});

type XmlObject = Record<string, unknown>;

/** Adds only the values that are present, keeping insertion (= schema) order. */
function put(target: XmlObject, name: string, value: unknown): void {
  if (value !== undefined) target[name] = value;
}

function birContent(bir: CbeffBir): XmlObject {
  const o: XmlObject = {};
  put(o, 'Version', version(bir.version));
  put(o, 'CBEFFVersion', version(bir.cbeffVersion));
  o.BIRInfo = birInfo(bir.birInfo);
  put(o, 'BDBInfo', bir.bdbInfo && bdbInfo(bir.bdbInfo));
  put(o, 'SBInfo', bir.sbInfo && (bir.sbInfo.format ? { Format: registryId(bir.sbInfo.format) } : ''));
  if (bir.children.length > 0) o.BIR = bir.children.map(birContent);
  put(o, 'BDB', bir.bdb && encodeBase64(bir.bdb));
  put(o, 'SB', bir.sb && encodeBase64(bir.sb));
  if (bir.others.length > 0) o.others = { entry: bir.others.map((e) => ({ '@_key': e.key, '#text': e.value })) };
  return o;
}

function version(v: CbeffVersion | undefined): XmlObject | undefined {
  return v && { Major: String(v.major), Minor: String(v.minor) };
}

function registryId(id: CbeffRegistryId | undefined): XmlObject | undefined {
  return id && { Organization: id.organization, Type: id.type };
}

function birInfo(info: CbeffBirInfo): XmlObject {
  const o: XmlObject = {};
  put(o, 'Creator', info.creator);
  put(o, 'Index', info.index);
  put(o, 'Payload', info.payload && encodeBase64(info.payload));
  o.Integrity = String(info.integrity);
  put(o, 'CreationDate', info.creationDate);
  put(o, 'NotValidBefore', info.notValidBefore);
  put(o, 'NotValidAfter', info.notValidAfter);
  return o;
}

function bdbInfo(info: CbeffBdbInfo): XmlObject {
  const o: XmlObject = {};
  put(o, 'ChallengeResponse', info.challengeResponse && encodeBase64(info.challengeResponse));
  put(o, 'Index', info.index);
  put(o, 'Format', registryId(info.format));
  put(o, 'Encryption', info.encryption === undefined ? undefined : String(info.encryption));
  put(o, 'CreationDate', info.creationDate);
  put(o, 'NotValidBefore', info.notValidBefore);
  put(o, 'NotValidAfter', info.notValidAfter);
  put(o, 'Type', info.type?.join(' '));
  put(o, 'Subtype', info.subtype?.join(' '));
  put(o, 'Level', info.level);
  put(o, 'Product', registryId(info.product));
  put(o, 'CaptureDevice', registryId(info.captureDevice));
  put(o, 'FeatureExtractionAlgorithm', registryId(info.featureExtractionAlgorithm));
  put(o, 'ComparisonAlgorithm', registryId(info.comparisonAlgorithm));
  put(o, 'CompressionAlgorithm', registryId(info.compressionAlgorithm));
  put(o, 'Purpose', info.purpose);
  if (info.quality) {
    const q: XmlObject = { Algorithm: registryId(info.quality.algorithm) };
    put(q, 'Score', info.quality.score === undefined ? undefined : String(info.quality.score));
    put(q, 'QualityCalculationFailed', info.quality.qualityCalculationFailed);
    o.Quality = q;
  }
  return o;
}
