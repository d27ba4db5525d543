import { readdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type ErrorRates,
  errorRates,
  extractTemplate,
  FingerprintMatcher,
  type FingerprintTemplate,
  operatingPoints,
  type PrintId,
  protocolPairs,
  renderDetCurve,
  templateFromMinutiaeRecord,
} from '@kura/biometrics';
import { DEFAULT_DATA_DIR } from '@kura/registry';
import { IDENTIFY_BENCH, runIdentifyBenchmark } from '../bench-identify/index.js';
import { CliError } from '../config.js';
import { loadFingerprintImage, ppiOption, writePng } from './fingerprint.js';

/** The result of `kura bench fvc`, exactly as the issue specifies (rates as fractions). */
export interface FvcBenchmarkResult {
  images: number;
  extractMsPerImage: number;
  comparisonsPerSecondPerCore: number;
  fvc: ErrorRates;
  allPairs: ErrorRates;
  failedToExtract: number;
}

export interface FvcBenchmarkOptions {
  ppi: number;
  /** 'images': extract from F_I.tif/.png/.bmp; 'iso': import the F_I.iso minutiae templates beside them. */
  source: 'images' | 'iso';
  /** Write the DET curves (FVC protocol and all pairs) as PNG here. */
  plot?: string;
  /** Minimum wall-clock time of the speed measurement. */
  speedMeasureMs?: number;
  /** Receives the templates and the genuine scores (for template sizes, quality studies). */
  inspect?: (details: FvcBenchmarkDetails) => void;
}

export interface FvcBenchmarkDetails {
  prints: readonly PrintId[];
  /** undefined for a print that failed. */
  templates: readonly (FingerprintTemplate | undefined)[];
  genuine: readonly { probe: number; candidate: number; score: number }[];
}

const IMAGE_FILE = /^(\d+)_(\d+)\.(tif|tiff|png|bmp)$/i;
const ISO_FILE = /^(\d+)_(\d+)\.iso$/i;
const DEFAULT_SPEED_MEASURE_MS = 2000;

interface PrintFile extends PrintId {
  file: string;
}

async function listPrints(dir: string, pattern: RegExp): Promise<PrintFile[]> {
  const names = await readdir(dir).catch(() => {
    throw new CliError(`${dir}: not a readable folder`);
  });
  const byId = new Map<string, PrintFile>();
  for (const name of names.sort()) {
    const m = pattern.exec(name);
    if (!m) continue;
    const key = `${Number(m[1])}_${Number(m[2])}`;
    // One file per print: the first extension in name order wins (e.g. 101_1.bmp before 101_1.tif).
    if (!byId.has(key)) byId.set(key, { finger: Number(m[1]), impression: Number(m[2]), file: join(dir, name) });
  }
  return [...byId.values()].sort((a, b) => a.finger - b.finger || a.impression - b.impression);
}

/**
 * The FVC benchmark on a folder of F_I files: genuine pairs i<j of each finger, FVC impostors
 * (first impressions) and all-pairs impostors, each unordered pair scored once with the earlier
 * print as probe. A print that cannot be processed scores 0 against everything (never skipped).
 */
