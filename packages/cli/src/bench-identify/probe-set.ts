import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildPool } from './build-pool.js';
import { type CacheHeader, CacheCorruptError, CacheWriter, discardCache, lockCacheBuild, scanCache } from './cache-file.js';
import { CACHE_FORMAT, IDENTIFY_BENCH } from './parameters.js';
import { type EncodedProbe, splitProbes } from './probe-codec.js';

/**
 * The people searched: M enrolled people spread evenly over the gallery (mated searches) and the
 * M people after the gallery, never enrolled (non-mated searches); all ten fingers of each, in
 * another impression than the enrolled one.
 */
export function matedPeople(people: number, searches: number): number[] {
  return Array.from({ length: searches }, (_, i) => Math.floor(((i + 0.5) * people) / searches));
}

export function nonMatedPeople(people: number, searches: number): number[] {
  return Array.from({ length: searches }, (_, i) => people + i);
}

export interface ProbeSet {
  mated: EncodedProbe[];
  nonMated: EncodedProbe[];
  source: 'cache' | 'generated';
}

function probeCachePath(cacheDir: string, people: number, searches: number, seed: number, generator: string): string {
  return join(cacheDir, `identify-probes-n${people}-m${searches}-s${seed}-${generator}.kcache`);
}

function probeCacheHeader(people: number, searches: number, seed: number, generator: string): CacheHeader {
  return { format: CACHE_FORMAT, content: 'probes', people, searches, seed, generator };
}

/** The probe templates, from their cache (one file per N, M, seed, generator) or generated and cached. */
export async function prepareProbes(args: {
  pool: () => BuildPool;
  cacheDir: string;
  people: number;
  searches: number;
  seed: number;
  generator: string;
  log: (line: string) => void;
}): Promise<ProbeSet> {
  const path = probeCachePath(args.cacheDir, args.people, args.searches, args.seed, args.generator);
  const unlock = await lockCacheBuild(path);
  try {
    return await prepareLockedProbes(path, args);
  } finally {
    await unlock();
  }
}

async function prepareLockedProbes(path: string, args: Parameters<typeof prepareProbes>[0]): Promise<ProbeSet> {
  const header = probeCacheHeader(args.people, args.searches, args.seed, args.generator);
  const wanted = [...matedPeople(args.people, args.searches), ...nonMatedPeople(args.people, args.searches)];
  if (existsSync(path)) {
    try {
      const loaded: EncodedProbe[] = [];
      await scanCache(path, header, (chunk) => {
        loaded.push(...splitProbes(chunk.payload));
      });
      if (loaded.length !== wanted.length || loaded.some((p, i) => p.person !== wanted[i])) throw new CacheCorruptError(`${path}: not the expected probe people`);
      return split(loaded, args.searches, 'cache');
    } catch (error) {
      // decodeProbes reports damage with plain errors too: any failure means "rebuild".
      args.log(`probe cache unusable, rebuilding: ${(error as Error).message}`);
      await discardCache(path);
    }
  }
  await discardCache(path);
  const writer = await CacheWriter.create(path, header, Number.MAX_SAFE_INTEGER);
  const pool = args.pool();
  const step = IDENTIFY_BENCH.probesPerChunk;
  const jobs = [];
  for (let first = 0; first < wanted.length; first += step) {
    const persons = wanted.slice(first, first + step);
    jobs.push({ first, persons, result: pool.run({ kind: 'probes', seed: args.seed, persons }) });
  }
  const loaded: EncodedProbe[] = [];
  try {
    for (const job of jobs) {
      const { bytes } = await job.result;
      await writer.append(job.first, job.persons.length, bytes);
      loaded.push(...splitProbes(bytes));
    }
    await writer.finish();
  } catch (error) {
    for (const job of jobs) job.result.catch(() => undefined);
    await writer.abandon();
    await discardCache(path);
    throw error;
  }
  return split(loaded, args.searches, 'generated');
}

function split(probes: EncodedProbe[], searches: number, source: ProbeSet['source']): ProbeSet {
  return { mated: probes.slice(0, searches), nonMated: probes.slice(searches), source };
}
