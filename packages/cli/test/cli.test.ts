import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test-support/shared-data.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';

const bin = join(repoRoot, 'packages/cli/bin/kura.js');
const built = existsSync(join(repoRoot, 'packages/cli/dist/main.js'));
let dataDir: string;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!built) throw new Error('the CLI is not built: run `npm run build` (npm ci does it) before the tests');
  dataDir = mkdtempSync(join(tmpdir(), 'kura-cli-'));
  database = await createTestDatabase();
  env = { ...process.env, KURA_LOG_LEVEL: 'warn', KURA_DATA_DIR: '', KURA_DATABASE_URL: '' };
  if (database.config.url) env.KURA_DATABASE_URL = database.config.url;
  else env.KURA_DATA_DIR = dataDir;
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

function kura(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Starts a long-running command and resolves once its output matches `ready`. */
function start(args: string[], ready: RegExp) {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const matched = new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${ready}: ${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));
  return { matched, stop, output: () => out };
}

describe(`the kura command (${testDatabaseKind})`, () => {
  it('explains itself with --help everywhere', () => {
    const top = kura(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'demo', 'migrate', 'admin', 'person']) expect(top.out).toContain(cmd);
    for (const sub of [['person', 'search'], ['person', 'show'], ['admin', 'create'], ['serve'], ['demo'], ['places', 'load']]) {
      const help = kura([...sub, '--help']);
      expect(help.code, sub.join(' ')).toBe(0);
      expect(help.out).toContain('Usage: kura');
    }
  });

  it('migrates, creates the first admin, and refuses a second one with the same name', () => {
    expect(kura(['migrate']).out).toMatch(/schema up to date/);
    const created = kura(['admin', 'create', '--username', 'chef'], { KURA_ADMIN_PASSWORD: 'a very long password' });
    expect(created.code, created.err).toBe(0);
    expect(created.out).toContain('chef (admin)');
    expect(created.out).not.toContain('a very long password');
    const again = kura(['admin', 'create', '--username', 'chef'], { KURA_ADMIN_PASSWORD: 'a very long password' });
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/taken/);
    const generated = kura(['admin', 'create', '-u', 'agent1', '-r', 'registrar']);
    expect(generated.out).toMatch(/password \(shown once\): \S{16,}/);
    expect(kura(['admin', 'create', '-u', 'x1', '-r', 'king']).err).toMatch(/unknown role/);
  });

  it('serves the API until stopped, validating input', async () => {
    const server = start(['serve', '--port', '0'], /listening on (http:\/\/\S+)/);
    const [, url] = await server.matched;
    try {
      const login = await fetch(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'agent1', password: '' }),
      });
      expect(login.status).toBe(400);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('person show and search read the register and refuse bad identifiers', async () => {
    const demo = start(['demo', '--port', '0', '--people', '40', '--seed', '5', ...(env.KURA_DATABASE_URL ? [] : ['--data-dir', dataDir])], /Ctrl-C/);
    await demo.matched;
    expect(demo.output()).toMatch(/ready in [0-9.]+ s/);
    expect(demo.output()).toMatch(/agent\s+\S{16}\s+\(registrar\)/);
    await demo.stop();
    const search = kura(['person', 'search', '--birth-date', '1900', '--json']);
    expect(search.code, search.err).toBe(0);
    const all = kura(['person', 'search', 'traore', '--json', '--page-size', '100']);
    const result = JSON.parse(all.out);
    expect(result.total).toBeGreaterThan(0);
    const uin = result.items[0].uin;
    const show = kura(['person', 'show', uin, '--purpose', 'test']);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain(`UIN ${uin}`);
    const bad = kura(['person', 'show', uin.slice(0, 10) + String((Number(uin[10]) + 1) % 10)]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/check digit/);
  });
});
