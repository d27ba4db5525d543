import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTemplate, templateFromMinutiaeRecord, type FingerPosition } from '@kura/biometrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type Registry, type RegistryConfig } from '../src/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test-support/database.js';
import { repoRoot, sharedDataMissingMessage } from '../../../test-support/shared-data.js';
import { actor, applicant, fvc, fvcTemplates } from './enrollment.fixtures.js';

const haveFvc = Boolean(fvc.db1 && fvc.db2);
if (!haveFvc) console.warn(sharedDataMissingMessage);
const here = dirname(fileURLToPath(import.meta.url));

let folder: string;
const databases: TestDatabase[] = [];
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'kura-gallery-'));
});
afterAll(async () => {
  for (const d of databases) await d.drop();
  rmSync(folder, { recursive: true, force: true });
});

/** A database that outlives a registry: a PGlite folder on disk, or a fresh PostgreSQL database. */
async function durableConfig(name: string): Promise<RegistryConfig> {
  const galleryDir = join(folder, name, 'gallery');
  const imageDir = join(folder, name, 'images');
  if (testDatabaseKind === 'pglite') return { dataDir: join(folder, name, 'db'), galleryDir, imageDir, galleryWorkers: 1 };
  const database = await createTestDatabase();
  databases.push(database);
  return { ...database.config, galleryDir, imageDir, galleryWorkers: 1 };
}

async function dbState(registry: Registry): Promise<{ subjects: number; lastSeq: number; enrollments: string[] }> {
  const db = registry.database.db;
  const subjects = await sql<{ n: string }>`select count(distinct enrollment_id) as n from gallery_change where op = 'add'`.execute(db);
  const seq = await sql<{ s: string | null }>`select max(seq) as s from gallery_change`.execute(db);
  const ids = await sql<{ id: string }>`select id::text as id from enrollment order by id`.execute(db);
  return { subjects: Number(subjects.rows[0]!.n), lastSeq: Number(seq.rows[0]!.s ?? 0), enrollments: ids.rows.map((r) => r.id) };
}

/** Same subjects in gallery and database: same count, and every database subject answers in the gallery. */
async function expectGalleryMatchesDatabase(registry: Registry): Promise<void> {
  const state = await dbState(registry);
  expect((await registry.gallery.stats()).subjects).toBe(state.subjects);
  expect(registry.gallery.appliedSeq).toBe(state.lastSeq);
  const gallery = await registry.gallery.ready();
  const probe = fvcTemplates('db1', 8, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).map((f) => ({
    position: f.position as FingerPosition,
    template: templateFromMinutiaeRecord(Buffer.from(f.data, 'base64')),
  }));
  const { rows } = await sql<{ id: string }>`select distinct enrollment_id::text as id from gallery_change`.execute(registry.database.db);
  for (const { id } of rows) expect(await gallery.compareSubject(probe, Number(id)), `subject ${id} in the gallery`).toBeDefined();
}

