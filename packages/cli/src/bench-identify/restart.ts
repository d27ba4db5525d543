import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { IDENTIFY_BENCH } from './parameters.js';
import { type ProbePerson, encodeProbes } from './probe-codec.js';

export interface RestartMeasurement {
  /** Wall time from spawning the fresh process to its answer. */
  seconds: number;
  subjects: number;
  candidates: { subjectId: number; score: number }[];
  loadMs: number;
  searchMs: number;
}

/** How to start the child: the compiled module, or the TypeScript source through tsx (vitest, tsx). */
function childCommand(): string[] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./restart-child.js', import.meta.url).pathname];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/index.mjs')).href;
  return ['--conditions=kura-source', '--import', tsx, new URL('./restart-child.ts', import.meta.url).pathname];
}

/**
 * Time for a FRESH process to load the gallery from the cache and answer its first search:
 * spawned with child_process, measured from spawn to its printed answer.
 */
export function measureRestart(args: { cachePath: string; people: number; seed: number; generator: string; workers: number; positions: readonly number[]; probe: ProbePerson }): Promise<RestartMeasurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [...childCommand(), args.cachePath, String(args.people), String(args.seed), args.generator, String(args.workers), args.positions.join(',')],
      { stdio: ['pipe', 'pipe', 'pipe'], timeout: IDENTIFY_BENCH.restartTimeoutMs },
    );
    let out = '';
    let err = '';
    let answeredAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (answeredAt === undefined && out.includes('\n')) answeredAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = ((answeredAt ?? performance.now()) - started) / 1000;
      const line = out.trim().split('\n').at(-1);
      const cause = err.split('\n').find((l) => /Error\b/.test(l)) ?? err.trim().split('\n').at(-1);
      if (code !== 0 || !line) return reject(new Error(`the restart process failed (exit ${code}): ${cause}`));
      try {
        resolve({ seconds, ...(JSON.parse(line) as Omit<RestartMeasurement, 'seconds'>) });
      } catch {
        reject(new Error(`the restart process printed no result: ${line}`));
      }
    });
    child.stdin.end(Buffer.from(encodeProbes([args.probe])));
  });
}
