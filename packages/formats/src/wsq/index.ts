export { decodeWsq, inspectWsq, type WsqInspection } from './decoder.js';
export { encodeWsq } from './encoder.js';
export { NIST_COM_TAG, parseNistComment } from './nist-comment.js';
export type {
  GreyImage,
  WsqDecoded,
  WsqDecodeOptions,
  WsqEncodeInput,
  WsqEncodeOptions,
  WsqFrameHeader,
  WsqHuffmanTable,
  WsqQuantizationTable,
  WsqSegment,
  WsqTransformTable,
} from './types.js';
