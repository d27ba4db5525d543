import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiNistImages, parseAnsiNist } from '@kura/formats';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, decodeImageFile, encodeGreyImage, encodePng, ImageDecodeError, sniffImageFormat, type GreyImage } from '../src/index.js';
import { quantised, writeBmp } from './bmp-writer.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const fvcTiff = sharedData('fvc', 'fvc2002-db1b', '101_1.tif');
const wsqNist = sharedData('formats', 'wsq-nist');
const ansiNist = sharedData('formats', 'ansi-nist');
const PPI = 500;
/** 500 ppi in pixels per metre, as BMP headers and PNG pHYs store it. */
const PPM_500 = Math.round(PPI / 0.0254);

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<ImageDecodeError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    expect(e).toBeInstanceOf(ImageDecodeError);
    return e as ImageDecodeError;
  }
  throw new Error('expected an ImageDecodeError, got a result');
}

/** Pixel-exact comparison that fails with a count, not a diff of a 100,000-element array (slow to print). */
function expectSamePixels(actual: Uint8Array, expected: Uint8Array, label = 'pixels'): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let differing = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) differing++;
  expect(differing, `${label}: pixels that differ`).toBe(0);
}

function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

const haveData = !!fvcTiff && !!wsqNist && !!ansiNist;

describe.skipIf(!haveData)(`decodeImage on real images${haveData ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  /** The FVC impression read by sharp directly, as the ground truth every lossless path must reproduce. */
  let truth: GreyImage;
  const raw = () => sharp(truth.pixels, { raw: { width: truth.width, height: truth.height, channels: 1 } });

  beforeAll(async () => {
    const { data, info } = await sharp(fvcTiff!).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(1);
    truth = { width: info.width, height: info.height, pixels: new Uint8Array(data) };
  });

  it('reads the FVC TIFF as it is stored (no resolution in the file)', async () => {
    const image = await decodeImageFile(fvcTiff!);
    expect(image).toMatchObject({ format: 'tiff', width: 388, height: 374 });
    expect(image.ppi).toBeUndefined();
    expectSamePixels(image.pixels, truth.pixels);
  });

  it('PNG: pixel-exact, density carried as ppi', async () => {
    const png = await raw().withMetadata({ density: PPI }).png().toBuffer();
    const image = await decodeImage(png);
    expect(image).toMatchObject({ format: 'png', width: truth.width, height: truth.height, ppi: PPI });
    expectSamePixels(image.pixels, truth.pixels);
  });

  it('encodePng writes the ppi and round-trips exactly', async () => {
    const png = await encodePng({ ...truth, ppi: PPI });
    expect(sniffImageFormat(png)).toBe('png');
    expect((await sharp(png).metadata()).density).toBe(PPI);
    const back = await decodeImage(png);
    expect(back.ppi).toBe(PPI);
    expectSamePixels(back.pixels, truth.pixels);
    expect((await decodeImage(await encodePng(truth))).ppi).toBeUndefined();
  });

  it('TIFF with a resolution in pixels per centimetre → ppi', async () => {
    const tiff = await raw().toColourspace('b-w').tiff({ compression: 'lzw', xres: PPI / 25.4, yres: PPI / 25.4, resolutionUnit: 'cm' }).toBuffer();
    const image = await decodeImage(tiff);
    expect(image).toMatchObject({ format: 'tiff', ppi: PPI });
    expectSamePixels(image.pixels, truth.pixels);
  });

  it('JPEG: size and ppi from JFIF/EXIF; no resolution gives undefined, not sharp’s 72', async () => {
    const jpeg = await raw().withMetadata({ density: PPI }).jpeg({ quality: 95 }).toBuffer();
    const image = await decodeImage(jpeg);
    expect(image).toMatchObject({ format: 'jpeg', width: truth.width, height: truth.height, ppi: PPI });
    expect(meanAbsoluteDifference(image.pixels, truth.pixels)).toBeLessThan(2);

    const bare = await raw().jpeg().toBuffer();
    expect((await sharp(bare).metadata()).density).toBe(72); // what we must not trust
    expect((await decodeImage(bare)).ppi).toBeUndefined();

    // JFIF APP0 with units = 2 (dots per cm): 197 ppcm is 500 ppi.
    const app0 = Uint8Array.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 2, 0, 197, 0, 197, 0, 0]);
    const jfif = new Uint8Array([...bare.subarray(0, 2), ...app0, ...bare.subarray(2)]);
    expect((await decodeImage(jfif)).ppi).toBe(500);
  });

  it('WebP: the NIST WSQ inputs (lossless WebP) decode to their stored pixels', async () => {
    const dir = join(wsqNist!, 'input');
    for (const name of readdirSync(dir).slice(0, 2)) {
      const path = join(dir, name);
      const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
      const channel0 = new Uint8Array(info.width * info.height);
      for (let i = 0; i < channel0.length; i++) channel0[i] = data[i * info.channels]!;
      const image = await decodeImageFile(path);
      expect(image).toMatchObject({ format: 'webp', width: info.width, height: info.height });
      expectSamePixels(image.pixels, channel0);
    }
  });

  it('WebP made from the FVC image is lossless', async () => {
    const image = await decodeImage(await raw().webp({ lossless: true }).toBuffer());
    expect(image.format).toBe('webp');
    expectSamePixels(image.pixels, truth.pixels);
  });

  it('colour → BT.601 luma; 16-bit → 8-bit; alpha flattened', async () => {
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 200, 200]);
    const colour = await sharp(rgb, { raw: { width: 4, height: 1, channels: 3 } }).png().toBuffer();
    expect(Array.from((await decodeImage(colour)).pixels)).toEqual([76, 150, 29, 200]);

    const sixteen = await raw().toColourspace('grey16').png().toBuffer();
    expect((await sharp(sixteen).metadata()).depth).toBe('ushort');
    expectSamePixels((await decodeImage(sixteen)).pixels, truth.pixels);

    const withAlpha = await raw().ensureAlpha(1).png().toBuffer();
    expect((await sharp(withAlpha).metadata()).hasAlpha).toBe(true);
    expectSamePixels((await decodeImage(withAlpha)).pixels, truth.pixels);
  });

  it('BMP: this sharp build cannot read it, our reader does every common layout', async () => {
    const { width, height, pixels } = truth;
    const eightBit = writeBmp(width, height, pixels, { bitsPerPixel: 8, pixelsPerMetre: PPM_500 });
    await expect(sharp(eightBit).metadata()).rejects.toThrow(/unsupported image format/);

    for (const layout of [
      { bitsPerPixel: 8 as const, pixelsPerMetre: PPM_500 },
      { bitsPerPixel: 8 as const, topDown: true },
      { bitsPerPixel: 24 as const, pixelsPerMetre: PPM_500 },
      { bitsPerPixel: 24 as const, topDown: true },
      { bitsPerPixel: 32 as const },
      { bitsPerPixel: 24 as const, coreHeader: true },
    ]) {
      const image = await decodeImage(writeBmp(width, height, pixels, layout));
      expect(image).toMatchObject({ format: 'bmp', width, height });
      expect(image.ppi).toBe(layout.pixelsPerMetre ? PPI : undefined);
      expectSamePixels(image.pixels, pixels, JSON.stringify(layout));
    }
    for (const bits of [1, 4] as const) {
      const image = await decodeImage(writeBmp(width, height, pixels, { bitsPerPixel: bits }));
      expectSamePixels(image.pixels, pixels.map((g) => quantised(g, bits)));
    }
    // Odd width: rows padded to 4 bytes.
    const odd = pixels.subarray(0, 7 * 5);
    expectSamePixels((await decodeImage(writeBmp(7, 5, odd, { bitsPerPixel: 24 }))).pixels, odd);
  });

  it('JPEG 2000: lossless JP2 round trip with the resolution box, and the bare J2K codestream', async () => {
    const jp2 = await encodeGreyImage({ ...truth, ppi: PPI }, 'jp2');
    expect(sniffImageFormat(jp2)).toBe('jp2');
    const image = await decodeImage(jp2);
    expect(image).toMatchObject({ format: 'jp2', width: truth.width, height: truth.height, ppi: PPI });
    expectSamePixels(image.pixels, truth.pixels);

    // The codestream alone (.j2k): find the 'jp2c' box and decode its content.
    const at = Buffer.from(jp2).indexOf('jp2c');
    const codestream = jp2.subarray(at + 4);
    expect(Array.from(codestream.subarray(0, 4))).toEqual([0xff, 0x4f, 0xff, 0x51]);
    const bare = await decodeImage(codestream);
    expect(bare.ppi).toBeUndefined();
    expectSamePixels(bare.pixels, truth.pixels);
  });

  it('JPEG 2000 from a real ANSI/NIST palm record (Type-15, JP2L) decodes at the record’s size', async () => {
    const transaction = parseAnsiNist(readFileSync(join(ansiNist!, 'type-15-palms.an2')));
    const jp2 = ansiNistImages(transaction).find((i) => i.compression === 'jpeg2000-lossless');
    expect(jp2).toBeDefined();
    const image = await decodeImage(jp2!.data);
    expect(image).toMatchObject({ format: 'jp2', width: jp2!.width, height: jp2!.height });
    // NIST's test palm is a synthetic black-and-white maze: about half of each, nothing in between.
    const black = image.pixels.filter((v) => v === 0).length / image.pixels.length;
    const white = image.pixels.filter((v) => v === 255).length / image.pixels.length;
    expect(black).toBeGreaterThan(0.4);
    expect(white).toBeGreaterThan(0.4);
    expect(black + white).toBeGreaterThan(0.999);
  });

  it('lossless JPEG (SOF3) from a real Type-14 record is refused as UNSUPPORTED, not "corrupt"', async () => {
    const transaction = parseAnsiNist(readFileSync(join(ansiNist!, 'type-10-14-17-piv-index-iris.an2')));
    const jpegl = ansiNistImages(transaction).find((i) => i.compression === 'jpeg-lossless');
    expect(jpegl).toBeDefined();
    const error = await rejection(decodeImage(jpegl!.data));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/lossless JPEG/);
  });

  it('WSQ: decoding matches NIST’s reference reconstruction exactly', async () => {
    for (const name of ['a001']) {
      const image = await decodeImageFile(join(wsqNist!, 'wsq', '75', `${name}.wsq`));
      const reference = await decodeImageFile(join(wsqNist!, 'wsq_decoded', '75', `${name}.webp`));
      expect(image).toMatchObject({ format: 'wsq', width: reference.width, height: reference.height });
      expectSamePixels(image.pixels, reference.pixels);
    }
  });

  it('WSQ: encodeGreyImage writes the ppi in NIST_COM and decodes back close to the original', async () => {
    const wsq = await encodeGreyImage({ ...truth, ppi: PPI }, 'wsq');
    expect(sniffImageFormat(wsq)).toBe('wsq');
    expect(wsq.length).toBeLessThan((truth.width * truth.height * 0.75) / 8 * 1.2);
    const back = await decodeImage(wsq);
    expect(back).toMatchObject({ format: 'wsq', width: truth.width, height: truth.height, ppi: PPI });
    expect(psnr(back.pixels, truth.pixels)).toBeGreaterThan(25);
    const richer = await encodeGreyImage(truth, 'wsq', { bitRate: 2.25 });
    expect(richer.length).toBeGreaterThan(wsq.length * 2);
  });

  describe('bad input → typed errors', () => {
    let samples: Record<'png' | 'jpeg' | 'tiff' | 'webp' | 'bmp' | 'jp2' | 'wsq', Uint8Array>;
    beforeAll(async () => {
      samples = {
        png: await raw().png().toBuffer(),
        jpeg: await raw().jpeg().toBuffer(),
        tiff: await raw().toColourspace('b-w').tiff({ compression: 'lzw' }).toBuffer(),
        webp: await raw().webp({ lossless: true }).toBuffer(),
        bmp: writeBmp(truth.width, truth.height, truth.pixels, { bitsPerPixel: 8 }),
        jp2: await encodeGreyImage(truth, 'jp2'),
        wsq: await encodeGreyImage(truth, 'wsq'),
      };
    });

    it('empty and garbage bytes → UNSUPPORTED_FORMAT', async () => {
      expect((await rejection(decodeImage(new Uint8Array(0)))).code).toBe('UNSUPPORTED_FORMAT');
      const garbage = new TextEncoder().encode('this is not an image at all');
      const error = await rejection(decodeImage(garbage));
      expect(error.code).toBe('UNSUPPORTED_FORMAT');
      expect(error.message).toMatch(/starts with 74 68 69 73/);
    });

    it('every format truncated to half → a typed error (never a partial image)', async () => {
      for (const [format, bytes] of Object.entries(samples)) {
        const error = await rejection(decodeImage(bytes.subarray(0, bytes.length >> 1)));
        expect(['TRUNCATED', 'CORRUPT'], `${format}: ${error.code} ${error.message}`).toContain(error.code);
        expect(error.format).toBe(format);
      }
    });

    it('every format cut inside its header → a typed error', async () => {
      for (const [format, bytes] of Object.entries(samples)) {
        const error = await rejection(decodeImage(bytes.subarray(0, 20)));
        expect(['TRUNCATED', 'CORRUPT'], `${format}: ${error.code} ${error.message}`).toContain(error.code);
      }
    });

    it('damaged PNG (CRC no longer matches) → CORRUPT', async () => {
      const damaged = Uint8Array.from(samples.png);
      for (let i = 200; i < 260; i++) damaged[i] = damaged[i]! ^ 0x5a;
      expect((await rejection(decodeImage(damaged))).code).toBe('CORRUPT');
    });

    it('more pixels than allowed → TOO_LARGE for every format, before decoding', async () => {
      for (const [format, bytes] of Object.entries(samples)) {
        const error = await rejection(decodeImage(bytes, { maxPixels: 10_000 }));
        expect(error.code, `${format}: ${error.message}`).toBe('TOO_LARGE');
      }
    });

    it('RLE-compressed and 16-bit BMP → UNSUPPORTED', async () => {
      const rle = writeBmp(8, 8, new Uint8Array(64), { bitsPerPixel: 8, compression: 1 });
      expect((await rejection(decodeImage(rle))).message).toMatch(/RLE8/);
      const sixteen = writeBmp(8, 8, new Uint8Array(64), { bitsPerPixel: 8 });
      new DataView(sixteen.buffer).setUint16(28, 16, true);
      expect((await rejection(decodeImage(sixteen))).code).toBe('UNSUPPORTED');
    });

    it('a JP2 whose box length points past the end → TRUNCATED', async () => {
      const bad = Uint8Array.from(samples.jp2);
      new DataView(bad.buffer).setUint32(12, 0x7fffffff); // the ftyp box
      expect((await rejection(decodeImage(bad))).code).toBe('TRUNCATED');
    });

    it('the JPEG 2000 decoder still works after a failure', async () => {
      const broken = Uint8Array.from(samples.jp2);
      const at = Buffer.from(broken).indexOf('jp2c') + 4 + 200;
      broken.fill(0xff, at, at + 400);
      await decodeImage(broken).catch((e: unknown) => expect(e).toBeInstanceOf(ImageDecodeError));
      expectSamePixels((await decodeImage(samples.jp2)).pixels, truth.pixels);
    });

    it('encoders refuse inconsistent images with BAD_INPUT', async () => {
      const wrong = { width: 10, height: 10, pixels: new Uint8Array(99) };
      for (const format of ['png', 'wsq', 'jp2'] as const) {
        expect((await rejection(encodeGreyImage(wrong, format))).code).toBe('BAD_INPUT');
      }
    });
  });
});
