/**
 * Synthetic prints next to real ones (issue 6, acceptance 2 and 3), measured with Kura's own
 * extractor and matcher: ridge period, minutiae per image, ending share, class frequencies,
 * and FVC-protocol error rates of a synthetic B-like set (10 fingers × 8 impressions).
 *
 *   npx tsx --conditions kura-source bench/synth/stats.ts [--fingers 10] [--impressions 8] [--seed 1] [--synthetic-only]
 *
 * Besides rendered impressions through the extractor, the same fingers in template-only mode
 * (minutiae carried from the master, no image), from masters on the image and template rasters.
 *
 * Prints a Markdown table and writes bench/out/synth-stats.json.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import {
  FINGERPRINT_CLASSES,
  type FingerprintTemplate,
  compareFingerprints,
  createMasterFingerprint,
  createTemplate,
  impressionTemplate,
  masterMinutiae,
  errorRates,
  extractTemplate,
  measureRidgePeriod,
  planMaster,
  renderImpression,
} from '../../packages/biometrics/src/index.js';
import { CLASS_FREQUENCIES } from '../../packages/biometrics/src/synth/parameters.js';
import { repoRoot, sharedData } from '../../test-support/shared-data.js';

const { values } = parseArgs({
  options: {
    fingers: { type: 'string', default: '10' },
    impressions: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    'synthetic-only': { type: 'boolean', default: false },
  },
});
const fingers = Number(values.fingers);
const impressions = Number(values.impressions);
const seed = Number(values.seed);

interface Image {
  finger: number;
  impression: number;
  width: number;
  height: number;
  ppi: number;
  pixels: Uint8Array;
}

interface SetStats {
  name: string;
  images: number;
  ridgePeriodPx500: number;
  minutiaePerImage: number;
  endingShare: number;
  /** Root-mean-square distance of the minutiae from their centroid (px at 500 ppi). */
  spreadPx: number;
  eer: number;
  eerAllPairs: number;
  genuineMedian: number;
  impostorMedian: number;
}

function summarise(name: string, images: Image[]): SetStats {
  const templates = new Map<string, FingerprintTemplate>();
  const periods: number[] = [];
  for (const image of images) {
    templates.set(`${image.finger}_${image.impression}`, extractTemplate(image).template);
    periods.push((measureRidgePeriod(image.pixels, image.width, image.height) * 500) / image.ppi);
  }
  return summariseTemplates(name, templates, median(periods));
}

/** Template-only impressions (no image, no extractor): impressions 1 … n of each finger. */
function templateOnlySet(name: string, raster: 'image' | 'template'): SetStats {
  const templates = new Map<string, FingerprintTemplate>();
  for (let f = 0; f < fingers; f++) {
    const master = createMasterFingerprint(seed * 100_000 + f, { raster });
    const minutiae = masterMinutiae(master);
    for (let i = 0; i < impressions; i++) templates.set(`${f}_${i + 1}`, createTemplate(impressionTemplate(master, i, {}, minutiae)));
  }
  return summariseTemplates(name, templates, Number.NaN);
}

/** Keys are `${finger}_${impression}`, impressions numbered from 1. */
function summariseTemplates(name: string, templates: Map<string, FingerprintTemplate>, ridgePeriodPx500: number): SetStats {
  let minutiae = 0;
  let endings = 0;
  let spread = 0;
  for (const template of templates.values()) {
    minutiae += template.minutiae.length;
    endings += template.minutiae.filter((m) => m.type === 'ending').length;
    spread += spreadOf(template);
  }
  const keys = [...templates.keys()].map((k) => k.split('_').map(Number) as [number, number]);
  const ids = [...new Set(keys.map(([f]) => f))];
  const count = Math.max(...keys.map(([, i]) => i));
  const score = (a: string, b: string) => compareFingerprints(templates.get(a)!, templates.get(b)!).score;
  const genuine: number[] = [];
  const impostor: number[] = [];
  const impostorAll: number[] = [];
  for (const f of ids) for (let i = 1; i <= count; i++) for (let j = i + 1; j <= count; j++) genuine.push(score(`${f}_${i}`, `${f}_${j}`));
  for (let a = 0; a < ids.length; a++) {
    for (let b = a + 1; b < ids.length; b++) {
      impostor.push(score(`${ids[a]}_1`, `${ids[b]}_1`));
      for (let i = 1; i <= count; i++) for (let j = 1; j <= count; j++) impostorAll.push(score(`${ids[a]}_${i}`, `${ids[b]}_${j}`));
    }
  }
  return {
    name,
    images: templates.size,
    ridgePeriodPx500: round(ridgePeriodPx500),
    minutiaePerImage: round(minutiae / templates.size),
    endingShare: round(endings / minutiae),
    spreadPx: round(spread / templates.size),
    eer: round(errorRates(genuine, impostor).eer),
    eerAllPairs: round(errorRates(genuine, impostorAll).eer),
    genuineMedian: round(median(genuine)),
    impostorMedian: round(median(impostorAll)),
  };
}

