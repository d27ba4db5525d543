export { decodeImage, decodeImageFile } from './decode-image.js';
export { encodeGreyImage, encodePng, type GreyEncodeFormat, type GreyEncodeOptions } from './encode-image.js';
export { IMAGE_FORMATS, type DecodedImage, type DecodeImageOptions, type GreyImage, type ImageFormat } from './grey-image.js';
export { ImageDecodeError, isImageDecodeError, type ImageDecodeErrorCode } from './image-decode-error.js';
export { sniffImageFormat } from './image-format.js';
export { IMAGE_LIMITS, WSQ_DEFAULTS } from './limits.js';
