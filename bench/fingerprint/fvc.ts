/**
 * FVC benchmark of Kura's fingerprint engine on the dev sets in ../shared/data/fvc.
 *
 *   npx tsx --conditions kura-source bench/fingerprint/fvc.ts [images|iso] [--plot-dir DIR]
 *
 * The harness itself is `runFvcBenchmark` (also behind `kura bench fvc DIR --ppi N --json`); this
 * script runs it on both dev sets and prints the machine with the figures.
 */
import { resolve } from 'node:path';
import { encodeTemplate, type FingerprintTemplate } from '@kura/biometrics';
import { type FvcBenchmarkDetails, machineDescription, runFvcBenchmark } from '../../packages/cli/src/commands/bench.js';
import { sharedData } from '../../test-support/shared-data.js';

export { runFvcBenchmark, type FvcBenchmarkOptions, type FvcBenchmarkResult } from '../../packages/cli/src/commands/bench.js';

/** The dev sets and their scan resolutions (from shared/data/README.md). */
export const devSets = [
  { name: 'fvc2002-db1b', ppi: 500 },
  { name: 'fvc2002-db2b', ppi: 569 },
] as const;

const quantiles = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? Number.NaN;
  return `min ${at(0)}, q1 ${at(0.25)}, median ${at(0.5)}, q3 ${at(0.75)}, max ${v.at(-1)}`;
};

/** Template size, minutiae count, quality spread, and the quality of the prints in the worst genuine comparisons. */
function describeTemplates({ templates, genuine }: FvcBenchmarkDetails): string {
  const present = templates.filter((t): t is FingerprintTemplate => t !== undefined);
  const bytes = present.map((t) => encodeTemplate(t).length);
  const lines = [
    `  template bytes per finger: mean ${(bytes.reduce((a, b) => a + b, 0) / bytes.length).toFixed(0)} (${quantiles(bytes)})`,
    `  minutiae per finger: ${quantiles(present.map((t) => t.minutiae.length))}`,
  ];
  const qualities = present.map((t) => t.quality).filter((q): q is number => q !== undefined);
  if (qualities.length > 0) {
    const worst = [...genuine].sort((a, b) => a.score - b.score).slice(0, 10);
    const worstPrints = new Set(worst.flatMap((g) => [g.probe, g.candidate]));
    const q = (i: number) => templates[i]?.quality ?? 0;
    const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(1);
    lines.push(`  quality: ${quantiles(qualities)}, mean ${mean(qualities)}`);
    lines.push(`  mean quality of the prints in the 10 lowest genuine comparisons: ${mean([...worstPrints].map(q))} (others: ${mean(templates.map((_, i) => i).filter((i) => !worstPrints.has(i)).map(q))})`);
  }
  return lines.join('\n');
}

async function main() {
  const source = process.argv[2] === 'iso' ? 'iso' : 'images';
  const plotAt = process.argv.indexOf('--plot-dir');
  const plotDir = plotAt > 0 ? process.argv[plotAt + 1] : undefined;
  console.log(`machine: ${machineDescription()} (shared with other jobs: speed figures are pessimistic)`);
  for (const set of devSets) {
    const dir = sharedData('fvc', set.name);
    if (!dir) {
      console.log(`${set.name}: shared data missing, skipped`);
      continue;
    }
    const plot = plotDir ? resolve(plotDir, `det-${set.name}-${source}.png`) : undefined;
    let details: FvcBenchmarkDetails | undefined;
    const result = await runFvcBenchmark(dir, { ppi: set.ppi, source, ...(plot ? { plot } : {}), inspect: (d) => (details = d) });
    console.log(`${set.name} (${source}): ${JSON.stringify(result)}`);
    if (details) console.log(describeTemplates(details));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