export async function runFvcBenchmark(dir: string, options: FvcBenchmarkOptions): Promise<FvcBenchmarkResult> {
  const prints = await listPrints(dir, options.source === 'iso' ? ISO_FILE : IMAGE_FILE);
  if (prints.length === 0) throw new CliError(`${dir}: no F_I.${options.source === 'iso' ? 'iso' : 'tif/.png/.bmp'} files`);
  const templates: (FingerprintTemplate | undefined)[] = [];
  let failed = 0;
  let extractMs = 0;
  for (const print of prints) {
    try {
      if (options.source === 'iso') templates.push(templateFromMinutiaeRecord(new Uint8Array(await readFile(print.file))));
      else {
        const image = await loadFingerprintImage(print.file, options.ppi);
        const started = process.cpuUsage();
        const extracted = extractTemplate(image);
        const used = process.cpuUsage(started);
        extractMs += (used.user + used.system) / 1000;
        // A print the extractor rejects as unusable is a failure like an unreadable file.
        if (!extracted.usable) throw new Error(extracted.problems.join(', '));
        templates.push(extracted.template);
      }
    } catch {
      failed++;
      templates.push(undefined);
    }
  }
  const pairs = protocolPairs(prints);
  const matchers = templates.map((t) => (t ? new FingerprintMatcher(t) : undefined));
  const score = ({ probe, candidate }: { probe: number; candidate: number }) => {
    const other = templates[candidate];
    return other ? (matchers[probe]?.match(other) ?? 0) : 0;
  };
  const genuine = pairs.genuine.map(score);
  const fvcImpostor = pairs.fvcImpostor.map(score);
  const allImpostor = pairs.allPairsImpostor.map(score);

  // Speed: every genuine and all-pairs comparison, repeated for at least speedMeasureMs on this one
  // thread. Per core = per second of CPU time this process used, so other jobs on a shared machine
  // do not count against it (wall-clock time would).
  const all = [...pairs.genuine, ...pairs.allPairsImpostor];
  let comparisons = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  do {
    for (const c of all) score(c);
    comparisons += all.length;
  } while (performance.now() - started < (options.speedMeasureMs ?? DEFAULT_SPEED_MEASURE_MS));
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  options.inspect?.({ prints, templates, genuine: pairs.genuine.map((c, i) => ({ ...c, score: genuine[i]! })) });
  if (options.plot) await writePng(options.plot, renderDetCurve(
        [operatingPoints(genuine, fvcImpostor), operatingPoints(genuine, allImpostor)],
        [`FVC protocol  EER ${percent(errorRates(genuine, fvcImpostor).eer)}`, `all pairs  EER ${percent(errorRates(genuine, allImpostor).eer)}`],
      ),);
  const extracted = options.source === 'iso' ? 0 : prints.length;
  return {
    images: prints.length,
    extractMsPerImage: extracted ? Math.round((extractMs / extracted) * 10) / 10 : 0,
    comparisonsPerSecondPerCore: Math.round((comparisons / cpuMs) * 1000),
    fvc: errorRates(genuine, fvcImpostor),
    allPairs: errorRates(genuine, allImpostor),
    failedToExtract: failed,
  };
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}`;
}

export async function benchFvcCommand(dir: string, options: { ppi?: string; json?: boolean; plot?: string; source?: string }): Promise<void> {
  const source = options.source ?? 'images';
  if (source !== 'images' && source !== 'iso') throw new CliError(`invalid --source "${source}": images or iso`);
  const result = await runFvcBenchmark(dir, { ppi: ppiOption(options.ppi), source, ...(options.plot ? { plot: options.plot } : {}) });
  if (options.json) {
    console.log(JSON.stringify(result));
    console.error(`machine: ${machineDescription()}`);
    return;
  }
  const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
  console.log(`${dir}: ${result.images} prints (${source}), ${result.failedToExtract} failed, extraction ${result.extractMsPerImage} ms/image, ${result.comparisonsPerSecondPerCore} comparisons/s/core`);
  for (const [name, r] of [['FVC protocol', result.fvc], ['all pairs', result.allPairs]] as const)
    console.log(`${name}: ${r.genuine} genuine, ${r.impostor} impostor — EER ${pct(r.eer)}, FMR100 ${pct(r.fmr100)}, FMR1000 ${pct(r.fmr1000)}, ZeroFMR ${pct(r.zeroFmr)}`);
  console.log(`machine: ${machineDescription()}`);
  if (options.plot) console.log(`DET curves (red: FVC protocol, blue: all pairs) → ${options.plot}`);
}

export interface BenchIdentifyCliOptions {
  people?: string;
  fingers?: string;
  searches?: string;
  seed?: string;
  cache?: string;
  workers?: string;
  json?: boolean;
}

/** Folder of the benchmark's gallery cache: --cache, else <KURA_DATA_DIR or ./kura-data>/bench-cache. */
export function identifyCacheDir(cache: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(cache ?? join(env.KURA_DATA_DIR || DEFAULT_DATA_DIR, 'bench-cache'));
}

/** Whole-number option: anything else is a one-line error (0 and negatives are checked by the benchmark). */
function wholeNumber(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`${name}: required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value.trim())) throw new CliError(`${name}: give a whole number (got "${value}")`);
  return Number(value);
}

export async function benchIdentifyCommand(options: BenchIdentifyCliOptions): Promise<void> {
  const fingers = wholeNumber(options.fingers, '--fingers', 2);
  const people = wholeNumber(options.people, '--people');
  const benchOptions = {
    people,
    fingers: fingers as 2 | 10,
    searches: wholeNumber(options.searches, '--searches', Math.max(1, Math.min(IDENTIFY_BENCH.defaultSearches, people))),
    seed: wholeNumber(options.seed, '--seed', IDENTIFY_BENCH.defaultSeed),
    cacheDir: identifyCacheDir(options.cache),
    ...(options.workers === undefined ? {} : { workers: wholeNumber(options.workers, '--workers') }),
    log: (line: string) => console.error(line),
  };
  const { result, details } = await runIdentifyBenchmark(benchOptions);
  if (options.json) {
    console.log(JSON.stringify(result));
    console.error(`machine: ${machineDescription()}`);
    return;
  }
  const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
  console.log(`${result.people} people (${details.galleryFingers} fingers), ${result.fingersPerSearch}-finger searches, ${details.workers} workers`);
  console.log(`gallery ready in ${result.buildSeconds} s (${details.readiness.source === 'cache' ? 'from the cache' : 'generated'}), ${result.bytesPerFinger} bytes per finger`);
  console.log(`FNIR ${pct(result.fnirAtFpir01)} at FPIR 1 %, ${pct(result.fnirAtFpir001)} at FPIR 0.1 % (rank-1 ${pct(details.rank1Rate)})`);
  console.log(`search p50 ${result.searchMsP50} ms, p99 ${result.searchMsP99} ms; restart (load + first search) ${result.restartSeconds} s`);
  console.log(`machine: ${machineDescription()}`);
}
