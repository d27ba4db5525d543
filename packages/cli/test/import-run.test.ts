import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRegistry, type ImportLedgerEntry, type Registry } from '@kura/registry';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthRecord } from '../src/commands/legacy-dump-files.js';
import { legacyDumpCommand } from '../src/commands/legacy-dump.js';
import { runImport } from '../src/commands/import-run-migrate.js';
import type { ImportReport } from '../src/commands/import-run-report.js';

interface Truth {
  counts: { records: number; imported: number; duplicateCases: number; rejected: number; byReason: Record<string, number>; proprietaryTemplates: number };
  records: TruthRecord[];
}

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '../src/main.ts');
let folder: string;
let dump: string;
let truth: Truth;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'kura-import-run-'));
  dump = join(folder, 'dump');
  await legacyDumpCommand({ people: '20', seed: '5', out: dump, fingers: '2', threads: '2', quiet: true });
  truth = JSON.parse(readFileSync(join(dump, 'truth.json'), 'utf8')) as Truth;
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const OUTCOME = { imported: 'imported', 'duplicate-case': 'case', rejected: 'rejected' } as const;

/** What must not depend on the run: everything but the identifiers the register draws. */
const stable = (e: ImportLedgerEntry) => ({ ...e, enrollmentId: null, uin: e.uin === null ? null : 'UIN', caseId: e.caseId === null ? null : 'CASE' });

async function registerCounts(registry: Registry) {
  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(registry.database.db)).rows[0]!.n);
  return {
    people: await count('person'),
    enrollments: await count('enrollment'),
    cases: await count('dedup_case'),
    fingers: await count('enrolled_finger'),
    galleryChanges: await count('gallery_change'),
    ledger: await count('import_record'),
  };
}

describe('kura import run', () => {
  let registry: Registry;
  let first: ImportReport;
  beforeAll(async () => {
    registry = await openRegistry({ dataDir: 'memory://', extractionWorkers: 2 });
    first = (await runImport(registry, { source: dump, mapping: join(dump, 'mapping.json') })).report;
  }, 120_000);
  afterAll(() => registry?.close());

  it('reconciles to the record with truth.json: every duplicate a case, every defect rejected with its reason and place', () => {
    const c = first.counts;
    expect(c.records).toBe(truth.counts.records);
    expect(c.imported + c.duplicateCases + c.rejected).toBe(c.records);
    expect([c.imported, c.duplicateCases, c.rejected]).toEqual([truth.counts.imported, truth.counts.duplicateCases, truth.counts.rejected]);
    expect(c.byReason).toEqual(truth.counts.byReason);
    // The synthetic dump's only unused records are its Type-9 templates.
    expect(c.ignoredRecords).toBe(truth.counts.proprietaryTemplates);
    const byKey = new Map(first.records.map((e) => [e.key, e]));
    for (const t of truth.records) {
      const e = byKey.get(t.vendorId);
      expect(e, t.vendorId).toBeDefined();
      expect(e!.outcome, t.vendorId).toBe(OUTCOME[t.outcome]);
      if (t.outcome === 'imported') expect(e!.uin, t.vendorId).toMatch(/^\d{11}$/);
      if (t.outcome === 'duplicate-case') expect(e!.duplicateOf, t.vendorId).toBe(t.duplicateOf);
      if (t.outcome === 'rejected') {
        expect(e!.reason, t.vendorId).toBe(t.reason);
        expect(e!.file, t.vendorId).toBe(t.source!.file);
        if (t.source!.line !== undefined) expect(e!.line, t.vendorId).toBe(t.source!.line);
        if (t.source!.offset !== undefined) expect([e!.offset, e!.record], t.vendorId).toEqual([t.source!.offset, t.source!.record]);
      }
    }
  });

  it('a re-run imports nothing new and reports the same', async () => {
    const before = await registerCounts(registry);
    const again = (await runImport(registry, { source: dump, mapping: join(dump, 'mapping.json') })).report;
    expect(again.run).toMatchObject({ settled: 0, alreadySettled: truth.counts.records, changedSinceSettled: [] });
    expect(await registerCounts(registry)).toEqual(before);
    expect(again.counts).toEqual(first.counts);
    expect(again.records).toEqual(first.records);
  }, 60_000);

  it('refuses a bad mapping with a clear error and changes nothing', async () => {
    const before = await registerCounts(registry);
    await expect(runImport(registry, { source: dump, mapping: join(dump, 'truth.json') })).rejects.toThrow(/invalid mapping/);
    expect(await registerCounts(registry)).toEqual(before);
  });

  it(
    'killed at random moments then resumed, ends with the same register and report as an uninterrupted run',
    async () => {
      const dataDir = join(folder, 'killed-db');
      const runChild = (report: string, killAfterMs?: number) =>
        new Promise<{ killed: boolean; code: number | null }>((resolveRun, rejectRun) => {
          const child = spawn(
            process.execPath,
            ['--conditions=kura-source', '--import', 'tsx', main, 'import', 'run', dump, '--mapping', join(dump, 'mapping.json'), '--data-dir', dataDir, '--report', report, '--no-progress'],
            { cwd: join(here, '../../..'), stdio: ['ignore', 'ignore', 'pipe'] },
          );
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          child.on('error', rejectRun);
          child.on('exit', (code, signal) => {
            clearTimeout(timer);
            if (signal === null && code !== 0) rejectRun(new Error(`import exited ${code}: ${stderr}`));
            else resolveRun({ killed: signal === 'SIGKILL', code });
          });
        });
      // Kills between the start of the import (≈2.5 s of start-up) and its end (≈4 s more).
      let kills = 0;
      for (let trial = 0; trial < 4; trial++) {
        const outcome = await runChild(join(folder, `killed-${trial}.json`), 2000 + Math.random() * 4000);
        if (outcome.killed) kills++;
      }
      await runChild(join(folder, 'resumed.json'));
      const resumed = JSON.parse(readFileSync(join(folder, 'resumed.json'), 'utf8')) as ImportReport;
      expect(kills).toBeGreaterThan(0);
      expect(resumed.counts).toEqual(first.counts);
      expect(resumed.records.map(stable)).toEqual(first.records.map(stable));
      const killed = await openRegistry({ dataDir });
      try {
        expect(await registerCounts(killed)).toEqual(await registerCounts(registry));
      } finally {
        await killed.close();
      }
    },
    150_000,
  );
});
