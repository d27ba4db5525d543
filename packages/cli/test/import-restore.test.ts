import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatePopulation, openRegistry } from '@kura/registry';
import { exportCommand } from '../src/commands/export.js';
import { importRunCommand } from '../src/commands/import-run.js';
import { CliError } from '../src/config.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';
import { syntheticHand } from '../../../test-support/fingers.js';

/** `kura import run DIR` on a Kura export: no mapping, verified, restored into an empty register, exported again the same. */

let folder: string;
const databases: TestDatabase[] = [];
/** The register's image store and gallery (read by the registry from process.env), and the deployment's key. */
const env = (name: string): NodeJS.ProcessEnv => {
  vi.stubEnv('KURA_IMAGE_DIR', join(folder, name, 'images'));
  vi.stubEnv('KURA_GALLERY_DIR', join(folder, name, 'gallery'));
  return { KURA_SIGNING_KEY: join(folder, 'key.pem') };
};

async function register(name: string): Promise<{ dataDir: string; databaseUrl?: string }> {
  const database = await createTestDatabase();
  databases.push(database);
  const dataDir = join(folder, name, 'data');
  return database.config.url ? { dataDir, databaseUrl: database.config.url } : { dataDir };
}

let source: { dataDir: string; databaseUrl?: string };

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-restore-cli-'));
  // The deployment's key, shared by both registers' exports (KURA_SIGNING_KEY).
  const { generateKeyPairSync } = await import('node:crypto');
  writeFileSync(join(folder, 'key.pem'), generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  source = await register('source');
  const registry = await openRegistry({ ...(source.databaseUrl ? { url: source.databaseUrl } : { dataDir: source.dataDir }), imageDir: join(folder, 'source', 'images'), galleryDir: join(folder, 'source', 'gallery') });
  try {
    const actor = { operatorId: null, username: 'test' };
    await registry.people.createMany(generatePopulation(30, 5), actor, 'Test');
    await registry.biometrics.enroll({ person: { familyNames: 'Sissoko', givenNames: 'Awa', sex: 'F', birthDate: '1991', birthPlaceCode: '1101' }, fingers: await syntheticHand(501, 1, [1, 6], 'wsq') }, actor);
  } finally {
    await registry.close();
  }
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  await exportCommand({ ...source, out: join(folder, 'export'), progress: false }, env('source'));
  vi.unstubAllEnvs();
}, 120_000);
afterAll(async () => {
  for (const d of databases) await d.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = 0;
});

function captureLog(): () => string {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  return () => lines.join('\n');
}

const filesOf = (dir: string) =>
  (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
    .filter((e) => e.isFile() && !e.name.startsWith('manifest.'))
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

describe(`kura import run on a Kura export (${testDatabaseKind})`, () => {
  it('restores it without a mapping, and the register exports the same files again', async () => {
    const target = await register('target');
    const output = captureLog();
    const publicKey = join(folder, 'export', 'signing-key.pub.pem');
    await importRunCommand(join(folder, 'export'), { ...target, progress: false, publicKey }, env('target'));
    expect(output()).toMatch(/31 personnes \/ people, 31 versions, 1 enrôlements \/ enrollments, 2 doigts \/ fingers/);
    await exportCommand({ ...target, out: join(folder, 'export-again'), progress: false }, env('target'));
    const files = filesOf(join(folder, 'export'));
    expect(filesOf(join(folder, 'export-again'))).toEqual(files);
    for (const f of files) expect(readFileSync(join(folder, 'export-again', f)).equals(readFileSync(join(folder, 'export', f))), f).toBe(true);

    // A mapping makes no sense for a Kura export.
    await expect(importRunCommand(join(folder, 'export'), { ...target, progress: false, mapping: 'mapping.json' }, env('target'))).rejects.toThrow(/--mapping/);
  }, 120_000);

  it('refuses a register that is not empty, and a damaged export (listing what is wrong)', async () => {
    captureLog();
    await expect(importRunCommand(join(folder, 'export'), { ...source, progress: false }, env('source'))).rejects.toThrow(/not empty/);
    const damaged = join(folder, 'export-damaged');
    cpSync(join(folder, 'export'), damaged, { recursive: true });
    writeFileSync(join(damaged, 'people.csv'), readFileSync(join(damaged, 'people.csv'), 'utf8').replace('Sissoko', 'Sisoko'));
    const target = await register('damaged');
    const output = captureLog();
    const error = await importRunCommand(damaged, { ...target, progress: false }, env('damaged')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/damaged export, nothing written/);
    expect(output()).toMatch(/changed\s+people\.csv/);
  }, 120_000);
});
