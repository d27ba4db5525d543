import { createRequire } from 'node:module';
import { ImageDecodeError } from './image-decode-error.js';

/**
 * OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg). The Emscripten loader reads
 * its .wasm from its own folder in node_modules: no network. Only the calls we use are typed here.
 */
export interface OpenJpegFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  isUsingColorTransform?: boolean;
}

export interface OpenJpegDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): OpenJpegFrameInfo;
  delete(): void;
}

export interface OpenJpegEncoder {
  getDecodedBuffer(frame: OpenJpegFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setQuality(lossless: boolean, quality: number): void;
  setDecompositions(levels: number): void;
  encode(): void;
  delete(): void;
}

interface OpenJpegModule {
  J2KDecoder: new () => OpenJpegDecoder;
  J2KEncoder: new () => OpenJpegEncoder;
}

type OpenJpegFactory = (overrides: { print: (text: string) => void; printErr: (text: string) => void }) => Promise<OpenJpegModule>;

const PACKAGE = '@cornerstonejs/codec-openjpeg/wasmjs';
const quiet = (): void => {};

let instance: Promise<OpenJpegModule> | undefined;

/** The shared OpenJPEG instance, loaded on first use. OpenJPEG's progress chatter is silenced. */
export function openJpeg(): Promise<OpenJpegModule> {
  instance ??= (async () => {
    try {
      const factory = createRequire(import.meta.url)(PACKAGE) as OpenJpegFactory;
      return await factory({ print: quiet, printErr: quiet });
    } catch (error) {
      instance = undefined;
      const detail = error instanceof Error ? error.message : String(error);
      throw new ImageDecodeError('UNSUPPORTED', 'jp2', `JPEG 2000 needs the OpenJPEG WebAssembly module (${PACKAGE}), which could not be loaded (${detail})`, {
        cause: error,
      });
    }
  })();
  return instance;
}

/**
 * Forget the instance after a failure inside it: an Emscripten abort leaves the module unusable,
 * so the next image gets a fresh one.
 */
export function discardOpenJpeg(): void {
  instance = undefined;
}
