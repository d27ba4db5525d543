/**
 * WSQ codec speed on a ten-print-card-sized image (NIST input cmp00008, 800 x 750, 500 ppi):
 * decode of NIST's 0.75 bpp codestream and encode of the original at 0.75 bpp, on one core
 * (one JavaScript thread; no worker threads), median over many runs after a warm-up.
 *
 *   npx tsx bench/formats/wsq.ts [--runs 60] [--decode-only]
 *
 * Prints one JSON object (with the machine) and writes it to bench/out/formats-wsq.json.
 * Each figure comes as wall time and as CPU time (process.cpuUsage; on a shared machine the CPU
 * figure is the steadier one). --decode-only times decoding alone and writes no file.
 * Targets (issue acceptance 7): decode <= 30 ms, encode <= 50 ms.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodeWsq, encodeWsq } from '../../packages/formats/src/index.js';
import { repoRoot, sharedData, sharedDataMissingMessage } from '../../test-support/shared-data.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '60' }, 'decode-only': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const decodeOnly = values['decode-only'];
const IMAGE = 'cmp00008';
const BIT_RATE = 0.75;
const TARGET_MS = { decode: 30, encode: 50 };

const dir = sharedData('formats', 'wsq-nist');
if (dir === undefined) {
  console.error(sharedDataMissingMessage);
  process.exit(1);
}
sharp.concurrency(1);
const { data, info } = await sharp(join(dir, 'input', `${IMAGE}.webp`)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
const image = { width: info.width, height: info.height, pixels: new Uint8Array(data) };
const codestream = new Uint8Array(readFileSync(join(dir, 'wsq', '75', `${IMAGE}.wsq`)));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

function time(work: () => unknown): { medianMs: number; minMs: number; maxMs: number; cpuMedianMs: number; cpuMinMs: number; runs: number } {
  for (let i = 0; i < Math.min(10, runs); i++) work(); // warm-up: let the JIT settle
  const ms: number[] = [];
  const cpuUsed: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    work();
    ms.push(performance.now() - t0);
    cpuUsed.push(cpuMs() - c0);
  }
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    medianMs: round(median(ms)),
    minMs: round(Math.min(...ms)),
    maxMs: round(Math.max(...ms)),
    cpuMedianMs: round(median(cpuUsed)),
    cpuMinMs: round(Math.min(...cpuUsed)),
    runs,
  };
}

let encodedBytes = 0;
const decode = time(() => decodeWsq(codestream));
if (decodeOnly) {
  console.log(JSON.stringify({ benchmark: 'formats-wsq-decode', image: { name: IMAGE, width: image.width, height: image.height }, decode, loadAverage1m: loadavg()[0] }, null, 2));
  process.exit(0);
}
const encode = time(() => {
  encodedBytes = encodeWsq(image, { bitRate: BIT_RATE }).length;
});

const cpu = cpus();
const result = {
  benchmark: 'formats-wsq',
  date: new Date().toISOString(),
  machine: {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    note: 'one JavaScript thread; the machine may be shared, so figures taken under load are pessimistic',
  },
  image: { name: IMAGE, width: image.width, height: image.height, ppi: 500 },
  decode: { ...decode, codestreamBytes: codestream.length, targetMs: TARGET_MS.decode, meetsTarget: decode.medianMs <= TARGET_MS.decode },
  encode: { ...encode, bitRate: BIT_RATE, codestreamBytes: encodedBytes, targetMs: TARGET_MS.encode, meetsTarget: encode.medianMs <= TARGET_MS.encode },
};
console.log(JSON.stringify(result, null, 2));
const out = join(repoRoot, 'bench', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'formats-wsq.json'), JSON.stringify(result, null, 2) + '\n');
