import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedData, sharedDataMissingMessage } from '../../../test-support/shared-data.js';

const bin = join(repoRoot, 'packages/cli/bin/kura.js');
const built = existsSync(join(repoRoot, 'packages/cli/dist/main.js'));
const db1b = sharedData('fvc', 'fvc2002-db1b');
let work: string;

function kura(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  if (!built) throw new Error('the CLI is not built: run `npm run build` (npm ci does it) before the tests');
  work = mkdtempSync(join(tmpdir(), 'kura-fingerprint-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!db1b)(`kura fingerprint and kura bench fvc${db1b ? '' : ` (${sharedDataMissingMessage})`}`, () => {
  it('extracts a template, the same bytes every time, and compares it', () => {
    const out = join(work, 'a.kfpt');
    const first = kura(['fingerprint', 'extract', `${db1b}/101_1.tif`, '--ppi', '500', '--out', out]);
    expect(first.code, first.err).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('KFPT');
    expect(kura(['fingerprint', 'extract', `${db1b}/101_1.tif`, '--out', out]).code).toBe(0);
    expect(readFileSync(out).equals(bytes)).toBe(true);

    const mate = kura(['fingerprint', 'compare', out, `${db1b}/101_2.tif`, '--json']);
    expect(mate.code, mate.err).toBe(0);
    const other = kura(['fingerprint', 'compare', out, `${db1b}/105_2.tif`, '--json']);
    const m = JSON.parse(mate.out) as { score: number; fmr: number; pairedMinutiae: number };
    const o = JSON.parse(other.out) as { score: number; fmr: number };
    expect(m.score).toBeGreaterThan(o.score);
    expect(m.fmr).toBeLessThan(1e-3);
    expect(m.pairedMinutiae).toBeGreaterThan(5);
    expect(kura(['fingerprint', 'compare', out, `${db1b}/101_2.tif`]).out).toMatch(/^score [\d.]+ {2}FMR [\d.e+-]+ {2}paired minutiae \d+/);
  });

  it('compares ISO 19794-2 templates and exports them', () => {
    const r = kura(['fingerprint', 'compare', `${db1b}/103_1.iso`, `${db1b}/103_2.iso`, '--json']);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { score: number }).score).toBeGreaterThan(0);
    const iso = join(work, 'a.iso');
    expect(kura(['fingerprint', 'extract', `${db1b}/103_1.tif`, '--format', 'iso', '--out', iso]).code).toBe(0);
    expect(readFileSync(iso).subarray(0, 4).toString('latin1')).toBe('FMR\0');
  });

  it('draws minutiae and paired minutiae as PNG', async () => {
    const one = join(work, 'one.png');
    const two = join(work, 'two.png');
    expect(kura(['fingerprint', 'show', `${db1b}/101_1.tif`, '--out', one]).code).toBe(0);
    expect(kura(['fingerprint', 'show', `${db1b}/101_1.tif`, '--against', `${db1b}/101_2.tif`, '--out', two]).code).toBe(0);
    expect((await sharp(one).metadata()).width).toBe(388);
    expect((await sharp(two).metadata()).width).toBeGreaterThan(2 * 388);
  });

  it('fails clearly on a file that is not an image, a truncated one or one too small', async () => {
    const junk = join(work, 'junk.tif');
    writeFileSync(junk, 'not an image');
    const r = kura(['fingerprint', 'extract', junk]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^kura: .*junk\.tif: not a readable image/);
    expect(kura(['fingerprint', 'compare', join(work, 'missing.kfpt'), junk]).err).toMatch(/no such file/);
    const truncated = join(work, 'truncated.tif');
    const tif = readFileSync(`${db1b}/101_1.tif`);
    writeFileSync(truncated, tif.subarray(0, tif.length >> 1));
    const t = kura(['fingerprint', 'extract', truncated]);
    expect(t.code).toBe(1);
    expect(t.err.trim().split('\n')).toHaveLength(1);
    const tiny = join(work, 'tiny.png');
    await sharp(Buffer.alloc(100, 128), { raw: { width: 10, height: 10, channels: 1 } }).png().toFile(tiny);
    const s = kura(['fingerprint', 'compare', tiny, `${db1b}/101_1.tif`]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/^kura: .*tiny\.png: .*at least/);
    const badTemplate = join(work, 'bad.kfpt');
    writeFileSync(badTemplate, Buffer.from('KFPT\x07'));
    expect(kura(['fingerprint', 'compare', badTemplate, `${db1b}/101_1.iso`]).err).toMatch(/^kura: .*bad\.kfpt: Kura fingerprint template: /);
  });

  it('scores a blank image or noise 0 and says the image is not usable', async () => {
    const blank = join(work, 'blank.png');
    const noise = join(work, 'noise.png');
    await sharp(Buffer.alloc(300 * 300, 255), { raw: { width: 300, height: 300, channels: 1 } }).png().toFile(blank);
    const random = Buffer.alloc(300 * 300);
    let seed = 12345;
    for (let i = 0; i < random.length; i++) random[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    await sharp(random, { raw: { width: 300, height: 300, channels: 1 } }).png().toFile(noise);
    for (const file of [blank, noise]) {
      const r = kura(['fingerprint', 'compare', file, `${db1b}/101_1.tif`, '--json']);
      expect(r.code, r.err).toBe(0);
      const result = JSON.parse(r.out) as { score: number; warnings: string[] };
      expect(result.score).toBe(0);
      expect(result.warnings.join()).toMatch(/not usable/);
    }
  });

  it('runs the FVC benchmark with the exact JSON interface and a DET plot', async () => {
    const plot = join(work, 'det.png');
    const r = kura(['bench', 'fvc', db1b!, '--ppi', '500', '--json', '--source', 'iso', '--plot', plot]);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['allPairs', 'comparisonsPerSecondPerCore', 'extractMsPerImage', 'failedToExtract', 'fvc', 'images']);
    expect(result.images).toBe(80);
    expect(result.fvc).toMatchObject({ genuine: 280, impostor: 45 });
    expect(result.allPairs).toMatchObject({ genuine: 280, impostor: 2880 });
    expect((await sharp(plot).metadata()).format).toBe('png');
  });
});
