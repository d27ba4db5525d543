/**
 * ANSI/NIST-ITL parse throughput (no image decoding), one core, over every reference transaction.
 *
 *   npx tsx bench/formats/ansi-nist.ts [--rounds 15] [--min-ms 100]
 *
 * Each round parses every file repeatedly for at least --min-ms; the figure is the median round.
 * Also measured: the worst single file (the most text-heavy) and the writer. Prints one JSON object
 * and writes it to bench/out/formats-ansi-nist.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAnsiNist, writeAnsiNist, type AnsiNistTransaction } from '../../packages/formats/src/ansi-nist/index.js';
import { repoRoot, sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, 'min-ms': { type: 'string', default: '100' } } });
const rounds = Number(values.rounds);
const minMs = Number(values['min-ms']);

const dir = sharedData('formats', 'ansi-nist');
if (!dir) {
  console.error(sharedDataMissingMessage);
  process.exit(1);
}
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.an2'))
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
const totalBytes = files.reduce((s, f) => s + f.bytes.length, 0);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median MB/s of `rounds` rounds, each repeating `work` (which handles `bytes` bytes) for at least minMs. */
function throughput(bytes: number, work: () => void): number {
  for (let i = 0; i < 3; i++) work(); // warm-up: let the JIT settle
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let reps = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      work();
      reps++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    rates.push((bytes * reps) / 1e6 / (elapsed / 1000));
  }
  return median(rates);
}

let sink = 0; // keeps results alive so the work is not optimised away
const parseAll = (): void => {
  for (const f of files) sink += parseAnsiNist(f.bytes).records.length;
};
const parsed: AnsiNistTransaction[] = files.map((f) => parseAnsiNist(f.bytes));
const writeAll = (): void => {
  for (const t of parsed) sink += writeAnsiNist(t).length;
};

const parseMBps = throughput(totalBytes, parseAll);
const perFile = files.map((f) => ({ file: f.name, bytes: f.bytes.length, parseMBps: Math.round(throughput(f.bytes.length, () => void (sink += parseAnsiNist(f.bytes).records.length))) }));
const worst = perFile.reduce((a, b) => (b.parseMBps < a.parseMBps ? b : a));
const writeMBps = throughput(totalBytes, writeAll);

const cpu = cpus();
const result = {
  benchmark: 'formats/ansi-nist parse (no image decoding)',
  files: files.length,
  totalBytes,
  rounds,
  minMsPerRound: minMs,
  parseMBps: Math.round(parseMBps),
  targetMBps: 200,
  meetsTarget: parseMBps >= 200,
  worstFile: worst,
  writeMBps: Math.round(writeMBps),
  perFile,
  machine: `${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  note: 'single thread; the machine is shared with other jobs, so figures are pessimistic',
  date: new Date().toISOString(),
  checksum: sink % 1000,
};
const out = join(repoRoot, 'bench', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'formats-ansi-nist.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
