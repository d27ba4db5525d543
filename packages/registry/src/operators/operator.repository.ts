import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OperatorTable } from '../db/schema.js';

export type OperatorRow = Selectable<OperatorTable>;

/** Every SQL query about operators and their sessions. */
export class OperatorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(trx: Kysely<Database>, row: { username: string; display_name: string; roles: string[]; password_hash: string }): Promise<OperatorRow> {
    return trx
      .insertInto('operator')
      .values({ ...row, roles: sql<string[]>`${row.roles}::text[]` })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findByUsername(username: string): Promise<OperatorRow | undefined> {
    return this.db.selectFrom('operator').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async list(): Promise<OperatorRow[]> {
    return this.db.selectFrom('operator').selectAll().orderBy('username').execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('operator').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Counts a failed login and locks the account once `maxFailures` is reached. Returns the new state. */
  async recordFailure(trx: Kysely<Database>, id: string, maxFailures: number, lockSeconds: number): Promise<OperatorRow> {
    return trx
      .updateTable('operator')
      .set({
        failed_logins: sql`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
        locked_until: sql`case when failed_logins + 1 >= ${maxFailures} then now() + make_interval(secs => ${lockSeconds}) else locked_until end`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async setPassword(trx: Kysely<Database>, id: string, passwordHash: string): Promise<void> {
    await trx.updateTable('operator').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
    await trx.updateTable('operator_session').set({ revoked_at: sql`now()` }).where('operator_id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async resetFailures(trx: Kysely<Database>, id: string): Promise<void> {
    await trx.updateTable('operator').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
  }

  async insertSession(trx: Kysely<Database>, tokenHash: string, operatorId: string, ttlSeconds: number): Promise<Date> {
    const row = await trx
      .insertInto('operator_session')
      .values({ token_hash: tokenHash, operator_id: operatorId, expires_at: sql`now() + make_interval(secs => ${ttlSeconds})` })
      .returning('expires_at')
      .executeTakeFirstOrThrow();
    return new Date(row.expires_at);
  }

  /** The operator behind a live session token hash (not expired, not revoked, account enabled). */
  async findBySession(tokenHash: string): Promise<OperatorRow | undefined> {
    return this.db
      .selectFrom('operator_session as s')
      .innerJoin('operator as o', 'o.id', 's.operator_id')
      .selectAll('o')
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('o.disabled', '=', false)
      .executeTakeFirst();
  }

  async revokeSession(trx: Kysely<Database>, tokenHash: string): Promise<boolean> {
    const result = await trx
      .updateTable('operator_session')
      .set({ revoked_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
