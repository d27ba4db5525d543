import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeMinutiaeRecord,
  detectMinutiaeFormat,
  encodeCbeffXml,
  encodeFaceImageRecord,
  encodeFingerImageRecord,
  encodeLdsBiometricGroup,
  fingerImageCompressionCode,
  type MinutiaeRecord,
} from '@kura/formats';
import { decodeImage, decodeImageFile } from '@kura/images';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const bin = join(repoRoot, 'packages/cli/bin/kura.js');
const built = existsSync(join(repoRoot, 'packages/cli/dist/main.js'));
const ansiNist = sharedData('formats', 'ansi-nist');
const iso = sharedData('formats', 'iso19794-2');
const fvcTiff = sharedData('fvc', 'fvc2002-db1b', '101_1.tif');
const haveData = !!ansiNist && !!iso && !!fvcTiff;
let work: string;

function kura(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function kuraJson<T>(args: string[]): T {
  const r = kura(args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

/**
 * Field 1.003 (CNT) read straight from the file's bytes, apart from the codec under test: the first
 * subfield is "1^<number of other records>", then one "type^IDC" per record in file order.
 */
function contentList(bytes: Uint8Array): [number, number][] {
  const text = Buffer.from(bytes).toString('latin1');
  const GS = String.fromCharCode(0x1d); // field separator
  const start = Math.max(text.indexOf(`${GS}1.003:`), text.indexOf(`${GS}1.03:`));
  expect(start).toBeGreaterThan(0);
  const value = text.slice(text.indexOf(':', start) + 1, text.indexOf('\x1d', start + 1));
  return value.split('\x1e').map((s) => {
    const [type, idc] = s.split('\x1f');
    return [Number(type), Number(idc)];
  });
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

interface InspectedTransaction {
  kind: string;
  records: { index: number; type: number; idc: number; image?: { width: number; height: number; compression: string }; files?: string[] }[];
}

beforeAll(() => {
  if (!built) throw new Error('the CLI is not built: run `npm run build` (npm ci does it) before the tests');
  work = mkdtempSync(join(tmpdir(), 'kura-formats-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!haveData)(`kura formats inspect${haveData ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  it('--json on every reference transaction: one record per CNT entry, in CNT order, numeric type and idc', () => {
    const files = readdirSync(ansiNist!).filter((f) => f.endsWith('.an2'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const path = join(ansiNist!, file);
      const cnt = contentList(readFileSync(path));
      const out = kuraJson<InspectedTransaction>(['formats', 'inspect', path, '--json']);
      expect(out.kind, file).toBe('ansi-nist');
      expect(Array.isArray(out.records), file).toBe(true);
      expect(out.records.length, file).toBe(cnt[0]![1] + 1);
      expect(out.records[0]).toMatchObject({ type: 1 });
      for (let i = 1; i < cnt.length; i++) {
        const record = out.records[i]!;
        expect(typeof record.type).toBe('number');
        expect(typeof record.idc).toBe('number');
        expect([record.type, record.idc], `${file} record ${i}`).toEqual(cnt[i]);
      }
    }
  }, 300_000);

  it('prints a readable listing: records, fields, images and minutiae counts', () => {
    const r = kura(['formats', 'inspect', join(ansiNist!, 'type-9-10-14.an2')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/ANSI\/NIST-ITL transaction, version 0400, 5 records/);
    expect(r.out).toMatch(/#2 Type-9 .*IDC 1.*48 minutiae/);
    expect(r.out).toMatch(/#3 Type-10 .*image 1181×1575 jpeg/);
    expect(r.out).toMatch(/1\.003 +CNT/);
  });

  it('WSQ, minutiae records and images, by content', () => {
    const wsq = kuraJson<{ kind: string; width: number; height: number; ppi: number }>(['formats', 'inspect', join(ansiNist!, 'sample.wsq'), '--json']);
    expect(wsq).toMatchObject({ kind: 'wsq', width: 545, height: 622, ppi: 500 });

    for (const [file, standard] of [
      ['iso19794p2v2005-sample.dat', 'iso-19794-2-2005'],
      ['iso19794p2v2011-sample.dat', 'iso-19794-2-2011'],
      ['ansi378v2004-sample.dat', 'ansi-378-2004'],
      ['ansi378v2009-sample.dat', 'ansi-378-2009'],
    ] as const) {
      const expected = JSON.parse(readFileSync(join(iso!, file.replace('.dat', '.json')), 'utf8')) as { fingerprints: { minutiae: unknown[] }[] };
      const total = expected.fingerprints.reduce((n, f) => n + f.minutiae.length, 0);
      const out = kuraJson<{ kind: string; standard: string; minutiaeTotal: number }>(['formats', 'inspect', join(iso!, file), '--json']);
      expect(out, file).toMatchObject({ kind: 'iso-minutiae', standard, minutiaeTotal: total });
    }

    const tif = kuraJson<{ kind: string; format: string; width: number; height: number }>(['formats', 'inspect', fvcTiff!, '--json']);
    expect(tif).toMatchObject({ kind: 'image', format: 'tiff', width: 388, height: 374 });
  });

  it('ISO 19794-4/-5 image records and CBEFF containers (XML and ICAO LDS): BDBs recognised, unpacked by convert', async () => {
    const wsq = new Uint8Array(readFileSync(join(ansiNist!, 'sample.wsq')));
    const fir = join(work, 'finger.fir');
    writeFileSync(
      fir,
      encodeFingerImageRecord({
        captureDeviceId: 0,
        imageAcquisitionLevel: 31,
        scaleUnits: 1,
        scanResolutionX: 500,
        scanResolutionY: 500,
        imageResolutionX: 500,
        imageResolutionY: 500,
        pixelDepth: 8,
        compressionCode: fingerImageCompressionCode('wsq'),
        views: [{ fingerPosition: 2, viewCount: 1, viewNumber: 1, quality: 80, impressionType: 0, width: 545, height: 622, imageData: wsq }],
      }),
    );
    const finger = kuraJson<{ kind: string; compression: string; images: { size: string; bytes: number }[] }>(['formats', 'inspect', fir, '--json']);
    expect(finger).toMatchObject({ kind: 'iso-finger-image', compression: 'wsq', images: [{ size: '545×622', bytes: wsq.length }] });

    const jpeg = new Uint8Array(await sharp(fvcTiff!).jpeg().toBuffer());
    const fac = join(work, 'face.fac');
    const face = {
      gender: 0, eyeColour: 0, hairColour: 0, featureMask: 0, expression: 0,
      poseAngle: { yaw: 0, pitch: 0, roll: 0 }, poseAngleUncertainty: { yaw: 0, pitch: 0, roll: 0 },
      featurePoints: [], faceImageType: 1, imageDataTypeCode: 0, width: 388, height: 374,
      colourSpace: 0, sourceType: 0, deviceType: 0, quality: 0, imageData: jpeg,
    };
    writeFileSync(fac, encodeFaceImageRecord({ faces: [face] }));
    const faces = kuraJson<{ kind: string; faces: { imageDataType: string; size: string }[] }>(['formats', 'inspect', fac, '--json']);
    expect(faces).toMatchObject({ kind: 'iso-face-image', faces: [{ imageDataType: 'jpeg', size: '388×374' }] });

    const template = new Uint8Array(readFileSync(fvcTiff!.replace(/\.tif$/, '.iso')));
    const xml = join(work, 'bir.xml');
    const leaf = {
      birInfo: { integrity: false },
      bdbInfo: { format: { organization: '257', type: '2' }, type: ['Finger' as const], subtype: ['Left' as const, 'IndexFinger' as const] },
      children: [],
      bdb: template,
      others: [],
    };
    writeFileSync(xml, encodeCbeffXml({ birInfo: { integrity: false }, children: [leaf, { ...leaf, bdb: wsq }], others: [] }));
    const bir = kuraJson<{ kind: string; bir: { children: { type: string[]; bdb: { kind: string; bytes: number; summary: Record<string, unknown> } }[] } }>([
      'formats', 'inspect', xml, '--json',
    ]);
    expect(bir.kind).toBe('cbeff-xml');
    expect(bir.bir.children).toHaveLength(2);
    expect(bir.bir.children[0]!.type).toEqual(['Finger']);
    expect(bir.bir.children[0]!.bdb).toMatchObject({ kind: 'iso-minutiae', bytes: template.length, summary: { standard: 'iso-19794-2-2005' } });
    expect(bir.bir.children[1]!.bdb).toMatchObject({ kind: 'wsq', summary: { width: 545, height: 622 } });

    const lds = join(work, 'dg3.bin');
    const header = { icaoHeaderVersion: 0x0101, biometricType: 0x08, formatOwner: 0x0101, formatType: 0x0007, otherTags: [] };
    writeFileSync(lds, encodeLdsBiometricGroup({ dataGroup: 'DG3', instances: [{ header, bdb: readFileSync(fir), bdbEnciphered: false, otherTags: [] }], otherTags: [] }));
    const group = kuraJson<{ kind: string; dataGroup: string; instances: { formatType: number; bdb: { kind: string } }[] }>(['formats', 'inspect', lds, '--json']);
    expect(group).toMatchObject({ kind: 'cbeff-lds', dataGroup: 'DG3', instances: [{ formatType: 7, bdb: { kind: 'iso-finger-image' } }] });

    // convert unpacks each container into a folder: embedded items kept, images also as PNG, plus record.json.
    const unpack = (file: string, folder: string): string[] => {
      const r = kura(['formats', 'convert', file, join(work, folder)]);
      expect(r.code, r.err).toBe(0);
      return readdirSync(join(work, folder)).sort();
    };
    expect(unpack(fir, 'fir')).toEqual(['00-finger2-view1.png', '00-finger2-view1.wsq', 'record.json']);
    expect(readFileSync(join(work, 'fir', '00-finger2-view1.wsq')).equals(Buffer.from(wsq))).toBe(true);
    expect((await decodeImageFile(join(work, 'fir', '00-finger2-view1.png'))).ppi).toBe(500);
    expect(unpack(fac, 'fac')).toEqual(['00-face.jpg', '00-face.png', 'record.json']);
    expect(unpack(xml, 'xml')).toEqual(['00-bdb.fmr', '01-bdb.png', '01-bdb.wsq', 'record.json']);
    expect(readFileSync(join(work, 'xml', '00-bdb.fmr')).equals(Buffer.from(template))).toBe(true);
    expect(unpack(lds, 'lds')).toEqual(['00-bdb.fir', 'record.json']);
  });

  it('refuses unknown and damaged files with a one-line message and exit code 1', () => {
    const garbage = join(work, 'garbage.bin');
    writeFileSync(garbage, 'not an interchange file');
    const unknown = kura(['formats', 'inspect', garbage]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/not a recognised file/);

    const cut = join(work, 'cut.an2');
    writeFileSync(cut, readFileSync(join(ansiNist!, 'type-4-tpcard.an2')).subarray(0, 5000));
    const truncated = kura(['formats', 'inspect', cut]);
    expect(truncated.code).toBe(1);
    expect(truncated.err).toMatch(/^kura: .*cut\.an2: /);
    expect(truncated.err).not.toMatch(/unexpected error|\n\s+at /);

    expect(kura(['formats', 'inspect', join(work, 'missing.wsq')]).err).toMatch(/no such file/);
  });
});

describe.skipIf(!haveData)(`kura formats convert${haveData ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  it('WSQ → PNG (exact decode, ppi kept) → WSQ at the requested bit rate', async () => {
    const wsqPath = join(ansiNist!, 'sample.wsq');
    const png = join(work, 'sample.png');
    const r = kura(['formats', 'convert', wsqPath, png]);
    expect(r.code, r.err).toBe(0);
    const decodedWsq = await decodeImageFile(wsqPath);
    const decodedPng = await decodeImageFile(png);
    expect(decodedPng).toMatchObject({ format: 'png', width: 545, height: 622, ppi: 500 });
    expect(Buffer.from(decodedPng.pixels).equals(Buffer.from(decodedWsq.pixels))).toBe(true);

    const again = join(work, 'again.wsq');
    expect(kura(['formats', 'convert', png, again, '--bitrate', '0.75']).code).toBe(0);
    const bytes = readFileSync(again);
    expect(bytes[0]).toBe(0xff);
    expect(bytes[1]).toBe(0xa0);
    const bitsPerPixel = (bytes.length * 8) / (545 * 622);
    expect(bitsPerPixel).toBeGreaterThan(0.5);
    expect(bitsPerPixel).toBeLessThan(1.0);
    const back = await decodeImage(bytes);
    expect(back.ppi).toBe(500);
    expect(psnr(back.pixels, decodedPng.pixels)).toBeGreaterThan(28);

    const richer = join(work, 'richer.wsq');
    expect(kura(['formats', 'convert', png, richer, '--bitrate', '2.25']).code).toBe(0);
    // This image was itself decoded from WSQ, so a higher rate buys less than on a scan: only ask for more bytes and fidelity.
    expect(readFileSync(richer).length).toBeGreaterThan(bytes.length);
    expect(psnr((await decodeImageFile(richer)).pixels, decodedPng.pixels)).toBeGreaterThan(psnr(back.pixels, decodedPng.pixels));
  });

  it('any image → WSQ with --ppi recorded; a wrong extension is refused', async () => {
    const out = join(work, 'fvc.wsq');
    expect(kura(['formats', 'convert', fvcTiff!, out, '--ppi', '500']).code).toBe(0);
    expect((await decodeImageFile(out)).ppi).toBe(500);
    const wrong = kura(['formats', 'convert', fvcTiff!, join(work, 'fvc.gif')]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/\.png, \.wsq or \.jp2/);
  });

  it('ANSI/NIST ten-print card → folder: every WSQ kept and decoded to PNG, plus transaction.json', async () => {
    const folder = join(work, 'tpcard');
    const r = kura(['formats', 'convert', join(ansiNist!, 'type-4-tpcard.an2'), folder]);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(folder);
    expect(files.filter((f) => f.endsWith('.wsq'))).toHaveLength(14);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(14);
    const manifest = JSON.parse(readFileSync(join(folder, 'transaction.json'), 'utf8')) as InspectedTransaction;
    const cnt = contentList(readFileSync(join(ansiNist!, 'type-4-tpcard.an2')));
    expect(manifest.records.map((x) => [x.type, x.idc]).slice(1)).toEqual(cnt.slice(1));
    for (const record of manifest.records.filter((x) => x.type === 4)) {
      expect(record.files).toHaveLength(2);
      const [wsqName, pngName] = [record.files!.find((f) => f.endsWith('.wsq'))!, record.files!.find((f) => f.endsWith('.png'))!];
      const wsq = await decodeImageFile(join(folder, wsqName));
      expect([wsq.width, wsq.height]).toEqual([record.image!.width, record.image!.height]);
      const png = await sharp(join(folder, pngName)).toColourspace('b-w').raw().toBuffer();
      expect(Buffer.from(wsq.pixels).equals(png)).toBe(true);
    }
  }, 120_000);

  it('ANSI/NIST with JPEG 2000, JPEG, PNG and minutiae records → the right files', () => {
    const palms = join(work, 'palms');
    expect(kura(['formats', 'convert', join(ansiNist!, 'type-15-palms.an2'), palms]).code).toBe(0);
    expect(readdirSync(palms).sort()).toEqual(['02-type15-idc1.png', '02-type15-idc1.wsq', '03-type15-idc2.jp2', '03-type15-idc2.png', 'transaction.json']);

    const mixed = join(work, 'mixed');
    const r = kura(['formats', 'convert', join(ansiNist!, 'type-9-10-14.an2'), mixed]);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(mixed);
    expect(files).toContain('02-type9-minutiae.json');
    expect(files).toContain('03-type10-idc2.jpg');
    const minutiae = JSON.parse(readFileSync(join(mixed, '02-type9-minutiae.json'), 'utf8')) as { minutiae: unknown[] }[];
    expect(minutiae[0]!.minutiae).toHaveLength(48);
  });

  it('ISO 19794-2 → ANSI 378 → ISO 19794-2 keeps every minutia (angles within one unit of rounding)', () => {
    for (const [file, via] of [
      ['iso19794p2v2005-sample.dat', 'ansi-378-2004'],
      ['iso19794p2v2011-sample.dat', 'ansi-378-2009'],
    ] as const) {
      const source = readFileSync(join(iso!, file));
      const ansi = join(work, `${file}.ansi`);
      const back = join(work, `${file}.iso`);
      const r = kura(['formats', 'convert', join(iso!, file), ansi]);
      expect(r.code, r.err).toBe(0);
      expect(detectMinutiaeFormat(readFileSync(ansi))?.standard).toBe(via);
      expect(kura(['formats', 'convert', ansi, back]).code).toBe(0);
      const a = decodeMinutiaeRecord(source);
      const b = decodeMinutiaeRecord(readFileSync(back));
      expect(b.standard).toBe(a.standard);
      expectSameMinutiae(a, b);
    }
    // --to picks another target explicitly.
    const out = join(work, 'to-2011.iso');
    expect(kura(['formats', 'convert', join(iso!, 'ansi378v2004-sample.dat'), out, '--to', 'iso-2011']).code).toBe(0);
    expect(detectMinutiaeFormat(readFileSync(out))?.standard).toBe('iso-19794-2-2011');
  });
});

function expectSameMinutiae(a: MinutiaeRecord, b: MinutiaeRecord): void {
  expect(b.views).toHaveLength(a.views.length);
  a.views.forEach((view, v) => {
    const other = b.views[v]!;
    expect(other.fingerPosition).toBe(view.fingerPosition);
    expect(other.minutiae).toHaveLength(view.minutiae.length);
    view.minutiae.forEach((m, i) => {
      const n = other.minutiae[i]!;
      expect([n.type, n.x, n.y]).toEqual([m.type, m.x, m.y]);
      // ISO 360/256° → ANSI 2° → ISO: at most one ISO unit of rounding, modulo a full turn.
      const diff = Math.abs(n.angleUnits - m.angleUnits);
      expect(Math.min(diff, 256 - diff)).toBeLessThanOrEqual(1);
    });
  });
}
