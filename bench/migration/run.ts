/**
 * `kura import run` speed: a generated vendor dump (10 fingers per person) imported into an empty
 * embedded register: people/s (wall, on this machine as loaded as it is), and where the CPU goes —
 * the main thread (reading, WSQ decoding, 1:N search, commit) apart from the other threads
 * (template extraction on the workers, garbage collection), per person, and that CPU by kind of
 * thread (main, extraction workers, other workers, V8's GC/JIT helper threads); WSQ decoding and extraction
 * per finger measured apart on one thread over a sample. CPU time, not wall time, is what the
 * split and the model rest on: the machine may be shared. The model: with the look-ahead keeping
 * every core busy, people/s = min(cores / CPU per person, 1 / main-thread CPU per person); the
 * projected time for 15 million people follows, on this machine and per added core.
 *
 *   npx tsx --conditions kura-source bench/migration/run.ts [--people 20] [--seed 1] [--workers 2] [--dump DIR] [--json]
 *
 * `--dump DIR`: import an existing dump (`kura synth legacy-dump … --fingers 10`) instead of generating one.
 */
import { KURA_V8_FLAGS } from './kura-gc.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractTemplate } from '@kura/biometrics';
import { POOL_THREAD_NAME } from '../../packages/biometrics/src/fingerprint/pool-protocol.js';
import { ansiNistImages, parseAnsiNist } from '@kura/formats';
import { decodeImage } from '@kura/images';
import { openRegistry } from '@kura/registry';
import { legacyDumpCommand } from '../../packages/cli/src/commands/legacy-dump.js';
import { runImport } from '../../packages/cli/src/commands/import-run-migrate.js';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' }, workers: { type: 'string' }, dump: { type: 'string' }, json: { type: 'boolean' } },
});
const people = Number(values.people);
const workers = Number(values.workers ?? availableParallelism());
const TARGET = 15_000_000;
const SAMPLE_FINGERS = 40;

