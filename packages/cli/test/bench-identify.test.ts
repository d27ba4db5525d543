import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CacheCorruptError, CacheWriter, scanCache } from '../src/bench-identify/cache-file.js';
import { fnirAtFpir, percentile, runIdentifyBenchmark } from '../src/bench-identify/index.js';
import { benchIdentifyCommand } from '../src/commands/bench.js';
import { CliError } from '../src/config.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kura-bench-identify-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KEYS = ['people', 'fingersPerSearch', 'buildSeconds', 'searchMsP50', 'searchMsP99', 'fnirAtFpir01', 'fnirAtFpir001', 'bytesPerFinger', 'restartSeconds'];

describe('FNIR at FPIR', () => {
  it('sets the threshold just above the non-mated best score that would exceed the allowed share', () => {
    // 10 non-mated searches: at FPIR 10 % one may pass, so the score to beat is the 2nd best (8).
    const nonMatedBestScores = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const mateScores = [20, 9, 8.5, 8, undefined];
    const at10 = fnirAtFpir({ mateScores, nonMatedBestScores }, 0.1);
    expect(at10.scoreToBeat).toBe(9);
    expect(at10.falsePositives).toBe(1);
    expect(at10.fnir).toBe(4 / 5); // 9 is not above 9; 8.5, 8 and the missing mate fail too
    const at1 = fnirAtFpir({ mateScores, nonMatedBestScores }, 0.01);
    expect(at1.scoreToBeat).toBe(10);
    expect(at1.falsePositives).toBe(0);
    const at30 = fnirAtFpir({ mateScores, nonMatedBestScores }, 0.3);
    expect(at30.scoreToBeat).toBe(7);
    expect(at30.fnir).toBe(1 / 5);
    expect(() => fnirAtFpir({ mateScores, nonMatedBestScores }, 2)).toThrow(RangeError);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('the cache container', () => {
  const header = { format: 1, content: 'test', people: 3 };
  it('reads back what was written, and detects damage and truncation', async () => {
    const path = join(work, 'container.kcache');
    const writer = await CacheWriter.create(path, header, 1);
    await writer.append(0, 2, new Uint8Array([1, 2, 3]));
    await writer.append(2, 1, new Uint8Array([4, 5]));
    expect(existsSync(path)).toBe(false); // only the partial file until finished
    await writer.finish();
    const seen: number[][] = [];
    const scan = await scanCache(path, header, (c) => void seen.push([c.first, c.count, ...c.payload]));
    expect(scan.complete).toBe(true);
    expect(seen).toEqual([[0, 2, 1, 2, 3], [2, 1, 4, 5]]);
    await expect(scanCache(path, { ...header, people: 4 }, () => undefined)).rejects.toThrow(CacheCorruptError);

    const bytes = readFileSync(path);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 25]! ^= 0xff; // inside the last data chunk's payload
    writeFileSync(path, flipped);
    await expect(scanCache(path, header, () => undefined)).rejects.toThrow(/checksum/);
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    await expect(scanCache(path, header, () => undefined)).rejects.toThrow(CacheCorruptError);
  });

  it('resumes a partial file after its last whole chunk', async () => {
    const path = join(work, 'resume.kcache');
    const writer = await CacheWriter.create(path, header, 1);
    await writer.append(0, 1, new Uint8Array([7, 7, 7, 7]));
    await writer.append(1, 1, new Uint8Array([8, 8, 8, 8]));
    await writer.abandon();
    const partial = CacheWriter.partialPath(path);
    writeFileSync(partial, readFileSync(partial).subarray(0, -2)); // the second chunk is cut short
    const firsts: number[] = [];
    const scan = await scanCache(partial, header, (c) => void firsts.push(c.first), true);
    expect(scan).toMatchObject({ complete: false, chunks: 1 });
    expect(firsts).toEqual([0]);
    const resumed = await CacheWriter.create(path, header, 1, scan);
    await resumed.append(1, 2, new Uint8Array([9]));
    await resumed.finish();
    const all: number[] = [];
    await scanCache(path, header, (c) => void all.push(c.first, ...c.payload));
    expect(all).toEqual([0, 7, 7, 7, 7, 1, 9]);
  });
});

describe('kura bench identify', () => {
  it('rejects bad arguments with one clear line and writes nothing', async () => {
    const cache = join(work, 'bad-args');
    const cases: [Record<string, string>, RegExp][] = [
      [{ people: '0' }, /--people/],
      [{ people: '-3' }, /--people/],
      [{ people: 'many' }, /--people/],
      [{ people: '10', searches: '11' }, /--searches: at most/],
      [{ people: '10', searches: '0' }, /--searches/],
      [{ people: '10', fingers: '3' }, /--fingers: 2 .* or 10/],
      [{ people: '10', fingers: 'ten' }, /--fingers/],
    ];
    for (const [options, message] of cases) {
      const error = await benchIdentifyCommand({ ...options, cache }).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(CliError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(existsSync(cache)).toBe(false);
    // A cache folder that cannot be written: a path under a regular file.
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    const error = await runIdentifyBenchmark({ people: 5, fingers: 2, searches: 1, seed: 1, cacheDir: join(file, 'cache') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/cannot write/);
  });

  it('builds a small gallery, measures it, then reuses and repairs the cache', async () => {
    const cacheDir = join(work, 'cache');
    const lines: string[] = [];
    const options = { people: 30, fingers: 2 as const, searches: 6, seed: 7, cacheDir, workers: 2, chunkPeople: 10, log: (l: string) => void lines.push(l) };
    const first = await runIdentifyBenchmark(options);
    expect(Object.keys(first.result)).toEqual(KEYS);
    const r = first.result;
    expect(r.people).toBe(30);
    expect(r.fingersPerSearch).toBe(2);
    for (const key of ['fnirAtFpir01', 'fnirAtFpir001'] as const) {
      expect(r[key]).toBeGreaterThanOrEqual(0);
      expect(r[key]).toBeLessThanOrEqual(1);
    }
    // Fewer non-mated searches may pass at the stricter rate: FNIR can only grow.
    expect(r.fnirAtFpir001).toBeGreaterThanOrEqual(r.fnirAtFpir01);
    expect(r.searchMsP50).toBeGreaterThan(0);
    expect(r.searchMsP50).toBeLessThanOrEqual(r.searchMsP99);
    expect(r.buildSeconds).toBeGreaterThan(0);
    expect(r.restartSeconds).toBeGreaterThan(0);
    expect(r.bytesPerFinger).toBeGreaterThan(0);
    expect(first.details.readiness.source).toBe('generated');
    expect(first.details.galleryFingers).toBe(300);
    expect(first.details.restart.subjects).toBe(30);
    // Synthetic mates are easy at this size: most are found first.
    expect(first.details.rank1Rate).toBeGreaterThanOrEqual(0.7);
    expect(lines.join('\n')).toMatch(/generated/);
    const cacheFile = first.details.cachePath;
    expect(cacheFile.startsWith(cacheDir)).toBe(true);
    expect(existsSync(cacheFile)).toBe(true);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.partial'))).toEqual([]);

    // The command itself, same people with 10 fingers: the cache is reused; exactly one JSON line
    // on stdout, progress on stderr only.
    const stdout = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await benchIdentifyCommand({ people: '30', fingers: '10', searches: '6', seed: '7', cache: cacheDir, workers: '2', json: true });
      expect(stdout).toHaveBeenCalledTimes(1);
      const printed = JSON.parse(String(stdout.mock.calls[0]![0])) as Record<string, number>;
      expect(Object.keys(printed)).toEqual(KEYS);
      expect(printed.fingersPerSearch).toBe(10);
      const log = stderr.mock.calls.map((c) => String(c[0])).join('\n');
      expect(log).toMatch(/gallery of 30 people loaded from the cache/);
      expect(log).toMatch(/probes loaded from the cache/);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    // A damaged cache is detected and rebuilt to the same bytes.
    const bytes = readFileSync(cacheFile);
    const damaged = Buffer.from(bytes);
    damaged[Math.floor(bytes.length / 2)]! ^= 0x55;
    writeFileSync(cacheFile, damaged);
    lines.length = 0;
    const repaired = await runIdentifyBenchmark(options);
    expect(repaired.details.readiness).toMatchObject({ source: 'generated' });
    expect(lines.join('\n')).toMatch(/cache damaged, rebuilding/);
    expect(readFileSync(cacheFile).equals(bytes)).toBe(true);
    expect(repaired.result.fnirAtFpir01).toBe(r.fnirAtFpir01);

    // An interrupted build (the last of three chunks half written) resumes after its whole chunks.
    writeFileSync(`${cacheFile}.partial`, bytes.subarray(0, bytes.length - 200));
    rmSync(cacheFile);
    lines.length = 0;
    const resumed = await runIdentifyBenchmark(options);
    expect(resumed.details.readiness).toMatchObject({ source: 'generated', resumedPeople: 20 });
    expect(lines.join('\n')).toMatch(/resuming the cache build after 20 people/);
    expect(readFileSync(cacheFile).equals(bytes)).toBe(true);
    expect(existsSync(`${cacheFile}.partial`)).toBe(false);
  }, 300_000);
});
