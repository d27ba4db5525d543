import type { Kysely } from 'kysely';
import type { Database, PlaceTable } from '../db/schema.js';

export type Place = PlaceTable;

/** Every SQL query about administrative geography. */
export class PlaceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const row = await this.db.selectFrom('place').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * One place by code. Places are few and never deleted, so found ones are remembered; an unknown
   * code is always asked again (another process may have loaded it since).
   */
  async get(code: string): Promise<Place | undefined> {
    const cached = this.cache.get(code);
    if (cached) return cached;
    const place = await this.db.selectFrom('place').selectAll().where('code', '=', code).executeTakeFirst();
    if (place) this.cache.set(code, place);
    return place;
  }

  private readonly cache = new Map<string, Place>();

  async list(filter: { level?: Place['level'] | undefined; parentCode?: string | undefined }): Promise<Place[]> {
    let query = this.db.selectFrom('place').selectAll().orderBy('code');
    if (filter.level) query = query.where('level', '=', filter.level);
    if (filter.parentCode) query = query.where('parent_code', '=', filter.parentCode);
    return query.execute();
  }

  /** Inserts or renames places; parents must come before children. Codes are never deleted. */
  async upsert(places: Place[]): Promise<void> {
    this.cache.clear();
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < places.length; i += 500) {
        await trx
          .insertInto('place')
          .values(places.slice(i, i + 500))
          .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
          .execute();
      }
    });
  }
}