async function fvcImages(folder: string, ppi: number): Promise<Image[]> {
  const dir = sharedData('fvc', folder);
  if (!dir) return [];
  const images: Image[] = [];
  for (let f = 101; f <= 110; f++) {
    for (let i = 1; i <= 8; i++) {
      const { data, info } = await sharp(readFileSync(join(dir, `${f}_${i}.tif`))).greyscale().raw().toBuffer({ resolveWithObject: true });
      images.push({ finger: f, impression: i, width: info.width, height: info.height, ppi, pixels: new Uint8Array(data.buffer, data.byteOffset, data.length) });
    }
  }
  return images;
}

const started = performance.now();
const synthetic: Image[] = [];
for (let f = 0; f < fingers; f++) {
  const master = createMasterFingerprint(seed * 100_000 + f);
  for (let i = 0; i < impressions; i++) synthetic.push({ finger: f, impression: i + 1, ...renderImpression(master, i) });
}
const sets = [
  summarise(`synthetic (${fingers} × ${impressions}, seed ${seed})`, synthetic),
  templateOnlySet(`template-only, image raster (${fingers} × ${impressions})`, 'image'),
  templateOnlySet(`template-only, template raster (${fingers} × ${impressions})`, 'template'),
];
for (const [folder, ppi] of values['synthetic-only'] ? [] : ([['fvc2002-db1b', 500], ['fvc2002-db2b', 569]] as const)) {
  const images = await fvcImages(folder, ppi);
  if (images.length) sets.push(summarise(`FVC2002 ${folder.slice(8).toUpperCase()}`, images));
}

const classCounts = Object.fromEntries(FINGERPRINT_CLASSES.map((c) => [c, 0])) as Record<string, number>;
const classSample = 10_000;
for (let s = 0; s < classSample; s++) classCounts[planMaster(s).fingerClass]!++;
const classes = FINGERPRINT_CLASSES.map((c) => ({ class: c, synthetic: round(classCounts[c]! / classSample), natural: CLASS_FREQUENCIES[c] }));

const report = { benchmark: 'bench/synth/stats.ts', date: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length }, seconds: round((performance.now() - started) / 1000), sets, classes };
mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
writeFileSync(join(repoRoot, 'bench/out/synth-stats.json'), `${JSON.stringify(report, null, 2)}\n`);

console.log('| set | images | ridge period (px @500 ppi) | minutiae / image | ending share | spread (px) | EER (FVC protocol) | EER (all impostor pairs) | median genuine / impostor score |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const s of sets) {
  console.log(`| ${s.name} | ${s.images} | ${Number.isNaN(s.ridgePeriodPx500) ? '—' : s.ridgePeriodPx500} | ${s.minutiaePerImage} | ${s.endingShare} | ${s.spreadPx} | ${pct(s.eer)} | ${pct(s.eerAllPairs)} | ${s.genuineMedian} / ${s.impostorMedian} |`);
}
console.log('\n| class | synthetic (10,000 seeds) | natural |\n| --- | ---: | ---: |');
for (const c of classes) console.log(`| ${c.class} | ${pct(c.synthetic)} | ${pct(c.natural)} |`);

function spreadOf(template: FingerprintTemplate): number {
  const n = template.minutiae.length;
  if (n === 0) return 0;
  const cx = template.minutiae.reduce((a, m) => a + m.x, 0) / n;
  const cy = template.minutiae.reduce((a, m) => a + m.y, 0) / n;
  return Math.sqrt(template.minutiae.reduce((a, m) => a + (m.x - cx) ** 2 + (m.y - cy) ** 2, 0) / n);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}
