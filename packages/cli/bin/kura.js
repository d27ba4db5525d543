#!/usr/bin/env node
// The `kura` command. It runs the compiled CLI; `npm ci` builds it (root "prepare" script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('kura: the command is not built yet. Run `npm run build` at the repository root.');
  process.exit(1);
}
await import(main.href);
