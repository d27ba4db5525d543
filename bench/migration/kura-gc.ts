/**
 * The `kura` command runs Node with V8 flags for its garbage collector (see packages/cli/bin/kura.js):
 * a benchmark of what it does must run with the same flags. V8 reads them only at start-up (setting
 * one later can abort the process), so a process started without them runs itself again with them
 * and exits with that run's status. Imported first, before anything else is loaded.
 *
 * `KURA_BENCH_DEFAULT_GC=1` keeps V8's defaults (parallel, concurrent collector; small first heap limit), for comparison.
 */
import { spawnSync } from 'node:child_process';

export const KURA_V8_FLAGS = ['--single-threaded-gc', '--initial-old-space-size=128'];

if (process.env.KURA_BENCH_DEFAULT_GC !== '1' && !KURA_V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const run = spawnSync(process.execPath, [...KURA_V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
