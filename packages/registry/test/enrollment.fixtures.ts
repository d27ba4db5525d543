import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FingerInput, PersonInput, Registry } from '../src/index.js';
import { sharedData } from '../../../test-support/shared-data.js';

/** FVC 2002 B sets: 10 fingers × 8 impressions; each set is taken as one person's ten fingers (101 → position 1 …). */
export const fvc = { db1: sharedData('fvc', 'fvc2002-db1b'), db2: sharedData('fvc', 'fvc2002-db2b') };
const PPI = { db1: 500, db2: 569 } as const;

export function fvcImages(set: 'db1' | 'db2', impression: number, positions: readonly number[]): FingerInput[] {
  return positions.map((position) => ({
    position,
    format: 'image' as const,
    data: readFileSync(join(fvc[set]!, `${100 + position}_${impression}.tif`)).toString('base64'),
    ppi: PPI[set],
  }));
}

export function fvcTemplates(set: 'db1' | 'db2', impression: number, positions: readonly number[]): FingerInput[] {
  return positions.map((position) => ({
    position,
    format: 'iso19794-2' as const,
    data: readFileSync(join(fvc[set]!, `${100 + position}_${impression}.iso`)).toString('base64'),
  }));
}

export const applicant = (familyNames: string, givenNames: string): PersonInput => ({
  familyNames,
  givenNames,
  sex: 'F',
  birthDate: '1990-03-04',
  birthPlaceCode: '1101',
});

export const actor = { operatorId: null, username: 'agent-test' };
export const supervisor = { operatorId: null, username: 'superviseur-test' };

/** Rows of every biometric table and people (to prove that a refused enrollment wrote nothing). */
export async function countRows(registry: Registry): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['enrollment', 'enrolled_finger', 'stored_image', 'dedup_case', 'gallery_change', 'person']) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(registry.database.db);
    out[table] = Number(rows[0]!.n);
  }
  return out;
}

/** Files under a folder, recursively (the image store). */
export function countFiles(folder: string): number {
  let n = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else n++;
    }
  };
  walk(folder);
  return n;
}
