import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PersonTable } from '../db/schema.js';
import type { Person, PersonVersion } from './person.schema.js';

export type PersonRow = Selectable<PersonTable>;
export type NewPersonRow = Omit<PersonRow, 'id' | 'created_at' | 'updated_at'>;

export interface PersonSearchCriteria {
  /** Folded query text and its phonetic tokens; absent for filter-only searches. */
  text?: { folded: string; tokens: string[] };
  birthYear?: number;
  birthMonth?: number;
  birthDay?: number;
  birthYearFrom?: number;
  birthYearTo?: number;
  birthPlacePrefix?: string;
  residenceCommuneCode?: string;
  sex?: 'M' | 'F';
  status?: PersonRow['status'];
  limit: number;
  offset: number;
}

export interface VersionRecord {
  personId: string;
  version: number;
  data: Person;
  changedBy: string | null;
  changedByUsername: string;
  reason: string;
  requestId: string | null;
}

function versionRow(v: VersionRecord) {
  return {
    person_id: v.personId,
    version: v.version,
    data: JSON.stringify(v.data),
    changed_by: v.changedBy,
    changed_by_username: v.changedByUsername,
    reason: v.reason,
    request_id: v.requestId,
  };
}

/** Every SQL query about people and their history. */
export class PersonRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(trx: Kysely<Database>, row: NewPersonRow): Promise<PersonRow> {
    return trx
      .insertInto('person')
      .values({ ...row, phonetic_tokens: sql<string[]>`${row.phonetic_tokens}::text[]` })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(trx: Kysely<Database>, id: string, row: Partial<NewPersonRow>): Promise<PersonRow> {
    const values = { ...row, updated_at: sql<Date>`now()` } as Record<string, unknown>;
    if (row.phonetic_tokens) values.phonetic_tokens = sql`${row.phonetic_tokens}::text[]`;
    return trx.updateTable('person').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async insertMany(trx: Kysely<Database>, rows: NewPersonRow[]): Promise<PersonRow[]> {
    if (rows.length === 0) return [];
    return trx
      .insertInto('person')
      .values(rows.map((row) => ({ ...row, phonetic_tokens: sql<string[]>`${row.phonetic_tokens}::text[]` })))
      .returningAll()
      .execute();
  }

  async insertVersions(trx: Kysely<Database>, versions: VersionRecord[]): Promise<void> {
    if (versions.length === 0) return;
    await trx.insertInto('person_version').values(versions.map(versionRow)).execute();
  }

  async insertVersion(trx: Kysely<Database>, v: VersionRecord): Promise<void> {
    await trx.insertInto('person_version').values(versionRow(v)).execute();
  }

  async findByUin(db: Kysely<Database>, uin: string, forUpdate = false): Promise<PersonRow | undefined> {
    let q = db.selectFrom('person').selectAll().where('uin', '=', uin);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async findByNina(db: Kysely<Database>, nina: string): Promise<PersonRow | undefined> {
    return db.selectFrom('person').selectAll().where('nina', '=', nina).executeTakeFirst();
  }

  async uinOf(db: Kysely<Database>, id: string): Promise<string | undefined> {
    const row = await db.selectFrom('person').select('uin').where('id', '=', id).executeTakeFirst();
    return row?.uin;
  }

  async history(db: Kysely<Database>, personId: string): Promise<PersonVersion[]> {
    const rows = await db.selectFrom('person_version').selectAll().where('person_id', '=', personId).orderBy('version').execute();
    return rows.map((r) => ({
      version: r.version,
      changedAt: new Date(r.changed_at).toISOString(),
      changedBy: r.changed_by_username,
      reason: r.reason,
      requestId: r.request_id,
      data: r.data,
    }));
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Ranked name search. A row matches when it shares a phonetic token with the query or its folded
   * names are trigram-similar; rank = share of query tokens found + trigram similarity.
   */
  async search(db: Kysely<Database>, c: PersonSearchCriteria): Promise<{ total: number; rows: Array<PersonRow & { score: number }> }> {
    const filtered = () => {
      let q = db.selectFrom('person');
      if (c.text) {
        const { folded, tokens } = c.text;
        q = q.where(sql<boolean>`(phonetic_tokens && ${tokens}::text[] or search_key % ${folded})`);
      }
      if (c.birthYear !== undefined) q = q.where('birth_year', '=', c.birthYear);
      if (c.birthMonth !== undefined) q = q.where('birth_month', '=', c.birthMonth);
      if (c.birthDay !== undefined) q = q.where('birth_day', '=', c.birthDay);
      if (c.birthYearFrom !== undefined) q = q.where('birth_year', '>=', c.birthYearFrom);
      if (c.birthYearTo !== undefined) q = q.where('birth_year', '<=', c.birthYearTo);
      if (c.birthPlacePrefix) q = q.where('birth_place_code', 'like', `${c.birthPlacePrefix.replace(/[\\%_]/g, '\\$&')}%`);
      if (c.residenceCommuneCode) q = q.where('residence_commune_code', '=', c.residenceCommuneCode);
      if (c.sex) q = q.where('sex', '=', c.sex);
      if (c.status) q = q.where('status', '=', c.status);
      return q;
    };
    const score = c.text
      ? sql<number>`(cardinality(array(select unnest(phonetic_tokens) intersect select unnest(${c.text.tokens}::text[])))::float8 / ${Math.max(1, c.text.tokens.length)}::float8 + similarity(search_key, ${c.text.folded}))::float8`
      : sql<number>`0::float8`;
    const rows = await filtered()
      .selectAll()
      .select([score.as('score'), sql<string>`count(*) over ()`.as('total')])
      .orderBy('score', 'desc')
      .orderBy('family_names')
      .orderBy('given_names')
      .orderBy('uin')
      .limit(c.limit)
      .offset(c.offset)
      .execute();
    let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
    if (rows.length === 0 && c.offset > 0) {
      // Past the last page the window count is not available: count separately.
      const row = await filtered().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      total = Number(row.n);
    }
    return { total, rows: rows.map(({ total: _total, ...r }) => ({ ...r, score: Number(r.score) })) };
  }
}
