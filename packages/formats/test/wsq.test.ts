import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeWsq, encodeWsq, FormatError, inspectWsq, type GreyImage } from '../src/index.js';
import { sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const nist = sharedData('formats', 'wsq-nist');
const ansiNist = sharedData('formats', 'ansi-nist');

/** NIST stores its reference images as lossless WebP; the grey level is any one channel. */
async function readGrey(file: string): Promise<GreyImage> {
  const { data, info } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: new Uint8Array(data) };
}

/** A skipped block says why: the shared data is missing. */
const titled = (title: string, data: string | undefined): string => (data ? title : sharedDataMissingMessage);

const readBytes = (file: string): Uint8Array => new Uint8Array(readFileSync(file));

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / se);
}

/** A fingerprint-like test pattern: curved ridges of varying frequency plus deterministic noise. */
function ridges(width: number, height: number): GreyImage {
  const pixels = new Uint8Array(width * height);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const r = Math.hypot(x - width / 2, y - height * 0.6);
      const v = 128 + 90 * Math.sin(r / (2.5 + x / width)) + ((seed >>> 24) - 128) / 16;
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width, height, pixels };
}

describe.skipIf(!nist)(titled('WSQ decoder against NIST reference reconstructions', nist), () => {
  const sets = [
    ['75', 40],
    ['225', 40],
    ['not_7_9', 6],
  ] as const;

  for (const [set, count] of sets) {
    it(`reproduces every ${set} reconstruction pixel for pixel`, async () => {
      const files = readdirSync(join(nist!, 'wsq', set)).filter((f) => f.endsWith('.wsq'));
      expect(files).toHaveLength(count);
      const mismatches: string[] = [];
      for (const f of files) {
        const decoded = decodeWsq(readBytes(join(nist!, 'wsq', set, f)));
        const reference = await readGrey(join(nist!, 'wsq_decoded', set, f.replace(/\.wsq$/, '.webp')));
        expect([decoded.width, decoded.height], f).toEqual([reference.width, reference.height]);
        let differing = 0;
        for (let i = 0; i < reference.pixels.length; i++) if (decoded.pixels[i] !== reference.pixels[i]) differing++;
        if (differing > 0) mismatches.push(`${f}: ${differing} pixels differ`);
      }
      expect(mismatches).toEqual([]);
    }, 300_000);
  }

  it('reads the other filter sets from the DTT segment (none of the not_7_9 files is 7/9)', () => {
    const seen = new Set<string>();
    for (const f of readdirSync(join(nist!, 'wsq', 'not_7_9'))) {
      const { transform } = inspectWsq(readBytes(join(nist!, 'wsq', 'not_7_9', f)));
      const taps = `${transform.lowpass.length}/${transform.highpass.length}`;
      expect(taps, f).not.toBe('9/7');
      seen.add(taps);
    }
    // Even-length (half-sample symmetric) and odd-length banks both occur.
    expect([...seen].sort()).toEqual(['10/10', '6/10', '9/11']);
  });

  it('lists the segments of a NIST file in order, with offsets and Huffman table ids', () => {
    const info = inspectWsq(readBytes(join(nist!, 'wsq', '75', 'a001.wsq')));
    expect(info.segments.map((s) => s.name)).toEqual(['SOI', 'DTT', 'DQT', 'SOF', 'DHT', 'SOB', 'SOB', 'SOB', 'EOI']);
    expect(info.segments[1]).toMatchObject({ name: 'DTT', offset: 2, length: 58 });
    expect(info.segments[4]!.tables).toEqual([0, 1]);
    expect(info.segments.slice(5, 8).map((s) => s.tables)).toEqual([[0], [1], [1]]);
    expect(info.frame).toMatchObject({ width: 1508, height: 1008, black: 0, white: 255 });
    expect(info.quantization.binCenter).toBeCloseTo(0.44, 6);
    expect(info.comments).toEqual([]);
  });
});

