import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  FINGERPRINT_CLASSES,
  type FingerprintClass,
  SynthError,
  SynthWorkerPool,
  type SyntheticImage,
  impressionFrame,
  parseFingerprintClass,
} from '@kura/biometrics';
import { encodeWsq } from '@kura/formats';
import { type GeneratedPerson, generatePopulation, openRegistry } from '@kura/registry';
import { SingleBar } from 'cli-progress';
import sharp from 'sharp';
import { CliError, type CommonOptions, registryConfig } from '../config.js';
import { loadPopulation } from './synth-into.js';
import { POPULATION, drawMissingFingers, fingerSeed, personRandom } from './synth-plan.js';

export interface SynthSheetOptions {
  out: string;
  seed?: string;
  threads?: string;
}

export interface SynthFingerOptions {
  seed: string;
  impressions?: string;
  out: string;
  ppi?: string;
  class?: string;
  wsq?: boolean;
  templates?: boolean;
  threads?: string;
}

/** Contact sheet: 25 impressions of 25 different masters, all five classes, 5 × 5, captioned. */
const SHEET = { columns: 5, rows: 5, tileScale: 0.6, caption: 18 } as const;

export async function synthSheetCommand(options: SynthSheetOptions): Promise<void> {
  const seed = integerOption(options.seed ?? '1', 'seed');
  const threads = integerOption(options.threads ?? '2', 'threads');
  const out = resolve(options.out);
  ensureFolder(dirname(out));
  const count = SHEET.columns * SHEET.rows;
  const pool = startPool(threads);
  try {
    const jobs = Array.from({ length: count }, (_, i) =>
      pool.run({ seed: seed * 1000 + i, impressions: [i % 3], mode: 'image', fingerClass: FINGERPRINT_CLASSES[i % FINGERPRINT_CLASSES.length]! }),
    );
    const results = await Promise.all(jobs);
    const frame = impressionFrame();
    const tileW = Math.round(frame.width * SHEET.tileScale);
    const tileH = Math.round(frame.height * SHEET.tileScale);
    const cellH = tileH + SHEET.caption;
    const tiles = await Promise.all(
      results.map(async (r, i) => {
        const image = r.images[0]!;
        const tile = await sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } }).resize(tileW, tileH).png().toBuffer();
        const caption = Buffer.from(
          `<svg width="${tileW}" height="${SHEET.caption}"><text x="4" y="13" font-family="sans-serif" font-size="12" fill="#333">seed ${r.seed} · ${r.fingerClass}</text></svg>`,
        );
        const left = (i % SHEET.columns) * tileW;
        const top = Math.floor(i / SHEET.columns) * cellH;
        return [
          { input: tile, left, top },
          { input: caption, left, top: top + tileH },
        ];
      }),
    );
    const png = await sharp({ create: { width: tileW * SHEET.columns, height: cellH * SHEET.rows, channels: 3, background: '#ffffff' } })
      .composite(tiles.flat())
      .greyscale()
      .png({ compressionLevel: 9 })
      .toBuffer();
    writeAtomically(out, png);
    console.log(`${count} impressions → ${out}`);
  } finally {
    await pool.close();
  }
}

export async function synthFingerCommand(options: SynthFingerOptions): Promise<void> {
  const seed = integerOption(options.seed, 'seed');
  const impressions = integerOption(options.impressions ?? '8', 'impressions');
  const threads = integerOption(options.threads ?? '2', 'threads');
  if (impressions < 1 || impressions > 1000) throw new CliError(`impressions: give a number from 1 to 1000 (got ${impressions})`);
  const fingerClass: FingerprintClass | undefined = options.class === undefined ? undefined : wrap(() => parseFingerprintClass(options.class));
  const ppi = options.ppi === undefined ? undefined : Number(options.ppi);
  const frameOptions = ppi === undefined ? {} : { ppi };
  wrap(() => impressionFrame(frameOptions));
  const dir = resolve(options.out);
  ensureFolder(dir);
  const pool = startPool(Math.min(threads, impressions));
  try {
    // One job per impression: each worker grows the master again — cheaper than shipping it.
    const perJob = Math.ceil(impressions / Math.min(threads, impressions));
    const jobs = [];
    for (let first = 0; first < impressions; first += perJob) {
      const indices = Array.from({ length: Math.min(perJob, impressions - first) }, (_, k) => first + k);
      const base = { seed, impressions: indices, options: frameOptions, ...(fingerClass ? { fingerClass } : {}) };
      jobs.push(pool.run({ ...base, mode: 'image' }));
      if (options.templates) jobs.push(pool.run({ ...base, mode: 'template' }));
    }
    const results = await wrapAsync(Promise.all(jobs));
    for (const r of results) {
      for (let k = 0; k < r.indices.length; k++) {
        const name = join(dir, `finger-${seed}-${r.indices[k]! + 1}`);
        const image = r.images[k];
        if (image) {
          writeAtomically(`${name}.png`, await pngOf(image));
          if (options.wsq) writeAtomically(`${name}.wsq`, encodeWsq(image, { bitRate: 0.75 }));
        }
        const template = r.templates[k];
        if (template) writeAtomically(`${name}.minutiae.json`, Buffer.from(`${JSON.stringify({ seed, fingerClass: r.fingerClass, impression: r.indices[k]! + 1, ...template }, null, 1)}\n`));
      }
    }
    console.log(`finger ${seed} (${results[0]?.fingerClass}): ${impressions} impressions → ${dir}`);
  } finally {
    await pool.close();
  }
}

