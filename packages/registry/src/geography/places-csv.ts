import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors.js';
import type { Place } from './place.repository.js';

/** The reference geography shipped with Kura: Mali's regions, the District of Bamako, their cercles and a set of communes. */
export const BUILTIN_PLACES_CSV = fileURLToPath(new URL('../../data/places-mali.csv', import.meta.url));

const LEVELS = ['region', 'cercle', 'commune'] as const;
const PARENT_LEVEL = { region: undefined, cercle: 'region', commune: 'cercle' } as const;

/**
 * Parses a places CSV (columns code,name,level,parent_code) and checks the hierarchy:
 * every cercle sits in a region and every commune in a cercle. Returns places parents-first.
 */
export function parsePlacesCsv(text: string, known: ReadonlyMap<string, Place['level']> = new Map()): Place[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new DomainError('CSV_INVALID', 400, `places CSV is not valid CSV: ${(error as Error).message}`);
  }
  const levels = new Map(known);
  const places: Place[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const code = row.code ?? '';
    const name = row.name ?? '';
    const level = row.level as Place['level'];
    const parent = row.parent_code || null;
    if (!/^[0-9A-Za-z-]{1,16}$/.test(code)) throw new DomainError('CSV_INVALID', 400, `line ${line}: invalid code "${code}"`, 'code');
    if (!name) throw new DomainError('CSV_INVALID', 400, `line ${line}: empty name`, 'name');
    if (!LEVELS.includes(level)) throw new DomainError('CSV_INVALID', 400, `line ${line}: level must be region, cercle or commune`, 'level');
    const expectedParent = PARENT_LEVEL[level];
    if (expectedParent === undefined ? parent !== null : parent === null || levels.get(parent) !== expectedParent) {
      throw new DomainError('CSV_INVALID', 400, `line ${line}: a ${level} needs ${expectedParent ? `a ${expectedParent} listed earlier as parent` : 'no parent'}`, 'parent_code');
    }
    levels.set(code, level);
    places.push({ code, name, level, parent_code: parent });
  });
  return places;
}

export function readBuiltinPlaces(): Place[] {
  return parsePlacesCsv(readFileSync(BUILTIN_PLACES_CSV, 'utf8'));
}
