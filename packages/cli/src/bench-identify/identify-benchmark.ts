import { availableParallelism } from 'node:os';
import { type FingerPosition, type GalleryFinger, type PackedGalleryFinger, FingerprintGallery } from '@kura/biometrics';
import { CliError } from '../config.js';
import { ensureFolder } from '../commands/synth.js';
import { type FpirOperatingPoint, fnirAtFpir, percentile } from './accuracy.js';
import { BuildPool } from './build-pool.js';
import { CacheBusyError } from './cache-file.js';
import { type GalleryReadiness, galleryCachePath, prepareGallery } from './gallery-cache.js';
import { IDENTIFY_BENCH, REPORTED_FPIR } from './parameters.js';
import { type EncodedProbe, decodeProbes } from './probe-codec.js';
import { prepareProbes } from './probe-set.js';
import { type RestartMeasurement, measureRestart } from './restart.js';
import { ALL_POSITIONS, MAX_SEED, PEOPLE_PER_SEED, generatorVersions } from './synthetic-people.js';

/** The JSON `kura bench identify --json` prints: exactly these keys (an interface others rely on). */
export interface IdentifyBenchResult {
  people: number;
  fingersPerSearch: number;
  buildSeconds: number;
  searchMsP50: number;
  searchMsP99: number;
  fnirAtFpir01: number;
  fnirAtFpir001: number;
  bytesPerFinger: number;
  restartSeconds: number;
}

/** Everything behind the result, for bench/identify/run.ts and the log. */
export interface IdentifyBenchDetails {
  readiness: GalleryReadiness;
  /** CPU time (all threads of this process) to have the gallery ready: what it costs on idle cores. */
  buildCpuSeconds: number;
  /** The gallery cache file, and the generator version it was made by (part of its name). */
  cachePath: string;
  generator: string;
  probeSource: 'cache' | 'generated';
  probeSeconds: number;
  extraSubjects: number;
  gallerySubjects: number;
  galleryFingers: number;
  operatingPoints: FpirOperatingPoint[];
  /** Mated searches whose mate came first. */
  rank1Rate: number;
  /** Means over all searches, as the gallery reports them. */
  prefilterComparisons: number;
  fullComparisons: number;
  searchMsMean: number;
  /**
   * CPU time of one search, all threads of this process (main + gallery workers), mean over the
   * searches: on a machine shared with other work, wall time grows but this does not; on idle
   * cores a search takes about this ÷ workers of wall time when the work splits evenly.
   */
  searchCpuMsMean: number;
  restart: RestartMeasurement;
  workers: number;
}

export interface IdentifyBenchOptions {
  people: number;
  fingers: 2 | 10;
  searches: number;
  seed: number;
  cacheDir: string;
  /** Gallery and build worker threads (default: all cores). */
  workers?: number;
  /** Subjects added to the gallery besides the synthetic people (not cached), e.g. FVC fingers. */
  extraSubjects?: readonly PackedGalleryFinger[];
  /** People per generated chunk (default IDENTIFY_BENCH.peoplePerChunk; smaller checkpoints more often). */
  chunkPeople?: number;
  /** Human progress (stderr). */
  log?: (line: string) => void;
}

/** Checks the benchmark's arguments; a CliError (one line) for anything out of range. */
export function checkIdentifyOptions(options: IdentifyBenchOptions): void {
  const { people, fingers, searches, seed } = options;
  if (!Number.isSafeInteger(people) || people < 1) throw new CliError(`--people: give a whole number ≥ 1 (got ${people})`);
  // Enrolled and non-mated people (up to 2N) must stay below the extra subjects' ids and within a seed's people.
  const most = Math.min(IDENTIFY_BENCH.extraSubjectIdBase, PEOPLE_PER_SEED) / 2 - 1;
  if (people > most) throw new CliError(`--people: at most ${most} (got ${people})`);
  if (fingers !== 2 && fingers !== 10) throw new CliError(`--fingers: 2 (both index fingers) or 10 (got ${String(fingers)})`);
  if (!Number.isSafeInteger(searches) || searches < 1) throw new CliError(`--searches: give a whole number ≥ 1 (got ${searches})`);
  if (searches > people) throw new CliError(`--searches: at most the number of people (${people}) for mated searches (got ${searches})`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) throw new CliError(`--seed: give a whole number from 0 to ${MAX_SEED} (got ${seed})`);
  if (options.workers !== undefined && (!Number.isSafeInteger(options.workers) || options.workers < 1 || options.workers > 256))
    throw new CliError(`--workers: give a whole number from 1 to 256 (got ${options.workers})`);
}

