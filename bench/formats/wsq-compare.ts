/**
 * WSQ decoder A/B: the reference decoder (a copy of the committed formats package, extracted to
 * .rev-wsq) against the working tree's, on every NIST codestream, every finger image of the dump and
 * encoder outputs of odd sizes. Pixels must match byte for byte and errors exactly; then both are
 * timed alternately (CPU time, best of rounds).
 *
 *   cd /work/main && mkdir -p .rev-wsq && git archive HEAD packages/formats/src | tar -x -C .rev-wsq
 *   npx tsx bench/formats/wsq-compare.ts [--rounds 2] [--dump DUMP/transactions] [--no-wasm] [--current-from .rev-copy]
 *
 * `--dump`: the transactions folder of a dump written by `kura synth legacy-dump … --fingers 10` (without it, that set is left out).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Formats from '../../packages/formats/src/index.js';
import { sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    dump: { type: 'string' },
    // Another copy of the reference as "current": an A/A run shows the harness's own bias.
    'current-from': { type: 'string' },
    // Hide WebAssembly before loading either decoder: the JavaScript fallbacks must give the same bits.
    'no-wasm': { type: 'boolean', default: false },
  },
});
if (values['no-wasm']) (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
const working = (await import('../../packages/formats/src/index.js')) as typeof Formats;
const current = (values['current-from'] === undefined ? working : await import(join(process.cwd(), values['current-from'], 'packages/formats/src/index.ts'))) as typeof working;
const rounds = Number(values.rounds);
const reference = (await import(join(process.cwd(), '.rev-wsq/packages/formats/src/index.ts'))) as typeof working;

const nistDir = sharedData('formats');
if (nistDir === undefined) {
  console.error(sharedDataMissingMessage);
  process.exit(1);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.wsq')) out.push(path);
  }
  return out;
}

const nist = walk(nistDir).map((p) => new Uint8Array(readFileSync(p)));

const dump: Uint8Array[] = [];
let dumpFileErrors = 0;
if (!values.dump) console.log('dump: no --dump folder given, that set is left out');
for (const name of values.dump ? readdirSync(values.dump).sort() : []) {
  const bytes = new Uint8Array(readFileSync(join(values.dump!, name)));
  let images: Formats.AnsiNistImage[];
  try {
    images = current.ansiNistImages(current.parseAnsiNist(bytes));
  } catch {
    dumpFileErrors++; // the deliberately truncated file
    continue;
  }
  for (const img of images) if (img.recordType !== 10 && img.compression === 'wsq') dump.push(img.data);
}

/** Small deterministic images with some texture, so the encoder codes every kind of symbol. */
function oddImage(width: number, height: number, seed: number): { width: number; height: number; pixels: Uint8Array } {
  const pixels = new Uint8Array(width * height);
  let s = seed >>> 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const ridge = 128 + 90 * Math.sin((x * 0.7 + y * 0.4) * (0.3 + (seed % 5) * 0.1));
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(ridge + ((s >>> 24) - 128) * 0.3)));
    }
  }
  return { width, height, pixels };
}
const sides = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 97, 127, 128, 129, 200, 255, 256, 257, 301, 333, 400, 449, 511, 512, 517];
const odd: Uint8Array[] = [];
let encodeErrors = 0;
for (let i = 0; i < sides.length; i++) {
  for (const h of [sides[i]!, sides[(i * 7 + 3) % sides.length]!]) {
    for (const bitRate of [0.75, 2.25]) {
      try {
        odd.push(reference.encodeWsq(oddImage(sides[i]!, h, i * 31 + h), { bitRate }));
      } catch {
        encodeErrors++;
      }
    }
  }
}

// Damaged codestreams, so that the errors (code, offset, message) are compared on many paths: bytes
// overwritten (within the entropy-coded data, mostly) and truncations, at deterministic places.
const mutated: Uint8Array[] = [];
{
  let seed = 12345;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < dump.length; i += 8) {
    const original = dump[i]!;
    for (let m = 0; m < 6; m++) {
      const copy = original.slice();
      const from = Math.floor(copy.length * 0.2);
      if (m < 4) {
        // Bit flips (never making a 0xFF, which would mostly end the data as an unknown marker).
        for (let j = 0; j <= m; j++) {
          const at = from + next(copy.length - from);
          const flipped = copy[at]! ^ (1 << next(8));
          if (flipped !== 0xff && copy[at] !== 0xff) copy[at] = flipped;
        }
        mutated.push(copy);
      } else mutated.push(copy.subarray(0, from + next(copy.length - from)));
    }
  }
}

