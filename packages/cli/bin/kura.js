#!/usr/bin/env -S node --single-threaded-gc --initial-old-space-size=128
// The `kura` command. It runs the compiled CLI; `npm ci` builds it (root "prepare" script).
// V8 flags, read only at start-up (hence the first line; `npm run kura` passes them too):
// --single-threaded-gc: each thread collects its own garbage. V8's default parallel and concurrent
// collector spreads that work over helper threads, which on the few cores Kura is sized for only
// compete with the extraction and search workers. --initial-old-space-size=128 (MB per thread's
// heap): a full collection marks every live object, and with V8's small starting limit an import's
// main thread ran one every second or so. Together ~10-15 % less CPU per imported person
// (bench/migration, docs/benchmarks.md), for at most 128 MB more memory per thread.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('kura: the command is not built yet. Run `npm run build` at the repository root.');
  process.exit(1);
}
await import(main.href);
