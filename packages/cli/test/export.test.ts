import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatePopulation, openRegistry } from '@kura/registry';
import { exportCommand, exportVerifyCommand } from '../src/commands/export.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';

const PEOPLE = 2000;
let folder: string;
let database: TestDatabase;
let options: { dataDir?: string; databaseUrl?: string };
const env = (): NodeJS.ProcessEnv => ({ KURA_IMAGE_DIR: join(folder, 'images') });

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-export-cli-'));
  database = await createTestDatabase();
  options = database.config.url ? { databaseUrl: database.config.url, dataDir: join(folder, 'data') } : { dataDir: join(folder, 'data') };
  const registry = await openRegistry({ ...(database.config.url ? { url: database.config.url } : { dataDir: options.dataDir! }), imageDir: join(folder, 'images') });
  try {
    const people = generatePopulation(PEOPLE, 3);
    for (let i = 0; i < people.length; i += 1000) await registry.people.createMany(people.slice(i, i + 1000), { operatorId: null, username: 'test' }, 'Test');
  } finally {
    await registry.close();
  }
}, 120_000);
afterAll(async () => {
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
});

function captureLog(): () => string {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => lines.join('\n');
}

describe(`kura export and kura export verify (${testDatabaseKind})`, () => {
  it(`exports ${PEOPLE} people at ≥ 200 people/s of CPU, then verifies the folder`, async () => {
    const out = join(folder, 'export');
    const output = captureLog();
    const cpu = process.cpuUsage();
    await exportCommand({ ...options, out, json: true, progress: false }, env());
    const used = process.cpuUsage(cpu);
    const result = JSON.parse(output());
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.info(`export: ${PEOPLE} people, ${result.seconds} s wall (${result.peoplePerSecond} people/s), ${cpuSeconds.toFixed(2)} s CPU (${Math.round(PEOPLE / cpuSeconds)} people/s of CPU)`);
    expect(result.counts.people).toBe(PEOPLE);
    expect(PEOPLE / cpuSeconds).toBeGreaterThan(200);
    // The key was created beside the database, private.
    expect(statSync(join(options.dataDir!, 'keys', 'export-ed25519.pem')).mode & 0o777).toBe(0o600);

    const verified = captureLog();
    const report = await exportVerifyCommand(out, { json: true, progress: false });
    expect(report.ok).toBe(true);
    // The transactions, six CSVs and the public key.
    expect(JSON.parse(verified()).filesChecked).toBe(PEOPLE + 7);
    expect(process.exitCode ?? 0).toBe(0);
  }, 120_000);

  it('prints one line per problem and sets exit code 1', async () => {
    const out = join(folder, 'export');
    const csv = join(out, 'identifiers.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace(/NINA/, 'NINO'));
    writeFileSync(join(out, 'notes.txt'), 'added');
    const output = captureLog();
    await exportVerifyCommand(out, { progress: false });
    expect(output().split('\n').filter((l) => /^(changed|missing|added|signature) /.test(l))).toEqual(['changed    identifiers.csv', 'added      notes.txt']);
    expect(process.exitCode).toBe(1);
  });

  it('refuses a signing key that is not Ed25519, before writing anything', async () => {
    const pem = join(folder, 'rsa.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(pem, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(exportCommand({ ...options, out: join(folder, 'rsa-export'), progress: false }, { ...env(), KURA_SIGNING_KEY: pem })).rejects.toThrow(/Ed25519/);
    expect(() => statSync(join(folder, 'rsa-export.partial'))).toThrow();
  });
});
