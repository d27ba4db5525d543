export {
  type RawTlv as RawBerTlv,
  type TlvElement as BerTlvElement,
  readTlv as readBerTlv,
  readTlvSequence as readBerTlvSequence,
  encodeTlv as encodeBerTlv,
} from './ber-tlv.js';
export { CBEFF_XML_NAMESPACE, LDS_DATA_GROUP_TAG, LDS_TAG, type LdsDataGroup } from './constants.js';
export {
  decodeLdsBiometricGroup,
  encodeLdsBiometricGroup,
  type LdsBiometricGroup,
  type LdsBiometricHeader,
  type LdsBiometricInstance,
} from './icao-lds.js';
export * from './iso19785-types.js';
export { decodeCbeffXml } from './iso19785-xml.js';
export { encodeCbeffXml, encodeCbeffXmlText } from './iso19785-xml-encode.js';
