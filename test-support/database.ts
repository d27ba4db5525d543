import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { RegistryConfig } from '../packages/registry/src/index.js';

/**
 * Where tests keep their data. By default a throw-away in-memory PGlite. With
 * KURA_TEST_DATABASE_URL set (CI does), each call creates a fresh database on that PostgreSQL
 * server, so the same suite runs against both engines.
 */
export const testPostgresUrl = process.env.KURA_TEST_DATABASE_URL || undefined;
export const testDatabaseKind = testPostgresUrl ? 'postgres' : 'pglite';

export interface TestDatabase {
  config: RegistryConfig;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!testPostgresUrl) return { config: { dataDir: 'memory://' }, drop: async () => {} };
  const name = `kura_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  // Images and the gallery snapshot of this database only: test files run at the same time, each on its own database.
  const files = mkdtempSync(join(tmpdir(), `${name}-`));
  return {
    config: { url: url.toString(), poolSize: 20, imageDir: join(files, 'images'), galleryDir: join(files, 'gallery') },
    drop: async () => {
      rmSync(files, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: testPostgresUrl });
      await c.connect();
      try {
        // A closed pool's connections may still be saying goodbye: dropping with force at once would
        // kill them mid-way (57P01 "terminating connection" surfacing in the test run). Wait a little.
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((done) => setTimeout(done, 20));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
