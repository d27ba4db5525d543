/**
 * Pre-filter benchmark (issue 7): how well the fixed-length code keeps each mate among the
 * candidates, and what a comparison costs.
 *
 *   npx tsx --conditions kura-source bench/prefilter/run.ts [--synthetic 400] [--calls 2000000]
 *
 * Sets: FVC2002 DB1_B and DB2_B (templates extracted from the images), both pooled (each mate
 * ranked among the impostors of both sets: 152, so 1 % penetration is more than rank 1), and synthetic template-only
 * fingers (impression 0 enrolled, impression 1 searched). For every genuine probe, its mate is
 * ranked among (every impostor finger of the set + the mate); ties count against the mate. Hit
 * rate at a penetration q = share of probes whose mate is beaten by at most q × impostors.
 * Also the pre-filter-only EER (genuine vs impostor scores) and ns of CPU per prefilterScore call.
 * Prints one JSON object and writes it to bench/out/prefilter.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { errorRates } from '@kura/biometrics';
import { PREFILTER_WORDS, preparePrefilterProbe, prefilterScore, writePrefilterCode } from '../../packages/biometrics/src/gallery/prefilter/index.js';
import { repoRoot } from '../../test-support/shared-data.js';
import { fvcDevSets, type LabelledTemplate, loadFvcSet, syntheticSet } from './data.js';

const { values } = parseArgs({
  options: {
    synthetic: { type: 'string', default: '400' },
    calls: { type: 'string', default: '2000000' },
  },
});

const PENETRATIONS = [0.005, 0.01, 0.02, 0.05, 0.1];

interface SetResult {
  fingers: number;
  genuineSearches: number;
  impostorsPerSearch: number;
  hitRate: Record<string, number>;
  eer: number;
  meanCodeFeatures: number;
}

/**
 * Every template is enrolled; every template whose finger has another impression is searched
 * (only `probeImpressions` when given), each of its mates ranked separately among the impostors.
 */
function evaluate(set: LabelledTemplate[], probeImpressions?: ReadonlySet<number>): SetResult {
  const codes = new Uint32Array(set.length * PREFILTER_WORDS);
  set.forEach((t, i) => writePrefilterCode(t.template, codes, i * PREFILTER_WORDS));
  const beatenShares: number[] = [];
  const genuine: number[] = [];
  const impostor: number[] = [];
  let impostorsPerSearch = 0;
  set.forEach((p, pi) => {
    if (probeImpressions && !probeImpressions.has(p.impression)) return;
    const probe = preparePrefilterProbe(p.template);
    const scores = set.map((_, gi) => prefilterScore(probe, codes, gi * PREFILTER_WORDS));
    const enrolled = (gi: number) => !probeImpressions || !probeImpressions.has(set[gi]!.impression);
    const impostorScores = scores.filter((_, gi) => set[gi]!.finger !== p.finger && enrolled(gi));
    impostorsPerSearch = impostorScores.length;
    impostor.push(...impostorScores);
    set.forEach((g, gi) => {
      if (gi === pi || g.finger !== p.finger || !enrolled(gi)) return;
      const mate = scores[gi]!;
      genuine.push(mate);
      beatenShares.push(impostorScores.filter((s) => s >= mate).length / impostorScores.length);
    });
  });
  const hitRate: Record<string, number> = {};
  for (const q of PENETRATIONS) hitRate[`${q * 100}%`] = round(beatenShares.filter((b) => b <= q).length / beatenShares.length);
  const counts = set.map((_, i) => codes[i * PREFILTER_WORDS]! & 0xffff);
  return {
    fingers: new Set(set.map((t) => t.finger)).size,
    genuineSearches: beatenShares.length,
    impostorsPerSearch,
    hitRate,
    eer: round(errorRates(genuine, impostor).eer),
    meanCodeFeatures: round(counts.reduce((a, b) => a + b, 0) / counts.length),
  };
}

/** CPU nanoseconds per prefilterScore call over a gallery of codes (the probes' own mix of prints). */
function speed(set: LabelledTemplate[], calls: number): { nsPerCall: number; calls: number; prepareUsPerProbe: number } {
  const galleryFingers = 20_000;
  const codes = new Uint32Array(galleryFingers * PREFILTER_WORDS);
  for (let i = 0; i < galleryFingers; i++) writePrefilterCode(set[i % set.length]!.template, codes, i * PREFILTER_WORDS);
  const prepareStart = process.cpuUsage();
  const probes = set.slice(0, 50).map((t) => preparePrefilterProbe(t.template));
  const prepare = process.cpuUsage(prepareStart);
  let sink = 0;
  let done = 0;
  const start = process.cpuUsage();
  while (done < calls) {
    const probe = probes[(done / galleryFingers) % probes.length | 0]!;
    for (let g = 0; g < galleryFingers; g++) sink += prefilterScore(probe, codes, g * PREFILTER_WORDS);
    done += galleryFingers;
  }
  const used = process.cpuUsage(start);
  if (Number.isNaN(sink)) throw new Error('NaN score');
  return {
    nsPerCall: round(((used.user + used.system) * 1000) / done),
    calls: done,
    prepareUsPerProbe: round((prepare.user + prepare.system) / probes.length),
  };
}

const round = (v: number) => Math.round(v * 10000) / 10000;

const result: Record<string, unknown> = { machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`, codeBytes: PREFILTER_WORDS * 4 };
const everything: LabelledTemplate[] = [];
for (const set of fvcDevSets) {
  const templates = await loadFvcSet(set, 'images');
  if (!templates) {
    result[set.name] = 'shared data missing';
    continue;
  }
  result[set.name] = evaluate(templates);
  // Fingers of the second set are numbered apart from the first's.
  everything.push(...templates.map((t) => ({ ...t, finger: t.finger + (set === fvcDevSets[0] ? 0 : 1000) })));
}
if (everything.length > 0) result['fvc2002-pooled'] = evaluate(everything);
const syntheticFingers = Number(values.synthetic);
if (syntheticFingers > 0) {
  const synthetic = syntheticSet(syntheticFingers, 2);
  result.synthetic = evaluate(synthetic, new Set([1]));
  everything.push(...synthetic);
}
result.speed = speed(everything, Number(values.calls));
const json = JSON.stringify(result, null, 2);
console.log(json);
mkdirSync(join(repoRoot, 'bench', 'out'), { recursive: true });
writeFileSync(join(repoRoot, 'bench', 'out', 'prefilter.json'), json);