describe.skipIf(!ansiNist)(titled('WSQ decoder on a file with NIST_COM and separate Huffman tables', ansiNist), () => {
  it('reads the PPI from NIST_COM and keeps every comment', () => {
    const bytes = readBytes(join(ansiNist!, 'sample.wsq'));
    const decoded = decodeWsq(bytes);
    expect([decoded.width, decoded.height, decoded.ppi]).toEqual([545, 622, 500]);
    expect(decoded.comments).toHaveLength(2);
    expect(decoded.comments[0]).toMatch(/^NIST_COM 9\n/);
    expect(decoded.nistComment).toMatchObject({ PIX_WIDTH: '545', PIX_HEIGHT: '622', PPI: '500', COMPRESSION: 'WSQ' });
    expect(inspectWsq(bytes).segments.map((s) => s.name)).toEqual(['SOI', 'COM', 'COM', 'DTT', 'DQT', 'SOF', 'DHT', 'SOB', 'DHT', 'SOB', 'SOB', 'EOI']);
  });

  it('decodes the 14 WSQ images of a ten-print card, each matching the size its NIST_COM declares', () => {
    const card = readBytes(join(ansiNist!, 'type-4-tpcard.an2'));
    const decoded = [];
    // Each image starts with SOI followed by a table or comment marker; the decoder stops at EOI.
    for (let i = 0; i + 3 < card.length; i++) {
      if (card[i] === 0xff && card[i + 1] === 0xa0 && card[i + 2] === 0xff && [0xa4, 0xa5, 0xa8].includes(card[i + 3]!)) {
        decoded.push(decodeWsq(card.subarray(i)));
      }
    }
    expect(decoded).toHaveLength(14);
    for (const image of decoded) {
      expect(image.nistComment).toBeDefined();
      expect([image.width, image.height]).toEqual([Number(image.nistComment!['PIX_WIDTH']), Number(image.nistComment!['PIX_HEIGHT'])]);
      // A real fingerprint: dark ridges on a light background, not a flat or garbage plane.
      const mean = image.pixels.reduce((a, p) => a + p, 0) / image.pixels.length;
      expect(mean).toBeGreaterThan(100);
      expect(mean).toBeLessThan(250);
    }
  });
});

describe.skipIf(!nist)(titled('WSQ encoder against NIST reference codestreams (certification check)', nist), () => {
  it('encodes all 40 inputs at 0.75 and 2.25 bpp within 1 % of the reference size and at >= 70 dB PSNR against the reference reconstruction', async () => {
    const inputs = readdirSync(join(nist!, 'input')).filter((f) => f.endsWith('.webp'));
    expect(inputs).toHaveLength(40);
    const failures: string[] = [];
    let passed = 0;
    let worstSize = 0;
    let worstPsnr = Infinity;
    for (const f of inputs) {
      const name = f.replace(/\.webp$/, '');
      const image = await readGrey(join(nist!, 'input', f));
      for (const [set, bitRate] of [
        ['75', 0.75],
        ['225', 2.25],
      ] as const) {
        const mine = encodeWsq(image, { bitRate });
        const referenceSize = readFileSync(join(nist!, 'wsq', set, `${name}.wsq`)).length;
        const sizeError = Math.abs(mine.length - referenceSize) / referenceSize;
        const reconstruction = await readGrey(join(nist!, 'wsq_decoded', set, `${name}.webp`));
        const quality = psnr(decodeWsq(mine).pixels, reconstruction.pixels);
        worstSize = Math.max(worstSize, sizeError);
        worstPsnr = Math.min(worstPsnr, quality);
        if (sizeError <= 0.01 && quality >= 70) passed++;
        else failures.push(`${name} @ ${bitRate}: size ${mine.length} vs ${referenceSize}, PSNR ${quality.toFixed(2)} dB`);
      }
    }
    console.log(`WSQ encoder: ${passed}/80 pass; worst size error ${(worstSize * 100).toFixed(3)} %, worst PSNR ${worstPsnr.toFixed(2)} dB`);
    expect(failures).toEqual([]);
    expect(passed).toBe(80);
  }, 600_000);
});