describe.skipIf(!haveFvc)(`gallery snapshot and restart (${testDatabaseKind})`, () => {
  it('restarts from the snapshot, cuts a torn tail, catches up missed changes and rebuilds a missing, corrupt or foreign one', async () => {
    const config = await durableConfig('restart');
    let registry = await openRegistry(config);
    expect((await registry.gallery.loadReport()).source).toBe('rebuilt');
    for (let i = 0; i < 3; i++) await registry.biometrics.enroll({ person: applicant(`Sangaré${i}`, 'Oumar'), fingers: fvcTemplates(i === 1 ? 'db2' : 'db1', 1, [1, 2, 3]) }, actor);
    await expectGalleryMatchesDatabase(registry);
    await registry.close();
    const snapshot = join(config.galleryDir!, 'snapshot.kgs');
    const size = statSync(snapshot).size;

    const reopen = async () => {
      registry = await openRegistry(config);
      const report = await registry.gallery.loadReport();
      await expectGalleryMatchesDatabase(registry);
      expect((await registry.gallery.stats()).subjects).toBe(3);
      await registry.close();
      return report;
    };

    expect(await reopen()).toMatchObject({ source: 'snapshot', snapshotFrames: 3, caughtUpChanges: 0 });

    appendFileSync(snapshot, Buffer.from([0, 0, 1, 0, 9, 9, 9])); // a torn frame
    expect(await reopen()).toMatchObject({ source: 'snapshot', snapshotFrames: 3, caughtUpChanges: 0 });
    expect(statSync(snapshot).size).toBe(size);

    // A crash after the commit but before the snapshot frame: the change log supplies it.
    const bytes = readFileSync(snapshot);
    const lastFrameLength = 8 + bytes.readUInt32BE(findLastFrame(bytes));
    truncateSync(snapshot, size - lastFrameLength);
    expect(await reopen()).toMatchObject({ source: 'snapshot', snapshotFrames: 2, caughtUpChanges: 1 });
    expect(statSync(snapshot).size).toBe(size);

    rmSync(snapshot);
    expect(await reopen()).toMatchObject({ source: 'rebuilt', rebuildReason: expect.stringContaining('no gallery snapshot') });

    const damaged = readFileSync(snapshot);
    damaged.writeUInt8(damaged.readUInt8(1) ^ 0xff, 1);
    writeFileSync(snapshot, damaged);
    expect(await reopen()).toMatchObject({ source: 'rebuilt' });

    // A snapshot of another database (same layout, another identity) is refused and replaced.
    const foreign = readFileSync(snapshot);
    const idAt = 8;
    foreign.write(foreign.toString('latin1', idAt, idAt + 1) === 'a' ? 'b' : 'a', idAt, 'latin1');
    writeFileSync(snapshot, foreign);
    expect(await reopen()).toMatchObject({ source: 'rebuilt', rebuildReason: expect.stringContaining('another database') });

    // A finger packed by an older gallery format is packed again from its stored template on rebuild.
    registry = await openRegistry(config);
    const db = registry.database.db;
    const template = encodeTemplate(templateFromMinutiaeRecord(readFileSync(join(fvc.db1!, '109_1.iso'))));
    const { rows } = await sql<{ id: string }>`insert into enrollment (status, applicant, missing_fingers, finger_outcomes, created_by_username)
      values ('pending-adjudication', '{}'::jsonb, '[]'::jsonb, '[]'::jsonb, 'test') returning id::text as id`.execute(db);
    await sql`insert into enrolled_finger (enrollment_id, position, source_format, template, packed, minutiae)
      values (${rows[0]!.id}::bigint, 9, 'iso-19794-2-2005', ${template}, ${new Uint8Array([99, 1, 2, 3])}, 25)`.execute(db);
    await sql`insert into gallery_change (op, enrollment_id) values ('add', ${rows[0]!.id}::bigint)`.execute(db);
    await registry.close();
    rmSync(snapshot);
    registry = await openRegistry(config);
    expect(await registry.gallery.loadReport()).toMatchObject({ source: 'rebuilt' });
    await expectGalleryMatchesDatabase(registry);
    expect((await registry.gallery.stats()).subjects).toBe(4);
    await registry.close();
  });

  it.skipIf(testDatabaseKind !== 'pglite')('refuses a snapshot ahead of its database (a database restored from a backup) and rebuilds', async () => {
    const config = await durableConfig('backup');
    let registry = await openRegistry(config);
    await registry.biometrics.enroll({ person: applicant('Dembélé', 'Issa'), fingers: fvcTemplates('db1', 1, [1, 2]) }, actor);
    await registry.close();
    cpSync(config.dataDir!, join(folder, 'backup', 'saved'), { recursive: true });
    registry = await openRegistry(config);
    await registry.biometrics.enroll({ person: applicant('Dembélé', 'Awa'), fingers: fvcTemplates('db2', 1, [1, 2]) }, actor);
    expect((await registry.gallery.stats()).subjects).toBe(2);
    await registry.close();
    rmSync(config.dataDir!, { recursive: true });
    cpSync(join(folder, 'backup', 'saved'), config.dataDir!, { recursive: true });
    registry = await openRegistry(config);
    try {
      expect(await registry.gallery.loadReport()).toMatchObject({ source: 'rebuilt', rebuildReason: expect.stringContaining('ahead of the database') });
      expect((await registry.gallery.stats()).subjects).toBe(1);
      await expectGalleryMatchesDatabase(registry);
    } finally {
      await registry.close();
    }
  });

  it('never loses an acknowledged enrollment nor lets gallery and database disagree when killed at random moments', async () => {
    const config = await durableConfig('kill');
    const acknowledged: string[] = [];
    const trials = 3;
    for (let trial = 0; trial < trials; trial++) {
      const child = spawn(process.execPath, ['--conditions=kura-source', '--import', 'tsx', join(here, 'gallery-sync.kill-child.ts')], {
        cwd: repoRoot,
        env: { ...process.env, KURA_KILL_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const acks: string[] = [];
      let buffered = '';
      let firstAck!: () => void;
      const acknowledging = new Promise<void>((r) => (firstAck = r));
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('ACK ')) {
            acks.push(line.slice(4));
            firstAck();
          }
        }
      });
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      await Promise.race([acknowledging, exited]);
      expect(stderr).toBe('');
      // Then a random moment: mid-search, mid-commit, mid-snapshot append…
      await new Promise((r) => setTimeout(r, Math.random() * 1500));
      child.kill('SIGKILL');
      await exited;
      acknowledged.push(...acks);
      if (process.env.KURA_KILL_VERBOSE) console.log(`trial ${trial}: ${acks.length} acknowledged before SIGKILL`);
      expect(acks.length).toBeGreaterThan(0);

      const registry = await openRegistry(config);
      try {
        const state = await dbState(registry);
        for (const id of acknowledged) expect(state.enrollments).toContain(id);
        await expectGalleryMatchesDatabase(registry);
      } finally {
        await registry.close();
      }
    }
  }, 120_000);
});

/** Offset of the last frame of a snapshot (walks the frames from the header). */
function findLastFrame(bytes: Buffer): number {
  let at = 8 + bytes.readUInt16BE(6);
  let last = at;
  while (at + 8 <= bytes.length) {
    last = at;
    at += 8 + bytes.readUInt32BE(at);
  }
  return last;
}

