import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FingerprintGallery } from '@kura/biometrics';
import { FormatError } from '@kura/formats';
import { SingleBar } from 'cli-progress';
import type { BuildPool } from './build-pool.js';
import { type CacheHeader, CacheCorruptError, CacheWriter, discardCache, lockCacheBuild, scanCache } from './cache-file.js';
import { CACHE_FORMAT, IDENTIFY_BENCH } from './parameters.js';

/** The gallery cache of N synthetic people (10 fingers each, impression 1): one file per (N, seed, generator). */
export function galleryCachePath(cacheDir: string, people: number, seed: number, generator: string): string {
  return join(cacheDir, `identify-gallery-n${people}-s${seed}-${generator}.kcache`);
}

export function galleryCacheHeader(people: number, seed: number, generator: string): CacheHeader {
  return { format: CACHE_FORMAT, content: 'gallery', people, seed, generator };
}

/**
 * Loads a complete gallery cache into the gallery, chunk by chunk (each checked before it is
 * added). Throws CacheCorruptError when the file is damaged — the gallery then holds a part of it.
 */
export async function loadGalleryCache(gallery: FingerprintGallery, path: string, people: number, seed: number, generator: string): Promise<number> {
  let next = 0;
  await scanCache(path, galleryCacheHeader(people, seed, generator), async (chunk) => {
    if (chunk.first !== next) throw new CacheCorruptError(`${path}: chunk of person ${chunk.first} where ${next} was expected`);
    next += chunk.count;
    await addChunk(gallery, path, chunk.payload);
  });
  if (next !== people) throw new CacheCorruptError(`${path}: holds ${next} people, ${people} expected`);
  return next;
}

/** Adds one chunk; bytes the gallery refuses (intact, but another packing format) make the cache unusable. */
async function addChunk(gallery: FingerprintGallery, path: string, payload: Uint8Array): Promise<void> {
  try {
    await gallery.addEncoded(payload);
  } catch (error) {
    if (error instanceof FormatError) throw new CacheCorruptError(`${path}: ${error.message}`);
    throw error;
  }
}

export type GalleryReadiness = { source: 'cache' } | { source: 'generated'; resumedPeople: number; rebuiltAfter?: string };

/**
 * Makes the gallery hold the N synthetic people: from the cache when it is complete and intact,
 * else generated on the build workers in chunks (resuming an interrupted build's partial file),
 * each chunk appended to the cache and loaded into the gallery as it arrives.
 * `reopen` gives a fresh empty gallery when a damaged cache was partly loaded.
 */
export async function prepareGallery(args: {
  gallery: FingerprintGallery;
  reopen: () => Promise<FingerprintGallery>;
  pool: () => BuildPool;
  cacheDir: string;
  people: number;
  seed: number;
  generator: string;
  /** People per chunk (default IDENTIFY_BENCH.peoplePerChunk). */
  chunkPeople?: number;
  log: (line: string) => void;
}): Promise<{ gallery: FingerprintGallery; readiness: GalleryReadiness }> {
  const path = galleryCachePath(args.cacheDir, args.people, args.seed, args.generator);
  const unlock = await lockCacheBuild(path);
  try {
    return await prepareLockedGallery(path, args);
  } finally {
    await unlock();
  }
}

async function prepareLockedGallery(path: string, args: Parameters<typeof prepareGallery>[0]): Promise<{ gallery: FingerprintGallery; readiness: GalleryReadiness }> {
  let gallery = args.gallery;
  let rebuiltAfter: string | undefined;
  if (existsSync(path)) {
    try {
      await loadGalleryCache(gallery, path, args.people, args.seed, args.generator);
      return { gallery, readiness: { source: 'cache' } };
    } catch (error) {
      if (!(error instanceof CacheCorruptError)) throw error;
      rebuiltAfter = error.message;
      args.log(`cache damaged, rebuilding: ${error.message}`);
      await discardCache(path);
      gallery = await args.reopen();
    }
  }
  const header = galleryCacheHeader(args.people, args.seed, args.generator);
  const partial = CacheWriter.partialPath(path);
  let done = 0;
  let resume;
  if (existsSync(partial)) {
    resume = await scanCache(
      partial,
      header,
      async (chunk) => {
        if (chunk.first !== done) throw new CacheCorruptError(`${partial}: chunk of person ${chunk.first} where ${done} was expected`);
        done += chunk.count;
        await addChunk(gallery, partial, chunk.payload);
      },
      true,
    ).catch(async (error: unknown) => {
      if (!(error instanceof CacheCorruptError)) throw error;
      // A partial file that cannot be resumed at all (other header, out-of-order chunk): start over.
      args.log(`partial cache unusable, starting over: ${error.message}`);
      await discardCache(path);
      gallery = await args.reopen();
      done = 0;
      return undefined;
    });
    if (resume && done > 0) args.log(`resuming the cache build after ${done} people`);
  }
  const writer = await CacheWriter.create(path, header, 10, resume);
  const bar = new SingleBar({ format: 'identify gallery [{bar}] {value}/{total} people | {eta_formatted} left', hideCursor: true, stream: process.stderr });
  bar.start(args.people, done);
  const pool = args.pool();
  const inFlight: { first: number; count: number; result: ReturnType<BuildPool['run']> }[] = [];
  try {
    const chunk = args.chunkPeople ?? IDENTIFY_BENCH.peoplePerChunk;
    const window = pool.size * IDENTIFY_BENCH.chunksInFlightPerWorker;
    let nextFirst = done;
    const launch = () => {
      while (inFlight.length < window && nextFirst < args.people) {
        const count = Math.min(chunk, args.people - nextFirst);
        inFlight.push({ first: nextFirst, count, result: pool.run({ kind: 'gallery', seed: args.seed, firstPerson: nextFirst, people: count }) });
        nextFirst += count;
      }
    };
    launch();
    // Chunks are written in person order, so the partial file is always a prefix of the whole.
    while (inFlight.length > 0) {
      const { first, count, result } = inFlight.shift()!;
      const { bytes } = await result;
      launch();
      await writer.append(first, count, bytes);
      await gallery.addEncoded(bytes);
      bar.increment(count);
      // Without a terminal the bar stays silent: a line every tenth of the way instead.
      const tenth = Math.ceil(args.people / 10);
      if (!process.stderr.isTTY && Math.floor((first + count) / tenth) > Math.floor(first / tenth))
        args.log(`identify gallery: ${first + count}/${args.people} people`);
    }
    await writer.finish();
  } catch (error) {
    for (const pending of inFlight) pending.result.catch(() => undefined);
    await writer.abandon();
    throw error;
  } finally {
    bar.stop();
  }
  return { gallery, readiness: { source: 'generated', resumedPeople: done, ...(rebuiltAfter ? { rebuiltAfter } : {}) } };
}
