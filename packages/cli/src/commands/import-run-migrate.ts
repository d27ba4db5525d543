import { basename, resolve } from 'node:path';
import type { ImportLedgerEntry, ImportSourceRecord, PersonInput, Registry } from '@kura/registry';
import { cliActor } from '../config.js';
import type { ImportMapping } from './import-mapping.js';
import { loadMapping } from './import-mapping-file.js';
import { transactionFingers } from './import-run-fingers.js';
import { mapPerson } from './import-run-person.js';
import { buildReport, type ImportReport } from './import-run-report.js';
import { csvOnlyItem, type CsvRow, indexCsv, readTransaction, type SourceItem, transactionFiles } from './import-run-source.js';

/**
 * The import loop: every record of the dump, in source order, settled in the ledger exactly once
 * (imported / dedup case / rejected with a reason). Records already in the ledger are skipped, so
 * a re-run or a resume after a kill goes on where the ledger stops. Records are committed one at a
 * time, in source order (the same record of a duplicate pair becomes the case on every run), while
 * the next few records are read, decoded and their templates extracted on the worker threads (a
 * bounded look-ahead that writes nothing: a kill loses only work, never a ledger row).
 */

export interface ImportRunOptions {
  source: string;
  mapping: string;
  /** The ledger's name for this dump (default: the source folder's name). */
  sourceName?: string | undefined;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportRunStats {
  /** Records enrolled or registered by this run. */
  enrolled: number;
  /** Process CPU time (every thread: the workers' too) while images were decoded in the reader (ms). */
  decodeCpuMs: number;
  /** Wall time committing records (1:N search, commit), extraction excepted: it runs ahead (ms). */
  enrollWallMs: number;
  fingers: number;
}

/** What one unsettled record will become: a rejection, or a person (with fingers) to enroll. */
type Plan =
  | { kind: 'reject'; record: ImportSourceRecord; reason: string; message: string; file?: string; offset?: number | undefined; line?: number | undefined; index?: number | undefined }
  | { kind: 'register'; record: ImportSourceRecord; person: PersonInput }
  | { kind: 'enroll'; prepared: PreparedImport; fingers: number };

type PreparedImport = Awaited<ReturnType<Registry['imports']['prepareEnrollment']>>;

/** Records prepared ahead of the one committing: enough to keep every worker busy through a commit, few enough to keep memory flat. */
const LOOKAHEAD_RECORDS = 4;

async function planOf(registry: Registry, item: SourceItem, source: string, mapping: ImportMapping, stats: ImportRunStats): Promise<Plan> {
  const record: ImportSourceRecord = {
    source,
    key: item.key,
    file: item.file,
    contentHash: item.contentHash,
    line: item.csvRow?.line,
    ...(item.kind === 'transaction' ? { ignoredRecords: item.ignoredRecords, faces: item.faces, faceImages: item.faceImages, facesUnreadable: item.facesUnreadable } : {}),
  };
  const reject = (reason: string, message: string, at: { file?: string; offset?: number | undefined; line?: number | undefined; index?: number | undefined } = {}): Plan => ({
    kind: 'reject',
    record,
    reason,
    message,
    ...at,
  });
  const csvFile = mapping.csv?.file ?? '';
  if (item.kind === 'csv-only') return reject('NO_TRANSACTION', `ligne CSV sans transaction / CSV row with no transaction (${item.key || 'empty key'})`, { file: csvFile, line: item.csvRow.line });
  if (item.parseError) {
    const { code, message, offset, record: index } = item.parseError;
    return reject(code === 'TRUNCATED' ? 'TRUNCATED_FILE' : 'UNREADABLE_TRANSACTION', message, { offset, index });
  }
  if (mapping.csv && !item.csvRow) return reject('NO_CSV_ROW', `transaction sans ligne CSV / transaction with no row in ${csvFile}`);
  const mapped = mapPerson(mapping, item.type2, item.csvRow);
  if ('fault' in mapped) {
    const { fault } = mapped;
    const type2Index = item.transaction!.records.findIndex((r) => r.type === 2);
    return fault.from === 'csv'
      ? reject(fault.reason, fault.message, { file: csvFile, line: item.csvRow?.line })
      : reject(fault.reason, fault.message, { offset: item.transaction!.source?.recordOffsets[type2Index], index: type2Index, line: undefined });
  }
  const fingers = await transactionFingers(item.transaction!, mapping);
  if ('fault' in fingers) return reject(fingers.fault.reason, fingers.fault.message, { offset: fingers.fault.offset, index: fingers.fault.record, line: undefined });
  stats.decodeCpuMs += fingers.decodeMs;
  if (fingers.fingers.length === 0) return { kind: 'register', record, person: mapped.person };
  const decoded = new Map(fingers.fingers.map((finger, k) => [finger.position, fingers.images[k]!]));
  const prepared = await registry.imports.prepareEnrollment(record, { person: mapped.person, fingers: fingers.fingers }, decoded);
  return { kind: 'enroll', prepared, fingers: fingers.fingers.length };
}

async function settle(registry: Registry, plan: Plan, actor: ReturnType<typeof cliActor>, stats: ImportRunStats): Promise<ImportLedgerEntry> {
  if (plan.kind === 'reject') {
    return registry.imports.reject(plan.record, { reason: plan.reason, message: plan.message, file: plan.file, offset: plan.offset, line: plan.line, record: plan.index });
  }
  const started = performance.now();
  const entry =
    plan.kind === 'register'
      ? await registry.imports.register(plan.record, plan.person, actor, `Reprise des données / legacy import (${plan.record.source})`)
      : await registry.imports.commitEnrollment(plan.prepared, actor);
  stats.enrollWallMs += performance.now() - started;
  stats.fingers += plan.kind === 'enroll' ? plan.fingers : 0;
  if (entry.outcome !== 'rejected') stats.enrolled++;
  return entry;
}

export async function runImport(registry: Registry, options: ImportRunOptions): Promise<{ report: ImportReport; stats: ImportRunStats }> {
  const started = performance.now();
  const mapping = loadMapping(options.mapping);
  const root = resolve(options.source);
  const source = options.sourceName ?? basename(root);
  const actor = cliActor(`reprise / legacy import: ${source}`);
  const csv = mapping.csv ? await indexCsv(root, mapping.csv) : undefined;
  const files = transactionFiles(root, mapping);
  const settledBefore = await registry.imports.settledKeys(source);
  const stats: ImportRunStats = { enrolled: 0, decodeCpuMs: 0, enrollWallMs: 0, fingers: 0 };
  const run: ImportReport['run'] = { settled: 0, alreadySettled: 0, changedSinceSettled: [], seconds: 0 };
  let total = files.length + (csv ? csv.rows.size + csv.repeated.length : 0);
  let done = 0;
  const seenKeys = new Set<string>();

  // Source items in order; a key met twice in one dump is settled under a key naming where.
  function* items(): Generator<SourceItem> {
    for (const file of files) {
      const item = readTransaction(root, file, mapping, csv?.rows);
      if (seenKeys.has(item.key)) item.key = `${item.key}#${file}`;
      seenKeys.add(item.key);
      yield item;
    }
    // Rows joined to a transaction are gone from the index: the rest had none.
    const rest: Array<{ key: string; row: CsvRow }> = csv ? [...[...csv.rows].map(([key, row]) => ({ key, row })), ...csv.repeated.map(({ key, row }) => ({ key: `${key}#line${row.line}`, row }))] : [];
    total = files.length + rest.length;
    for (const { key, row } of rest.sort((a, b) => a.row.line - b.row.line)) yield csvOnlyItem(key, row, mapping.csv!.file);
  }

  const isSettled = (item: SourceItem) => {
    const hash = settledBefore.get(item.key);
    if (hash === undefined) return false;
    if (hash !== item.contentHash) run.changedSinceSettled.push(item.key);
    return true;
  };

  const iterator = items();
  // Plans being prepared, in source order; each settles only after the one before it.
  const ahead: Array<Promise<Plan> | undefined> = [];
  const fill = () => {
    while (ahead.length < LOOKAHEAD_RECORDS) {
      const result = iterator.next();
      if (result.done) return;
      const plan = isSettled(result.value) ? undefined : planOf(registry, result.value, source, mapping, stats);
      // A failure (database down…) surfaces when its turn comes, not as an unhandled rejection before.
      plan?.catch(() => undefined);
      ahead.push(plan);
    }
  };
  fill();
  while (ahead.length > 0) {
    const current = ahead.shift()!;
    if (!current) run.alreadySettled++;
    else {
      const plan = await current;
      // The next records are decoded and extracted while this one is searched and committed.
      fill();
      await settle(registry, plan, actor, stats);
      run.settled++;
    }
    fill();
    options.onProgress?.(++done, total);
  }
  run.seconds = (performance.now() - started) / 1000;
  const entries = await registry.imports.entries(source);
  return { report: buildReport(entries, { source, sourcePath: root, mapping: resolve(options.mapping), run }), stats };
}
