import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, it } from 'vitest';
import { decodeImage, encodeGreyImage, ImageDecodeError } from '../src/index.js';
import { fuzzRuns, fuzzTimeoutMs, mutatedBytes } from '../../../test-support/fuzz.js';
import { writeBmp } from './bmp-writer.js';

/**
 * Damaged files of every format: decodeImage must return an image or throw ImageDecodeError —
 * never another exception, never hang. Seeds are tiny so 10,000 runs stay within seconds.
 */
const WIDTH = 24;
const HEIGHT = 16;
/** Keeps a mutated size field from asking for a huge decode while fuzzing. */
const MAX_PIXELS = 1 << 16;

let seeds: Uint8Array[] = [];

beforeAll(async () => {
  const pixels = new Uint8Array(WIDTH * HEIGHT).map((_, i) => (i * 37 + (i >> 3) * 11) & 0xff);
  const grey = { width: WIDTH, height: HEIGHT, pixels, ppi: 500 };
  const raw = () => sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 1 } });
  const jp2 = await encodeGreyImage(grey, 'jp2');
  seeds = [
    new Uint8Array(await raw().withMetadata({ density: 500 }).png().toBuffer()),
    new Uint8Array(await raw().withMetadata({ density: 500 }).jpeg().toBuffer()),
    new Uint8Array(await raw().toColourspace('b-w').tiff({ compression: 'lzw' }).toBuffer()),
    new Uint8Array(await raw().webp({ lossless: true }).toBuffer()),
    writeBmp(WIDTH, HEIGHT, pixels, { bitsPerPixel: 8, pixelsPerMetre: 19685 }),
    writeBmp(WIDTH, HEIGHT, pixels, { bitsPerPixel: 24, topDown: true }),
    writeBmp(WIDTH, HEIGHT, pixels, { bitsPerPixel: 4, coreHeader: true }),
    jp2,
    jp2.subarray(Buffer.from(jp2).indexOf('jp2c') + 4),
    await encodeGreyImage(grey, 'wsq'),
  ];
});

describe('decodeImage on damaged input', () => {
  it(
    'throws only ImageDecodeError',
    async () => {
      const input = fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...seeds).chain((s) => mutatedBytes(s)) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
      );
      await fc.assert(
        fc.asyncProperty(input, async (bytes) => {
          try {
            const image = await decodeImage(bytes, { maxPixels: MAX_PIXELS });
            if (image.pixels.length !== image.width * image.height) throw new Error(`${image.format}: ${image.pixels.length} pixels for ${image.width}x${image.height}`);
          } catch (e) {
            if (!(e instanceof ImageDecodeError)) throw e;
          }
        }),
        { numRuns: fuzzRuns },
      );
    },
    fuzzTimeoutMs,
  );
});
