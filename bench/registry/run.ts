/**
 * Registry benchmark over HTTP: create throughput and name-search latency with N people.
 *
 *   npx tsx bench/registry/run.ts --db pglite   [--people 100000] [--concurrency 32] [--searches 1000]
 *   npx tsx bench/registry/run.ts --db postgres [--url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * The server runs as its own process (`kura serve`, built), the load comes from this one.
 * Prints one JSON object and writes it to bench/out/registry-<db>.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Agent, setGlobalDispatcher } from 'undici';
import { generatePopulation } from '../../packages/registry/src/index.js';
import { repoRoot } from '../../test-support/shared-data.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    people: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '32' },
    searches: { type: 'string', default: '1000' },
  },
});
const people = Number(values.people);
const concurrency = Number(values.concurrency);
const searches = Number(values.searches);
const bin = join(repoRoot, 'packages/cli/bin/kura.js');
setGlobalDispatcher(new Agent({ connections: concurrency, pipelining: 1 }));

const env: NodeJS.ProcessEnv = { ...process.env, KURA_LOG_LEVEL: 'warn', KURA_ADMIN_PASSWORD: 'benchmark password 1' };
let cleanup = async () => {};
if (values.db === 'postgres') {
  const name = `kura_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: values.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(values.url);
  url.pathname = `/${name}`;
  env.KURA_DATABASE_URL = url.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: values.url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'kura-bench-'));
  env.KURA_DATA_DIR = dir;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const created = spawnSync(process.execPath, [bin, 'admin', 'create', '-u', 'bench', '-r', 'registrar'], { env, encoding: 'utf8' });
if (created.status !== 0) throw new Error(created.stderr);

const server = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

try {
  const login = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: env.KURA_ADMIN_PASSWORD }),
  });
  let token = ((await login.json()) as { token: string }).token;
  const relogin = async () => {
    const res = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: env.KURA_ADMIN_PASSWORD }),
    });
    token = ((await res.json()) as { token: string }).token;
  };
  const population = generatePopulation(people, 2026);

  // ——— create throughput ———
  let next = 0;
  let errors = 0;
  let lastLogin = performance.now();
  const startCreate = performance.now();
  let reported = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= population.length) return;
        if (performance.now() - lastLogin > 10 * 60_000) {
          lastLogin = performance.now();
          await relogin(); // tokens live 15 minutes
        }
        const res = await fetch(`${base}/v1/persons`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(population[i]),
        });
        await res.arrayBuffer();
        if (res.status !== 201) errors++;
        if (i - reported >= 10_000) {
          reported = i;
          process.stderr.write(`  ${i} created, ${(i / ((performance.now() - startCreate) / 1000)).toFixed(0)}/s\n`);
        }
      }
    }),
  );
  const createSeconds = (performance.now() - startCreate) / 1000;
  await relogin();

  // ——— name search latency (one request at a time) ———
  const latencies: number[] = [];
  let totalHits = 0;
  for (let s = 0; s < searches; s++) {
    const p = population[(s * 7919) % population.length]!;
    const qs = new URLSearchParams({ name: `${p.familyNames} ${p.givenNames}` });
    if (s % 2 === 0) qs.set('birthDate', p.birthDate.slice(0, 4));
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/persons?${qs}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { total: number };
    latencies.push(performance.now() - t0);
    if (res.status !== 200) errors++;
    totalHits += body.total;
  }
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;

  const result = {
    database: values.db,
    people,
    concurrency,
    createSeconds: Number(createSeconds.toFixed(1)),
    createPerSecond: Number((people / createSeconds).toFixed(0)),
    errors,
    searches,
    searchMsP50: Number(pct(0.5).toFixed(1)),
    searchMsP99: Number(pct(0.99).toFixed(1)),
    meanHitsPerSearch: Number((totalHits / searches).toFixed(0)),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    date: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(repoRoot, 'bench/out'), { recursive: true });
  writeFileSync(join(repoRoot, `bench/out/registry-${values.db}.json`), JSON.stringify(result, null, 2));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await cleanup();
}
