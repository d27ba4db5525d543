import { type Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { Database } from '../db/schema.js';
import type { AuditEntry, ParsedAuditQuery } from './audit.schema.js';

export interface AuditRecord {
  action: string;
  personId?: string | null;
  details?: Record<string, unknown>;
}

/** The append-only audit log. `append` takes the caller's transaction so the entry commits with the change it records. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(trx: Kysely<Database>, actor: Actor, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await trx
      .insertInto('audit_log')
      .values(
        records.map((r) => ({
          operator_id: actor.operatorId,
          operator_username: actor.username,
          action: r.action,
          person_id: r.personId ?? null,
          purpose: actor.purpose ?? null,
          request_id: actor.requestId ?? null,
          details: JSON.stringify(r.details ?? {}),
        })),
      )
      .execute();
  }

  async list(query: ParsedAuditQuery): Promise<AuditEntry[]> {
    let q = this.db
      .selectFrom('audit_log as a')
      .leftJoin('person as p', 'p.id', 'a.person_id')
      .select([
        'a.id',
        'a.at',
        'a.operator_id',
        'a.operator_username',
        'a.action',
        'p.uin',
        'a.purpose',
        'a.request_id',
        'a.details',
      ]);
    if (query.operator) q = q.where('a.operator_username', '=', query.operator);
    if (query.personUin) q = q.where('p.uin', '=', query.personUin);
    if (query.action) {
      q = query.action.endsWith('*')
        ? q.where('a.action', 'like', `${query.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`)
        : q.where('a.action', '=', query.action);
    }
    if (query.from) q = q.where('a.at', '>=', new Date(query.from));
    if (query.to) q = q.where('a.at', '<', new Date(query.to));
    const rows = await q
      .orderBy('a.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      operatorId: r.operator_id,
      operatorUsername: r.operator_username,
      action: r.action,
      personUin: r.uin ?? null,
      purpose: r.purpose,
      requestId: r.request_id,
      details: r.details,
    }));
  }
}