export function pngOf(image: SyntheticImage): Promise<Buffer> {
  return sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } })
    .withMetadata({ density: image.ppi })
    .png()
    .toBuffer();
}

function startPool(threads: number): SynthWorkerPool {
  return wrap(() => new SynthWorkerPool(threads));
}

export function integerOption(value: string, field: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new CliError(`${field}: give a non-negative integer (got "${value}")`);
  return Number(value);
}

/** Creates the folder and checks it is writable, before any work is done. */
export function ensureFolder(dir: string): void {
  try {
    // One level at a time (recursive mkdir can spin forever on pseudo file systems like /proc).
    const missing: string[] = [];
    let existing = resolve(dir);
    while (!existsSync(existing)) {
      missing.unshift(existing);
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
    for (const level of missing) mkdirSync(level);
    const probe = join(dir, `.kura-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new CliError(`cannot write to ${dir}: ${(error as Error).message}`);
  }
}

/** Writes to a temporary name then renames, so a file that exists is always complete. */
export function writeAtomically(path: string, data: Uint8Array): void {
  const temporary = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

export function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof SynthError) throw new CliError(error.message);
    throw error;
  }
}

async function wrapAsync<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof SynthError) throw new CliError(error.message);
    throw error;
  }
}

export interface SynthPopulationOptions extends CommonOptions {
  people: string;
  seed?: string;
  out?: string;
  /** Load into the register (template-only fingers through the enrollment service). */
  into?: boolean;
  duplicates?: string;
  impressions?: string;
  wsq?: boolean;
  threads?: string;
}

/** ISO/IEC 19794 finger positions 1–10. */
const FINGERS = [
  'right-thumb', 'right-index', 'right-middle', 'right-ring', 'right-little',
  'left-thumb', 'left-index', 'left-middle', 'left-ring', 'left-little',
] as const;


interface FingerEntry {
  position: number;
  finger: (typeof FINGERS)[number];
  status: 'captured' | 'missing' | 'scarred';
  seed?: number;
  fingerClass?: string;
  /** First impression for enrollment, the others for later verification. */
  files?: string[];
}

interface PersonEntry {
  id: string;
  person: GeneratedPerson;
  fingers: FingerEntry[];
}

interface PopulationManifest {
  version: number;
  seed: number;
  people: number;
  impressionsPerFinger: number;
  ppi: number;
  formats: string[];
  /** People whose every file is written; a person appears here only when complete. */
  complete: Record<string, PersonEntry>;
}

/**
 * N synthetic people with the register's demographics, ten fingers each (a few missing or
 * scarred), 2+ impressions per finger, as image files plus manifest.json. Resumable: people
 * already complete in the manifest are skipped; the manifest is rewritten after each person.
 */
export async function synthPopulationCommand(options: SynthPopulationOptions): Promise<void> {
  const count = integerOption(options.people, 'people');
  const seed = integerOption(options.seed ?? '1', 'seed');
  const impressions = integerOption(options.impressions ?? '2', 'impressions');
  const threads = integerOption(options.threads ?? '2', 'threads');
  if (count > 10_000_000) throw new CliError(`people: give at most 10000000 (got ${count})`);
  if (impressions < 2 || impressions > 16) throw new CliError(`impressions: give 2 to 16 per finger (got ${impressions})`);
  const duplicates = integerOption(options.duplicates ?? '0', 'duplicates');
  if (!options.out && !options.into) throw new CliError('say where the population goes: --out DIR (files) and/or --into (the register)');
  if (duplicates > 0 && !options.into) throw new CliError('--duplicates plants duplicate enrollments: it needs --into');
  if (options.out) await writePopulationFiles(options.out, count, seed, impressions, threads, options.wsq === true);
  if (options.into) await loadPopulationIntoRegister(options, count, seed, threads, duplicates);
}

async function loadPopulationIntoRegister(options: SynthPopulationOptions, count: number, seed: number, threads: number, duplicates: number): Promise<void> {
  const config = registryConfig(options);
  const registry = await openRegistry(config);
  const checkpoint = config.url ? undefined : join(resolve(config.dataDir ?? '.'), `synth-population-${seed}.checkpoint.json`);
  const bar = new SingleBar({ format: 'synth population → register [{bar}] {value}/{total} | {eta_formatted} left', hideCursor: true, stream: process.stderr });
  bar.start(count + duplicates, 0);
  try {
    const report = await loadPopulation(registry, { people: count, seed, threads, duplicates, checkpoint, onProgress: (done) => bar.update(done) });
    bar.stop();
    console.log(
      `${report.enrolled} enrolled, ${report.pendingAdjudication} pending adjudication (dedup cases), ${report.duplicatesPlanted} planted duplicates` +
        `${report.resumedFrom > 0 ? `, resumed after ${report.resumedFrom}` : ''} in ${report.seconds.toFixed(1)} s → ${registry.database.kind} ${registry.database.location}`,
    );
  } finally {
    bar.stop();
    await registry.close();
  }
}

async function writePopulationFiles(out: string, count: number, seed: number, impressions: number, threads: number, wsq: boolean): Promise<void> {
  const dir = resolve(out);
  ensureFolder(dir);
  const formats = wsq ? ['png', 'wsq'] : ['png'];
  const manifestPath = join(dir, 'manifest.json');
  const manifest = readManifest(manifestPath) ?? {
    version: POPULATION.manifestVersion,
    seed,
    people: count,
    impressionsPerFinger: impressions,
    ppi: 500,
    formats,
    complete: {},
  };
  if (manifest.seed !== seed || manifest.impressionsPerFinger !== impressions || manifest.formats.join() !== formats.join()) {
    throw new CliError(
      `${dir} holds a population made with other settings (seed ${manifest.seed}, ${manifest.impressionsPerFinger} impressions, ${manifest.formats.join('+')}): use another folder`,
    );
  }
  manifest.people = Math.max(manifest.people, count);
  const people = generatePopulation(count, seed);
  const todo = people.map((person, i) => ({ person, id: `p${String(i + 1).padStart(7, '0')}`, index: i })).filter((p) => !manifest.complete[p.id]);
  const bar = new SingleBar({ format: 'synth population [{bar}] {value}/{total} people | {eta_formatted} left', hideCursor: true, stream: process.stderr });
  bar.start(count, count - todo.length);
  const pool = startPool(threads);
  try {
    // A few people at a time: enough jobs to keep every worker busy, memory stays flat.
    const window = Math.max(2, threads);
    for (let start = 0; start < todo.length; start += window) {
      await Promise.all(
        todo.slice(start, start + window).map(async ({ person, id, index }) => {
          manifest.complete[id] = await synthesizePerson(pool, dir, seed, index, id, person, impressions, formats);
          bar.increment();
        }),
      );
      writeAtomically(manifestPath, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
    }
  } finally {
    bar.stop();
    await pool.close();
  }
  console.log(`${count} people (${todo.length} new) → ${dir}`);
}

async function synthesizePerson(
  pool: SynthWorkerPool,
  dir: string,
  seed: number,
  index: number,
  id: string,
  person: GeneratedPerson,
  impressions: number,
  formats: string[],
): Promise<PersonEntry> {
  const random = personRandom(seed, index);
  const missing = drawMissingFingers(random);
  const personDir = join(dir, id);
  mkdirSync(personDir, { recursive: true });
  const fingers = await Promise.all(
    FINGERS.map(async (finger, f): Promise<FingerEntry> => {
      const position = f + 1;
      if (missing.has(f)) return { position, finger, status: 'missing' };
      const scarred = random() < POPULATION.scarredFingers;
      const fSeed = fingerSeed(seed, index, f);
      const result = await wrapAsync(pool.run({ seed: fSeed, impressions, mode: 'image', scars: scarred ? 1 + Math.floor(random() * 2) : 0 }));
      const files: string[] = [];
      for (let k = 0; k < result.images.length; k++) {
        const image = result.images[k]!;
        const base = `${String(position).padStart(2, '0')}-${finger}-${k + 1}`;
        writeAtomically(join(personDir, `${base}.png`), await pngOf(image));
        files.push(`${id}/${base}.png`);
        if (formats.includes('wsq')) {
          writeAtomically(join(personDir, `${base}.wsq`), encodeWsq(image, { bitRate: 0.75 }));
          files.push(`${id}/${base}.wsq`);
        }
      }
      return { position, finger, status: scarred ? 'scarred' : 'captured', seed: fSeed, fingerClass: result.fingerClass, files };
    }),
  );
  return { id, person, fingers };
}

function readManifest(path: string): PopulationManifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as PopulationManifest;
    if (manifest.version !== POPULATION.manifestVersion || typeof manifest.complete !== 'object') throw new Error('unknown manifest version');
    return manifest;
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
}
