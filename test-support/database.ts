import { randomBytes } from 'node:crypto';
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
  return {
    config: { url: url.toString(), poolSize: 20 },
    drop: async () => {
      const c = new pg.Client({ connectionString: testPostgresUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
