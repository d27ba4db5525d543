import type { Place, PlaceRepository } from './place.repository.js';
import { parsePlacesCsv, readBuiltinPlaces } from './places-csv.js';

/** Administrative geography: regions → cercles → communes. */
export class GeographyService {
  constructor(private readonly places: PlaceRepository) {}

  list(filter: { level?: Place['level'] | undefined; parentCode?: string | undefined } = {}): Promise<Place[]> {
    return this.places.list(filter);
  }

  get(code: string): Promise<Place | undefined> {
    return this.places.get(code);
  }

  /** Loads the built-in reference list when the table is empty (first start). */
  async ensureSeeded(): Promise<void> {
    if ((await this.places.count()) === 0) await this.places.upsert(readBuiltinPlaces());
  }

  /** Loads a deployment's own CSV (code,name,level,parent_code); existing codes are renamed, never removed. */
  async loadCsv(text: string): Promise<number> {
    const known = new Map((await this.places.list({})).map((p) => [p.code, p.level] as const));
    const places = parsePlacesCsv(text, known);
    await this.places.upsert(places);
    return places.length;
  }
}