/** CPU time (ms) and name of each live thread of this process, from Linux's per-thread accounting (10 ms ticks). */
function threadCpuMs(): Map<string, { name: string; ms: number }> {
  const threads = new Map<string, { name: string; ms: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      threads.set(tid, { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 }); // utime, stime (fields 14, 15) in 1/100 s
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return threads;
}

/**
 * CPU (ms) used between two snapshots by kind of thread: the main thread; the extraction pool's
 * workers (they name themselves); threads that existed before the register opened — V8's helper
 * threads (concurrent GC, JIT compilation, shared by every thread's heap) and libuv's; and any
 * other thread started since (the gallery's shard workers; under tsx, also its module-loader threads).
 * A thread that ended in between is missing: the split is only as complete as the threads alive at the end.
 */
function cpuByThreadKind(before: Map<string, { name: string; ms: number }>, after: Map<string, { name: string; ms: number }>, preexisting: Set<string>) {
  const split = { main: 0, extractionWorkers: 0, otherWorkers: 0, helperThreads: 0 };
  const helpersByName = new Map<string, number>();
  for (const [tid, { name, ms }] of after) {
    const used = ms - (before.get(tid)?.ms ?? 0);
    if (tid === String(process.pid)) split.main += used;
    else if (name === POOL_THREAD_NAME) split.extractionWorkers += used;
    else if (preexisting.has(tid)) {
      split.helperThreads += used;
      helpersByName.set(name, (helpersByName.get(name) ?? 0) + used);
    } else split.otherWorkers += used;
  }
  return { split, helpersByName };
}
const processCpuMs = (since?: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const folder = values.dump ? undefined : mkdtempSync(join(tmpdir(), 'kura-bench-migration-'));
const dump = values.dump ?? join(folder!, 'dump');
try {
  if (folder) {
    console.error(`generating ${people} people × 10 fingers…`);
    await legacyDumpCommand({ people: String(people), seed: values.seed!, out: dump, fingers: '10', threads: String(workers), quiet: true });
  }
  const preexistingThreads = new Set(threadCpuMs().keys());
  const registry = await openRegistry({ dataDir: 'memory://', extractionWorkers: workers });
  const load = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpuMs();
  const main0 = threads0.get(String(process.pid))?.ms ?? 0;
  const t0 = performance.now();
  const { report, stats } = await runImport(registry, { source: dump, mapping: join(dump, 'mapping.json') });
  const wall = (performance.now() - t0) / 1000;
  const totalCpuMs = processCpuMs(cpu0);
  const threads1 = threadCpuMs();
  const mainCpuMs = (threads1.get(String(process.pid))?.ms ?? 0) - main0;
  const { split: byThreadKind, helpersByName } = cpuByThreadKind(threads0, threads1, preexistingThreads);
  const loadAfter = loadavg()[0]!;
  await registry.close();

  // Decoding and extraction CPU per finger, one thread, on a sample of the dump's images (after a warm-up).
  const sample: Uint8Array[] = [];
  for (const file of readdirSync(join(dump, 'transactions')).sort()) {
    try {
      for (const image of ansiNistImages(parseAnsiNist(readFileSync(join(dump, 'transactions', file))))) if (image.recordType !== 10 && sample.length < SAMPLE_FINGERS + 5) sample.push(image.data);
    } catch {
      // the planted truncated file
    }
    if (sample.length >= SAMPLE_FINGERS + 5) break;
  }
  let decodeMs = 0;
  let extractMs = 0;
  let measured = 0;
  for (const [k, bytes] of sample.entries()) {
    const c0 = process.cpuUsage();
    const decoded = await decodeImage(bytes).catch(() => undefined);
    const c1 = process.cpuUsage();
    if (!decoded) continue;
    extractTemplate({ width: decoded.width, height: decoded.height, pixels: decoded.pixels, ppi: 500 });
    if (k < 5) continue; // warm-up (the first calls compile the code)
    decodeMs += (c1.user + c1.system - c0.user - c0.system) / 1000;
    extractMs += processCpuMs(c1);
    measured++;
  }
  const decodePerFinger = decodeMs / measured;
  const extractPerFinger = extractMs / measured;

  const enrolled = Math.max(1, stats.enrolled);
  const fingersPerEnrolled = stats.fingers / enrolled;
  const perPerson = {
    wallMs: (wall * 1000) / enrolled,
    cpuMs: totalCpuMs / enrolled,
    mainThreadCpuMs: mainCpuMs / enrolled,
    otherThreadsCpuMs: (totalCpuMs - mainCpuMs) / enrolled,
    decodeCpuMs: decodePerFinger * fingersPerEnrolled,
    extractionCpuMs: extractPerFinger * fingersPerEnrolled,
    commitWallMs: stats.enrollWallMs / enrolled,
  };
  // Records that are rejected cost little; the model counts enrolled people, whom the target speaks of.
  const model = (cores: number) => Math.min((cores * 1000) / perPerson.cpuMs, 1000 / perPerson.mainThreadCpuMs);
  const measuredRate = stats.enrolled / wall;
  const cpuShare = totalCpuMs / (wall * 1000 * availableParallelism());
  const result = {
    records: report.counts.records,
    enrolled: stats.enrolled,
    fingersPerPerson: Number(fingersPerEnrolled.toFixed(1)),
    workers,
    garbageCollector: KURA_V8_FLAGS.every((flag) => process.execArgv.includes(flag)) ? KURA_V8_FLAGS.join(' ') : 'V8 default (parallel, concurrent)',
    machine: { cores: availableParallelism(), loadAverage: [Number(load.toFixed(1)), Number(loadAfter.toFixed(1))], cpuShareOfThisRun: Number(cpuShare.toFixed(2)) },
    seconds: Number(wall.toFixed(1)),
    measuredPeoplePerSecond: Number(measuredRate.toFixed(2)),
    counts: report.counts,
    perPersonMs: Object.fromEntries(Object.entries(perPerson).map(([k, v]) => [k, Number(v.toFixed(1))])),
    perPersonCpuMsByThread: Object.fromEntries(Object.entries(byThreadKind).map(([k, v]) => [k, Number((v / enrolled).toFixed(1))])),
    helperCpuMsPerPersonByThreadName: Object.fromEntries([...helpersByName].filter(([, ms]) => ms > 0).map(([name, ms]) => [name, Number((ms / enrolled).toFixed(1))])),
    perFingerCpuMs: { decode: Number(decodePerFinger.toFixed(1)), extraction: Number(extractPerFinger.toFixed(1)) },
    modelPeoplePerSecondByCores: Object.fromEntries([1, 2, 3, 4, 8].map((c) => [c, Number(model(c).toFixed(2))])),
    projected15MHours: {
      measured: Number((TARGET / measuredRate / 3600).toFixed(0)),
      ...Object.fromEntries([2, 3, 4, 8].map((c) => [`model${c}Cores`, Number((TARGET / model(c) / 3600).toFixed(0))])),
    },
  };
  if (values.json) console.log(JSON.stringify(result, null, 1));
  else {
    const p = result.perPersonMs;
    console.log(`import: ${result.records} records, ${result.enrolled} people enrolled × ${result.fingersPerPerson} fingers in ${result.seconds} s → ${result.measuredPeoplePerSecond} people/s measured (${workers} workers; load average ${result.machine.loadAverage.join(' → ')}, this run got ${Math.round(cpuShare * 100)} % of ${availableParallelism()} cores; GC: ${result.garbageCollector})`);
    console.log(`  CPU per person: ${p.cpuMs} ms = main thread ${p.mainThreadCpuMs} ms (read, decode, 1:N, commit) + other threads ${p.otherThreadsCpuMs} ms (extraction, GC)`);
    const t = result.perPersonCpuMsByThread;
    console.log(`  by thread: main ${t.main} ms, extraction workers ${t.extractionWorkers} ms, other workers (gallery shards, loaders) ${t.otherWorkers} ms, V8/libuv helper threads (concurrent GC, JIT) ${t.helperThreads} ms`);
    console.log(`  helper threads by name: ${JSON.stringify(result.helperCpuMsPerPersonByThreadName)}`);
    console.log(`  of which, measured apart on one thread: WSQ decode ${p.decodeCpuMs} ms (${result.perFingerCpuMs.decode} ms/finger), extraction ${p.extractionCpuMs} ms (${result.perFingerCpuMs.extraction} ms/finger); commit ${p.commitWallMs} ms wall`);
    console.log(`  model people/s by cores (CPU-bound, idle machine): ${JSON.stringify(result.modelPeoplePerSecondByCores)}`);
    console.log(`  15 M people: ${result.projected15MHours.measured} h at the measured rate; model: ${[2, 3, 4, 8].map((c) => `${c} cores ${result.projected15MHours[`model${c}Cores` as keyof typeof result.projected15MHours]} h`).join(', ')}`);
  }
} finally {
  if (folder) rmSync(folder, { recursive: true, force: true });
}
