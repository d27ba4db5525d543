import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, ImportRecordTable } from '../db/schema.js';

export type ImportRecordRow = Selectable<ImportRecordTable>;
export type NewImportRecord = Insertable<ImportRecordTable>;

/** Every query on the import ledger (`import_record`). */
export class ImportLedgerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(trx: Kysely<Database>, row: NewImportRecord): Promise<void> {
    await trx.insertInto('import_record').values(row).execute();
  }

  /** Record keys already settled for this source, with the content hash they were settled with. */
  async settledKeys(source: string): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('import_record').select(['record_key', 'content_hash']).where('source', '=', source).execute();
    return new Map(rows.map((r) => [r.record_key, r.content_hash]));
  }

  async bySource(source: string): Promise<ImportRecordRow[]> {
    return this.db.selectFrom('import_record').selectAll().where('source', '=', source).orderBy('record_key').execute();
  }

  /** The candidates of dedup cases, best first, as stored when each case opened. */
  async caseCandidates(caseIds: string[]): Promise<Map<string, string[]>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('dedup_case').select(['id', 'candidates']).where('id', 'in', caseIds).execute();
    return new Map(rows.map((r) => [String(r.id), (r.candidates as Array<{ enrollmentId?: unknown }>).map((c) => String(c.enrollmentId))]));
  }

  /** Source and record key of enrollments made by an import (any source). */
  async recordsOfEnrollments(enrollmentIds: string[]): Promise<Map<string, { source: string; key: string }>> {
    if (enrollmentIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('import_record')
      .select(['enrollment_id', 'source', 'record_key'])
      .where('enrollment_id', 'in', enrollmentIds)
      .execute();
    return new Map(rows.map((r) => [String(r.enrollment_id), { source: r.source, key: r.record_key }]));
  }
}
