/**
 * Time from `kura demo` start to /readyz OK, as the demo itself prints it: a first start on an
 * empty data folder (generates and loads 2,000 people) and a restart on the same folder.
 *
 *   npx tsx bench/registry/demo-start.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../test-support/shared-data.js';

const bin = join(repoRoot, 'packages/cli/bin/kura.js');
const dir = mkdtempSync(join(tmpdir(), 'kura-demo-'));

async function startOnce(): Promise<{ printed: number; wall: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'demo', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const printed = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready in ([0-9.]+) s/.exec(out);
      if (m && out.includes('Ctrl-C')) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)));
  });
  const wall = (performance.now() - t0) / 1000;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { printed, wall };
}

try {
  const first = await startOnce();
  const restart = await startOnce();
  console.log(JSON.stringify({ firstStart: first, restart, people: 2000 }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