type Outcome = { pixels: Uint8Array; width: number; height: number } | { error: string };
function run(decode: typeof working.decodeWsq, bytes: Uint8Array): Outcome {
  try {
    const d = decode(bytes);
    return { pixels: d.pixels.slice(), width: d.width, height: d.height };
  } catch (e) {
    const err = e as Error & { code?: string; offset?: number };
    return { error: `${err.name}:${err.code ?? ''}:${err.offset ?? ''}:${err.message}` };
  }
}
function same(a: Outcome, b: Outcome): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b && a.error === b.error;
  return a.width === b.width && a.height === b.height && Buffer.compare(a.pixels, b.pixels) === 0;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const sets = { nist, dump, odd, mutated };
let mismatches = 0;
for (const [name, streams] of Object.entries(sets)) {
  let errors = 0;
  const kinds = new Map<string, number>();
  for (let i = 0; i < streams.length; i++) {
    const a = run(reference.decodeWsq, streams[i]!);
    const b = run(current.decodeWsq, streams[i]!);
    if ('error' in a) {
      errors++;
      const kind = `${a.error.split(':')[1]} ${a.error.split(':').slice(3).join(':').replace(/ \(field.*$/, '').replace(/\d+/g, 'N')}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    if (!same(a, b)) {
      mismatches++;
      console.log(`MISMATCH ${name}[${i}]: ${'error' in a ? a.error : 'pixels'} vs ${'error' in b ? b.error : 'pixels'}`);
    }
  }
  console.log(`${name}: ${streams.length} codestreams, ${errors} failing in both, ${mismatches === 0 ? 'all identical' : `${mismatches} mismatches so far`}`);
  if (kinds.size > 0) console.log(`  errors: ${[...kinds].map(([k, n]) => `${n} x ${k}`).join('; ')}`);
}
console.log(`dump files unreadable: ${dumpFileErrors}; encoder refusals: ${encodeErrors}`);

// Timing: the images in chunks of a few dozen; per round each chunk is decoded by the reference then
// by the current code, and each chunk keeps its least CPU time over the rounds. Summing per-chunk
// minima rather than taking the best whole pass keeps bursts of load from the machine's other
// processes out of the figures.
const CHUNK = 40;
for (const [name, streams] of Object.entries(sets)) {
  if (streams.length === 0) continue;
  const chunks = Math.ceil(streams.length / CHUNK);
  const best = { reference: new Float64Array(chunks).fill(Infinity), current: new Float64Array(chunks).fill(Infinity) };
  const pass = (decode: typeof working.decodeWsq, chunk: number): number => {
    const c0 = cpuMs();
    for (let i = chunk * CHUNK; i < Math.min(streams.length, (chunk + 1) * CHUNK); i++) run(decode, streams[i]!);
    return cpuMs() - c0;
  };
  for (let c = 0; c < chunks; c++) {
    // Warm-up.
    pass(reference.decodeWsq, c);
    pass(current.decodeWsq, c);
  }
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < chunks; c++) {
      // Which goes first alternates, so neither always meets the caches the other left.
      if (r % 2 === 0) best.reference[c] = Math.min(best.reference[c]!, pass(reference.decodeWsq, c));
      best.current[c] = Math.min(best.current[c]!, pass(current.decodeWsq, c));
      if (r % 2 === 1) best.reference[c] = Math.min(best.reference[c]!, pass(reference.decodeWsq, c));
    }
  }
  const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
  const [a, b] = [sum(best.reference), sum(best.current)];
  const per = (ms: number): string => ((ms / streams.length) * 1000).toFixed(0);
  console.log(`${name}: reference ${per(a)} us/image, current ${per(b)} us/image (${((b / a - 1) * 100).toFixed(1)} %)`);
}
if (mismatches > 0) process.exit(1);