/**
 * The 1:N benchmark: a gallery of N synthetic people (from the cache or generated), M mated and
 * M non-mated searches with 2 or 10 fingers, FNIR at FPIR 1 % and 0.1 %, search time, resident
 * bytes per finger, and the time a fresh process needs to load the cache and answer a search.
 */
export async function runIdentifyBenchmark(options: IdentifyBenchOptions): Promise<{ result: IdentifyBenchResult; details: IdentifyBenchDetails }> {
  checkIdentifyOptions(options);
  ensureFolder(options.cacheDir);
  const log = options.log ?? (() => undefined);
  const workers = options.workers ?? availableParallelism();
  const positions = options.fingers === 2 ? IDENTIFY_BENCH.twoFingerPositions : ALL_POSITIONS;
  const versions = generatorVersions();
  const generator = versions.gallery;
  let pool: BuildPool | undefined;
  const getPool = () => (pool ??= new BuildPool(workers));

  let gallery = await FingerprintGallery.open({ workers });
  try {
    const buildStarted = performance.now();
    const buildCpu = process.cpuUsage();
    const prepared = await prepareGallery({
      gallery,
      reopen: async () => {
        await gallery.close();
        return (gallery = await FingerprintGallery.open({ workers }));
      },
      pool: getPool,
      cacheDir: options.cacheDir,
      people: options.people,
      seed: options.seed,
      generator,
      ...(options.chunkPeople ? { chunkPeople: options.chunkPeople } : {}),
      log,
    });
    gallery = prepared.gallery;
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const buildCpuUsed = process.cpuUsage(buildCpu);
    log(
      prepared.readiness.source === 'cache'
        ? `gallery of ${options.people} people loaded from the cache in ${buildSeconds.toFixed(2)} s`
        : `gallery of ${options.people} people generated, packed, cached and loaded in ${buildSeconds.toFixed(2)} s` +
            (prepared.readiness.resumedPeople ? ` (resumed after ${prepared.readiness.resumedPeople} people)` : ''),
    );
    if (options.extraSubjects?.length) await gallery.add(options.extraSubjects);

    const probeStarted = performance.now();
    const probes = await prepareProbes({ pool: getPool, cacheDir: options.cacheDir, people: options.people, searches: options.searches, seed: options.seed, generator: versions.probes, log });
    const probeSeconds = (performance.now() - probeStarted) / 1000;
    log(`${options.searches} mated + ${options.searches} non-mated probes ${probes.source === 'cache' ? 'loaded from the cache' : 'generated'} in ${probeSeconds.toFixed(2)} s`);
    await pool?.close();
    pool = undefined;

    const searchFingers = (encoded: EncodedProbe): GalleryFinger[] =>
      decodeProbes(encoded.bytes)[0]!.fingers.filter((f) => (positions as readonly number[]).includes(f.position)).map((f) => ({ position: f.position as FingerPosition, template: f.template }));
    const search = async (probe: EncodedProbe) => {
      const fingers = searchFingers(probe);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await gallery.search(fingers, { maxResults: IDENTIFY_BENCH.maxResults });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      cpuMs += (used.user + used.system) / 1000;
      return { result, ms };
    };
    let cpuMs = 0;
    // One search before timing: worker code warms up (JIT), as in a running server.
    await search(probes.mated[0]!);
    cpuMs = 0;
    const times: number[] = [];
    let prefilter = 0;
    let full = 0;
    const mateScores: (number | undefined)[] = [];
    let rank1 = 0;
    for (const probe of probes.mated) {
      const { result, ms } = await search(probe);
      times.push(ms);
      prefilter += result.prefilterComparisons;
      full += result.fullComparisons;
      const mateId = probe.person + 1;
      mateScores.push(result.candidates.find((c) => c.subjectId === mateId)?.score);
      if (result.candidates[0]?.subjectId === mateId) rank1++;
    }
    const nonMatedBestScores: number[] = [];
    for (const probe of probes.nonMated) {
      const { result, ms } = await search(probe);
      times.push(ms);
      prefilter += result.prefilterComparisons;
      full += result.fullComparisons;
      nonMatedBestScores.push(result.candidates[0]?.score ?? 0);
    }
    const at01 = fnirAtFpir({ mateScores, nonMatedBestScores }, REPORTED_FPIR.fnirAtFpir01);
    const at001 = fnirAtFpir({ mateScores, nonMatedBestScores }, REPORTED_FPIR.fnirAtFpir001);
    const stats = await gallery.stats();
    await gallery.close();
    // The figures so far, before the restart measurement (a long run keeps them if that fails).
    log(
      `searches: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, CPU ${(cpuMs / times.length).toFixed(1)} ms each; ` +
        `FNIR ${at01.fnir} at FPIR 1 %, ${at001.fnir} at FPIR 0.1 %; rank-1 ${rank1}/${probes.mated.length}; ${stats.bytesPerFinger.toFixed(0)} bytes/finger`,
    );
    const cachePath = galleryCachePath(options.cacheDir, options.people, options.seed, generator);

    log(`restart: a fresh process loads the cache and answers one search …`);
    const restart = await measureRestart({
      cachePath,
      people: options.people,
      seed: options.seed,
      generator,
      workers,
      positions,
      probe: decodeProbes(probes.mated[0]!.bytes)[0]!,
    });
    const expected = probes.mated[0]!.person + 1;
    if (restart.subjects !== options.people) throw new Error(`the restarted gallery holds ${restart.subjects} subjects, ${options.people} expected`);
    log(`restart: ${restart.seconds.toFixed(2)} s (load ${(restart.loadMs / 1000).toFixed(2)} s, search ${restart.searchMs.toFixed(1)} ms; mate ${restart.candidates[0]?.subjectId === expected ? 'found first' : 'not first'})`);

    const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
    const searchCount = times.length;
    return {
      result: {
        people: options.people,
        fingersPerSearch: positions.length,
        buildSeconds: round(buildSeconds, 3),
        searchMsP50: round(percentile(times, 50), 2),
        searchMsP99: round(percentile(times, 99), 2),
        fnirAtFpir01: round(at01.fnir, 6),
        fnirAtFpir001: round(at001.fnir, 6),
        bytesPerFinger: round(stats.bytesPerFinger, 1),
        restartSeconds: round(restart.seconds, 3),
      },
      details: {
        readiness: prepared.readiness,
        buildCpuSeconds: round((buildCpuUsed.user + buildCpuUsed.system) / 1e6, 2),
        cachePath,
        generator,
        probeSource: probes.source,
        probeSeconds: round(probeSeconds, 3),
        extraSubjects: new Set(options.extraSubjects?.map((f) => f.subjectId)).size,
        gallerySubjects: stats.subjects,
        galleryFingers: stats.fingers,
        operatingPoints: [at01, at001],
        rank1Rate: round(rank1 / probes.mated.length, 6),
        prefilterComparisons: Math.round(prefilter / searchCount),
        fullComparisons: Math.round(full / searchCount),
        searchMsMean: round(times.reduce((a, b) => a + b, 0) / searchCount, 2),
        searchCpuMsMean: round(cpuMs / searchCount, 2),
        restart,
        workers,
      },
    };
  } catch (error) {
    // Another run building the same cache: a plain one-line answer, not a crash.
    if (error instanceof CacheBusyError) throw new CliError(error.message);
    throw error;
  } finally {
    await pool?.close();
    await gallery.close().catch(() => undefined);
  }
}
