import type { DecodedImage, GreyImage } from './grey-image.js';
import { ImageDecodeError } from './image-decode-error.js';
import { J2K_CODESTREAM, JP2_SIGNATURE } from './image-format.js';
import { readJp2, writeJp2 } from './jp2-boxes.js';
import { luma, toEightBits } from './luma.js';
import { discardOpenJpeg, openJpeg } from './openjpeg-module.js';

const SIZ_MIN_BYTES = 4 + 2 + 2 + 32 + 2; // SOC, SIZ marker, Lsiz, Rsiz, 8 sizes, Csiz
const EOC = [0xff, 0xd9];
const MAX_BITS = 16;
/** Grey, grey + alpha, colour, colour + alpha: more components (multispectral) are refused before decoding. */
const MAX_COMPONENTS = 4;
/** Wavelet levels OpenJPEG uses by default; a small image gets fewer (each level halves the side). */
const MAX_DECOMPOSITIONS = 5;

interface CodestreamSize {
  width: number;
  height: number;
  components: number;
}

/** Image size from the SIZ segment, read before decoding so a bomb is refused without allocation. */
function readSiz(codestream: Uint8Array): CodestreamSize {
  if (!J2K_CODESTREAM.every((b, i) => codestream[i] === b)) throw new ImageDecodeError('CORRUPT', 'jp2', 'codestream does not start with SOC and SIZ markers');
  if (codestream.length < SIZ_MIN_BYTES) throw new ImageDecodeError('TRUNCATED', 'jp2', 'codestream ends inside the SIZ segment');
  const view = new DataView(codestream.buffer, codestream.byteOffset, codestream.byteLength);
  const width = view.getUint32(8) - view.getUint32(16);
  const height = view.getUint32(12) - view.getUint32(20);
  const components = view.getUint16(40);
  if (width <= 0 || height <= 0 || components === 0) throw new ImageDecodeError('CORRUPT', 'jp2', `impossible image size ${width} x ${height} with ${components} components`);
  return { width, height, components };
}

/** Decode a JP2 file or a raw J2K codestream to 8-bit grey (colour → luma, deeper samples rescaled). */
export async function decodeJpeg2000(bytes: Uint8Array, maxPixels: number): Promise<DecodedImage> {
  const isJp2 = JP2_SIGNATURE.every((b, i) => bytes[i] === b);
  const { codestream, ppi } = isJp2 ? readJp2(bytes) : { codestream: bytes, ppi: undefined };
  const size = readSiz(codestream);
  if (size.width * size.height > maxPixels) {
    throw new ImageDecodeError('TOO_LARGE', 'jp2', `${size.width} x ${size.height} exceeds the allowed ${maxPixels} pixels`);
  }
  // OpenJPEG decodes what it has of a cut-off codestream; a missing EOC marker is how we notice.
  if (codestream[codestream.length - 2] !== EOC[0] || codestream[codestream.length - 1] !== EOC[1]) {
    throw new ImageDecodeError('TRUNCATED', 'jp2', 'codestream does not end with an EOC marker (the file was cut short)');
  }
  if (size.components > MAX_COMPONENTS) {
    throw new ImageDecodeError('UNSUPPORTED', 'jp2', `${size.components} image components (only grey or colour, up to ${MAX_COMPONENTS})`);
  }
  const module = await openJpeg();
  let decoder: InstanceType<typeof module.J2KDecoder> | undefined;
  try {
    decoder = new module.J2KDecoder();
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    const frame = decoder.getFrameInfo();
    if (frame.width !== size.width || frame.height !== size.height) {
      throw new ImageDecodeError('CORRUPT', 'jp2', `decoded ${frame.width} x ${frame.height} but SIZ declares ${size.width} x ${size.height}`);
    }
    const pixels = toGrey(decoder.getDecodedBuffer(), frame);
    return { width: frame.width, height: frame.height, pixels, format: 'jp2', ...(ppi === undefined ? {} : { ppi }) };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    discardOpenJpeg();
    const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : 'OpenJPEG failed';
    throw new ImageDecodeError('CORRUPT', 'jp2', `codestream could not be decoded (${detail})`, { cause: error });
  } finally {
    decoder?.delete();
  }
}

/** OpenJPEG's output: samples interleaved by component, 1 byte each up to 8 bits, else 2 bytes (native order). */
function toGrey(decoded: Uint8Array, frame: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean }): Uint8Array {
  const { bitsPerSample: bits, componentCount: components, isSigned } = frame;
  if (bits < 1 || bits > MAX_BITS) throw new ImageDecodeError('UNSUPPORTED', 'jp2', `${bits}-bit samples are not supported`);
  const count = frame.width * frame.height;
  const wide = bits > 8;
  const expected = count * components * (wide ? 2 : 1);
  if (decoded.length < expected) throw new ImageDecodeError('CORRUPT', 'jp2', `decoder returned ${decoded.length} bytes, expected ${expected}`);
  // Copy off the WebAssembly heap before reading: the view dies with the decoder.
  const copy = Uint8Array.from(decoded.subarray(0, expected));
  const samples = wide
    ? isSigned
      ? new Int16Array(copy.buffer)
      : new Uint16Array(copy.buffer)
    : isSigned
      ? new Int8Array(copy.buffer)
      : copy;
  const offset = isSigned ? 2 ** (bits - 1) : 0;
  const sample = (i: number): number => toEightBits(Math.min(2 ** bits - 1, Math.max(0, samples[i]! + offset)), bits);
  const out = new Uint8Array(count);
  if (components < 3) {
    for (let i = 0; i < count; i++) out[i] = sample(i * components);
  } else {
    for (let i = 0, s = 0; i < count; i++, s += components) out[i] = luma(sample(s), sample(s + 1), sample(s + 2));
  }
  return out;
}

/** Lossless JPEG 2000 (reversible 5/3 wavelet) of a grey image, wrapped in a JP2 file that carries the ppi. */
export async function encodeJpeg2000(image: GreyImage): Promise<Uint8Array> {
  const module = await openJpeg();
  let encoder: InstanceType<typeof module.J2KEncoder> | undefined;
  try {
    encoder = new module.J2KEncoder();
    encoder.getDecodedBuffer({ width: image.width, height: image.height, bitsPerSample: 8, componentCount: 1, isSigned: false, isUsingColorTransform: false }).set(image.pixels);
    encoder.setQuality(true, 0);
    encoder.setDecompositions(Math.min(MAX_DECOMPOSITIONS, Math.floor(Math.log2(Math.min(image.width, image.height)))));
    encoder.encode();
    const codestream = Uint8Array.from(encoder.getEncodedBuffer());
    return writeJp2(codestream, image.width, image.height, image.ppi);
  } catch (error) {
    discardOpenJpeg();
    throw new ImageDecodeError('BAD_INPUT', 'jp2', `OpenJPEG could not encode the image (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  } finally {
    encoder?.delete();
  }
}
