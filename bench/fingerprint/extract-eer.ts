/**
 * Extractor tuning loop: extracts every image of FVC-style folders (optionally with parameter
 * overrides), matches all pairs with Kura's matcher and prints all-pairs EER plus the worst genuine
 * pairs, so an extractor change can be judged by the measure that counts.
 *   npx tsx --conditions kura-source bench/fingerprint/extract-eer.ts DIR:PPI [DIR:PPI…] [--params JSON] [--worst N]
 * (KURA_MATCHER_SRC, see below, pins the matcher version.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extractFingerprint, type ExtractionParameters } from '../../packages/biometrics/src/fingerprint/extract/index.js';
import { loadGreyImage } from './extract-support.js';
import type * as TemplateModule from '../../packages/biometrics/src/fingerprint/template.js';
import type * as MatcherModule from '../../packages/biometrics/src/fingerprint/match/matcher.js';
import type * as MetricsModule from '../../packages/biometrics/src/fingerprint/evaluation/fvc-metrics.js';

// The matcher evolves separately: KURA_MATCHER_SRC=/path/to/a/copy/of/src/fingerprint pins one
// version, so that two extractor variants are judged by the same matcher.
const matcherSource = process.env.KURA_MATCHER_SRC ?? new URL('../../packages/biometrics/src/fingerprint', import.meta.url).pathname;
const { createTemplate } = (await import(`${matcherSource}/template.ts`)) as typeof TemplateModule;
const { FingerprintMatcher } = (await import(`${matcherSource}/match/matcher.ts`)) as typeof MatcherModule;
const { errorRates } = (await import(`${matcherSource}/evaluation/fvc-metrics.ts`)) as typeof MetricsModule;

const args = process.argv.slice(2);
const paramsAt = args.indexOf('--params');
const params: Partial<ExtractionParameters> = paramsAt >= 0 ? JSON.parse(args[paramsAt + 1]!) : {};
const worstAt = args.indexOf('--worst');
const worst = worstAt >= 0 ? Number(args[worstAt + 1]) : 0;
const sets = args.filter((a, i) => a.includes(':') && !(i > 0 && (args[i - 1] === '--params' || args[i - 1] === '--worst')));
const eers: number[] = [];
for (const set of sets) {
  const [dir, ppi] = set.split(':') as [string, string];
  const files = readdirSync(dir).filter((f) => /^\d+_\d+\.(tif|png|bmp)$/i.test(f)).sort();
  const names = files.map((f) => f.replace(/\.[^.]+$/, ''));
  const fingers = names.map((n) => n.split('_')[0]);
  let ms = 0;
  const templates = [];
  const qualities: number[] = [];
  for (const f of files) {
    const image = await loadGreyImage(join(dir, f), Number(ppi));
    const start = performance.now();
    const e = extractFingerprint(image, params);
    ms += performance.now() - start;
    qualities.push(e.quality);
    templates.push(createTemplate({ width: e.width, height: e.height, minutiae: e.minutiae, quality: e.quality }));
  }
  const genuine: { score: number; pair: string }[] = [];
  const impostor: { score: number; pair: string }[] = [];
  for (let i = 0; i < templates.length; i++) {
    const matcher = new FingerprintMatcher(templates[i]!);
    for (let j = i + 1; j < templates.length; j++) {
      const score = matcher.match(templates[j]!);
      (fingers[i] === fingers[j] ? genuine : impostor).push({ score, pair: `${names[i]}~${names[j]}` });
    }
  }
  const rates = errorRates(genuine.map((g) => g.score), impostor.map((g) => g.score));
  eers.push(rates.eer);
  console.log(`${dir}: all-pairs EER ${(rates.eer * 100).toFixed(2)} %, FMR100 ${(rates.fmr100 * 100).toFixed(2)} %, FMR1000 ${(rates.fmr1000 * 100).toFixed(2)} %, ZeroFMR ${(rates.zeroFmr * 100).toFixed(2)} %; extraction ${(ms / files.length).toFixed(1)} ms/image; quality min ${Math.min(...qualities)} mean ${(qualities.reduce((a, b) => a + b, 0) / qualities.length).toFixed(1)}`);
  // quality vs. matching trouble: each image's weakest genuine score, and the rank correlation
  const weakest = names.map(() => Infinity);
  for (const g of genuine) {
    const [a, b] = g.pair.split('~') as [string, string];
    for (const n of [a, b]) weakest[names.indexOf(n)] = Math.min(weakest[names.indexOf(n)]!, g.score);
  }
  const histogram = [0, 0, 0, 0, 0];
  for (const q of qualities) histogram[Math.min(4, Math.floor(q / 20))]! += 1;
  console.log(`  quality histogram [0-20, 20-40, 40-60, 60-80, 80-100]: ${JSON.stringify(histogram)}; Spearman(quality, weakest genuine score) ${spearman(qualities, weakest).toFixed(2)}`);
  const byQuality = names.map((n, i) => ({ n, q: qualities[i]!, w: weakest[i]! })).sort((a, b) => a.q - b.q);
  console.log(`  lowest quality: ${byQuality.slice(0, 6).map((x) => `${x.n} q${x.q} (weakest genuine ${x.w.toFixed(1)})`).join(', ')}`);
  if (worst > 0) {
    const maxImpostor = Math.max(...impostor.map((g) => g.score));
    console.log(`  highest impostor: ${impostor.sort((a, b) => b.score - a.score).slice(0, 3).map((g) => `${g.pair} ${g.score.toFixed(1)}`).join(', ')}`);
    console.log(`  worst genuine (below ${maxImpostor.toFixed(1)}): ${genuine.sort((a, b) => a.score - b.score).slice(0, worst).map((g) => `${g.pair} ${g.score.toFixed(1)}`).join(', ')}`);
  }
}
console.log(`mean all-pairs EER ${((eers.reduce((a, b) => a + b, 0) / eers.length) * 100).toFixed(2)} %  params ${JSON.stringify(params)}`);

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const r = new Array<number>(values.length);
  order.forEach((o, k) => (r[o.i] = k));
  return r;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const mean = (n - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return num / Math.sqrt(da * db);
}