describe('WSQ encoder', () => {
  const image = ridges(256, 320);

  it('writes the segments in the order of NIST reference files', () => {
    const info = inspectWsq(encodeWsq(image, { bitRate: 0.75 }));
    expect(info.segments.map((s) => s.name)).toEqual(['SOI', 'DTT', 'DQT', 'SOF', 'DHT', 'SOB', 'SOB', 'SOB', 'EOI']);
    expect(info.segments[4]!.tables).toEqual([0, 1]);
    expect(info.transform.lowpass).toHaveLength(9);
    expect(info.transform.highpass).toHaveLength(7);
    expect(info.comments).toEqual([]);
  });

  it('spends about the bit rate asked for and reconstructs the image closely', () => {
    const low = encodeWsq(image, { bitRate: 0.75 });
    const high = encodeWsq(image, { bitRate: 2.25 });
    expect(high.length).toBeGreaterThan(2 * low.length);
    const decoded = decodeWsq(high);
    expect([decoded.width, decoded.height]).toEqual([256, 320]);
    expect(psnr(decoded.pixels, image.pixels)).toBeGreaterThan(30);
    expect(psnr(decodeWsq(low).pixels, image.pixels)).toBeGreaterThan(20);
  });

  it('encodes flat, tiny and odd-sized images into codestreams it decodes', () => {
    for (const [width, height] of [
      [1, 1],
      [3, 5],
      [17, 9],
      [100, 3],
      [64, 48],
    ] as const) {
      const flat: GreyImage = { width, height, pixels: new Uint8Array(width * height).fill(200) };
      const decoded = decodeWsq(encodeWsq(flat, { bitRate: 0.75 }));
      expect([decoded.width, decoded.height]).toEqual([width, height]);
      expect(decoded.pixels.every((p) => p === 200)).toBe(true);
      const pattern = ridges(width, height);
      expect(decodeWsq(encodeWsq(pattern, { bitRate: 2.25 })).pixels).toHaveLength(width * height);
    }
  });

  it('writes a NIST_COM with the PPI when asked, which the decoder reads back', () => {
    const bytes = encodeWsq({ ...image, ppi: 500 }, { bitRate: 0.75, nistComment: true });
    const decoded = decodeWsq(bytes);
    expect(decoded.ppi).toBe(500);
    expect(decoded.nistComment).toMatchObject({ PIX_WIDTH: '256', PIX_HEIGHT: '320', PIX_DEPTH: '8', PPI: '500', LOSSY: '1', WSQ_BITRATE: '0.750000' });
    expect(inspectWsq(bytes).segments.map((s) => s.name).slice(0, 3)).toEqual(['SOI', 'COM', 'DTT']);
    // Without a known resolution the field says -1 (unknown), as NIST's tools write it.
    expect(decodeWsq(encodeWsq(image, { bitRate: 0.75, nistComment: true })).nistComment?.['PPI']).toBe('-1');
    expect(decodeWsq(encodeWsq(image, { bitRate: 0.75 })).ppi).toBeUndefined();
  });

  it('keeps comments through a decode-encode pass, refreshing NIST_COM when asked', () => {
    const first = decodeWsq(encodeWsq({ ...image, ppi: 1000 }, { bitRate: 2.25, nistComment: true, comments: ['scanned at station 7'] }));
    expect(first.comments).toHaveLength(2);
    expect(first.comments[1]).toBe('scanned at station 7');

    const kept = decodeWsq(encodeWsq(first, { bitRate: 0.75, comments: first.comments }));
    expect(kept.comments).toEqual(first.comments);
    expect(kept.ppi).toBe(1000);

    const withExtra = first.comments[0]!.replace(/\n$/, '\nSOURCE livescan\n').replace(/^NIST_COM \d+/, 'NIST_COM 10');
    const refreshed = decodeWsq(encodeWsq(first, { bitRate: 0.75, comments: [withExtra, 'scanned at station 7'], nistComment: true }));
    expect(refreshed.comments).toHaveLength(2);
    expect(refreshed.nistComment).toMatchObject({ PPI: '1000', WSQ_BITRATE: '0.750000', SOURCE: 'livescan' });
    expect(refreshed.comments[1]).toBe('scanned at station 7');
  });

  it('decodes restart-interval (DRT) segments and skips restart markers in entropy-coded data', () => {
    const bytes = encodeWsq(image, { bitRate: 0.75 });
    const segments = inspectWsq(bytes).segments;
    const sof = segments.find((s) => s.name === 'SOF')!.offset;
    const secondBlock = segments.filter((s) => s.name === 'SOB')[1]!.offset;
    const edited = new Uint8Array([
      ...bytes.subarray(0, sof),
      ...[0xff, 0xa7, 0x00, 0x04, 0x00, 0x10], // DRT: restart interval 16
      ...bytes.subarray(sof, secondBlock),
      ...[0xff, 0xb0], // RST0 where the first block's data ends
      ...bytes.subarray(secondBlock),
    ]);
    expect(inspectWsq(edited).segments.map((s) => s.name)).toContain('DRT');
    expect(decodeWsq(edited).pixels).toEqual(decodeWsq(bytes).pixels);
  });

  it('rejects impossible input with a typed FormatError', () => {
    const bad = (run: () => unknown, field: string): void => {
      try {
        run();
        expect.unreachable('should have thrown');
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        expect((e as FormatError).field).toBe(field);
      }
    };
    bad(() => encodeWsq({ width: 0, height: 5, pixels: new Uint8Array(0) }, { bitRate: 0.75 }), 'width');
    bad(() => encodeWsq({ width: 70000, height: 1, pixels: new Uint8Array(70000) }, { bitRate: 0.75 }), 'width');
    bad(() => encodeWsq({ width: 4, height: 4, pixels: new Uint8Array(15) }, { bitRate: 0.75 }), 'pixels');
    bad(() => encodeWsq(image, { bitRate: 0 }), 'bitRate');
    bad(() => encodeWsq(image, { bitRate: Number.NaN }), 'bitRate');
    bad(() => encodeWsq(image, { bitRate: 0.75, comments: ['ok', 'not latin-1: \u20ac'] }), 'comment');
  });
});
