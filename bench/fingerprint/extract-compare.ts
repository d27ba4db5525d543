/**
 * Two versions of the extractor side by side, for a change that must not alter a single output bit:
 * on the FVC images, on odd-sized crops of them declared at other resolutions, and on the fingers
 * of a generated legacy dump (400 × 500 px WSQ with much background, as an import sees them), it
 * checks that both give identical extractions and identical intermediate stages (every stage the
 * transparency hook shows, hashed), then times them alternately in one process (CPU time, best of
 * ROUNDS: the machine may be shared).
 *
 *   git archive REV packages/biometrics/src | tar -x -C /tmp/rev
 *   npx tsx --conditions kura-source bench/fingerprint/extract-compare.ts /tmp/rev/packages/biometrics/src/fingerprint/extract/index.ts \
 *     packages/biometrics/src/fingerprint/extract/index.ts [--rounds 3] [--dump DIR]
 *
 * `--dump DIR`: a folder written by `kura synth legacy-dump … --fingers 10` (160 of its fingers are used).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ansiNistImages, parseAnsiNist } from '@kura/formats';
import { decodeImage } from '@kura/images';
import { sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';
import type { GreyImage, Transparency } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage } from './extract-support.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' }, dump: { type: 'string' } } });
if (positionals.length !== 2) {
  console.error('usage: extract-compare.ts A_EXTRACT_INDEX_TS B_EXTRACT_INDEX_TS [--rounds 3] [--dump DIR]');
  process.exit(2);
}
type Extractor = (image: GreyImage, params?: object, transparency?: Transparency) => unknown;
const load = async (path: string) => ((await import(pathToFileURL(resolve(path)).href)) as { extractFingerprint: Extractor }).extractFingerprint;
const versions = { A: await load(positionals[0]!), B: await load(positionals[1]!) };

const sets: Array<[string, GreyImage[]]> = [];
const fvcRoot = sharedData('fvc');
if (fvcRoot) {
  const fvc: GreyImage[] = [];
  for (const [set, ppi] of [['fvc2002-db1b', 500], ['fvc2002-db2b', 569]] as const) {
    const dir = join(fvcRoot, set);
    for (const file of readdirSync(dir).filter((f) => /^\d+_\d+\.tif$/i.test(f)).sort()) fvc.push(await loadGreyImage(join(dir, file), ppi));
  }
  // cut on varying sides and declared at 430 / 500 / 620 ppi: image edges, partial blocks, resampling
  const crops = fvc.slice(0, 40).map((image, k): GreyImage => {
    const left = Math.floor(image.width * 0.07 * (k % 3));
    const top = Math.floor(image.height * 0.05 * (k % 4));
    const width = Math.floor((image.width - left) * 0.85);
    const height = Math.floor((image.height - top) * 0.8);
    const pixels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) pixels.set(image.pixels.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
    return { width, height, pixels, ppi: [430, 500, 620][k % 3]! };
  });
  sets.push(['FVC2002', fvc], ['FVC crops', crops]);
} else {
  console.log(`FVC images skipped: ${sharedDataMissingMessage}`);
}
if (values.dump) {
  const fingers: GreyImage[] = [];
  for (const file of readdirSync(join(values.dump, 'transactions')).sort()) {
    let encoded: Uint8Array[];
    try {
      encoded = ansiNistImages(parseAnsiNist(readFileSync(join(values.dump, 'transactions', file))))
        .filter((image) => image.recordType !== 10)
        .map((image) => image.data);
    } catch {
      continue; // the dump's planted truncated file
    }
    for (const bytes of encoded) {
      try {
        const image = await decodeImage(bytes);
        fingers.push({ width: image.width, height: image.height, pixels: image.pixels, ppi: 500 });
      } catch {
        // the dump's planted corrupt WSQ
      }
    }
    if (fingers.length >= 160) break;
  }
  sets.push(['dump fingers', fingers.slice(0, 160)]);
}
if (sets.length === 0) {
  console.error('no images: give --dump DIR, or make ../shared/data/fvc available');
  process.exit(2);
}

/** Hash of the extractions, and, with `observe`, of every stage shown (typed arrays by content). */
function digest(extract: Extractor, images: GreyImage[], observe: boolean): string {
  const hash = createHash('sha256');
  const show: Transparency = (stage, data) => {
    hash.update(stage);
    hash.update(JSON.stringify(data, (_key, value: unknown) => (ArrayBuffer.isView(value) ? createHash('sha256').update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).digest('hex') : value)));
  };
  for (const image of images) hash.update(JSON.stringify(extract(image, {}, observe ? show : undefined)));
  return hash.digest('hex').slice(0, 16);
}

let allSame = true;
for (const [name, images] of sets) {
  const outputs = { A: digest(versions.A, images, false), B: digest(versions.B, images, false) };
  const stages = { A: digest(versions.A, images, true), B: digest(versions.B, images, true) };
  const same = outputs.A === outputs.B && stages.A === stages.B;
  allSame &&= same;
  console.log(`${name}: ${images.length} images; extractions ${outputs.A === outputs.B ? 'identical' : 'DIFFER'} (${outputs.A} / ${outputs.B}), stages ${stages.A === stages.B ? 'identical' : 'DIFFER'}`);
}
const rounds = Number(values.rounds);
for (const [name, images] of sets) {
  const times = { A: [] as number[], B: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const version of ['A', 'B'] as const) {
      const before = process.cpuUsage();
      for (const image of images) versions[version](image);
      const used = process.cpuUsage(before);
      times[version].push((used.user + used.system) / 1000 / images.length);
    }
  }
  const best = (v: number[]) => Math.min(...v);
  const list = (v: number[]) => v.map((t) => t.toFixed(1)).join(' ');
  console.log(`${name}: CPU ms per image, A ${best(times.A).toFixed(2)} [${list(times.A)}], B ${best(times.B).toFixed(2)} [${list(times.B)}] → B is ${(best(times.A) / best(times.B)).toFixed(2)}× as fast`);
}
if (!allSame) process.exitCode = 1;
