import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Database } from '../db/schema.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import type { PlaceRepository } from '../geography/place.repository.js';
import { ninaProblem, type NinaCheckMode } from '../identifiers/nina.js';
import { generateUin, uinProblem } from '../identifiers/uin.js';
import { foldName } from '../names/fold.js';
import { phoneticTokens } from '../names/phonetic.js';
import { parseBirthDate } from './partial-date.js';
import type { NewPersonRow, PersonRepository, PersonRow } from './person.repository.js';
import {
  personChangesSchema,
  personInputSchema,
  personSearchQuerySchema,
  type Person,
  type PersonChanges,
  type PersonInput,
  type PersonSearchQuery,
  type PersonSearchResult,
  type PersonVersion,
} from './person.schema.js';

const MAX_UIN_ATTEMPTS = 8;
const BULK_CHUNK = 500;

/** Domain rules for people: validation, identifiers, immutable versions, audit of every access. */
export class PersonService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly people: PersonRepository,
    private readonly places: PlaceRepository,
    private readonly audit: AuditRepository,
    private readonly ninaCheck: NinaCheckMode = 'mod23',
  ) {}

  /** Registers a person and issues a new UIN. */
  async create(input: PersonInput, actor: Actor, reason = 'Enregistrement initial / initial registration'): Promise<Person> {
    const row = await this.prepareNew(input);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => this.insertOne(trx, row, actor, reason));
      } catch (error) {
        if (isUniqueViolation(error, 'person_uin_key') && attempt < MAX_UIN_ATTEMPTS) continue;
        if (isUniqueViolation(error, 'person_nina_key')) throw conflict('DUPLICATE_NINA', 'this NINA is already registered', 'nina');
        throw error;
      }
    }
  }

  /** Registers many people in one transaction (demo data, imports): all or nothing. */
  async createMany(inputs: PersonInput[], actor: Actor, reason: string): Promise<Person[]> {
    const rows: NewPersonRow[] = [];
    for (const input of inputs) rows.push(await this.prepareNew(input));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const created: Person[] = [];
          for (let i = 0; i < rows.length; i += BULK_CHUNK) {
            const inserted = await this.people.insertMany(trx, rows.slice(i, i + BULK_CHUNK).map((r) => ({ ...r, uin: generateUin() })));
            const people = inserted.map((row) => toPerson(row, null));
            await this.people.insertVersions(
              trx,
              inserted.map((row, k) => ({
                personId: row.id,
                version: 1,
                data: people[k]!,
                changedBy: actor.operatorId,
                changedByUsername: actor.username,
                reason,
                requestId: actor.requestId ?? null,
              })),
            );
            await this.audit.append(trx, actor, inserted.map((row) => ({ action: 'person.create', personId: row.id, details: { reason } })));
            created.push(...people);
          }
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error, 'person_uin_key') && attempt < MAX_UIN_ATTEMPTS) continue;
        if (isUniqueViolation(error, 'person_nina_key')) throw conflict('DUPLICATE_NINA', 'a NINA in the batch is already registered', 'nina');
        throw error;
      }
    }
  }

  /** Number of person records (any status). */
  count(): Promise<number> {
    return this.people.count();
  }

  async getByUin(uin: string, actor: Actor): Promise<Person> {
    this.checkUin(uin);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.people.findByUin(trx, uin);
      if (!row) throw notFound('PERSON_NOT_FOUND', `no person with UIN ${uin}`, 'uin');
      await this.audit.append(trx, actor, [{ action: 'person.read', personId: row.id }]);
      return this.toPerson(trx, row);
    });
  }

  async getByNina(nina: string, actor: Actor): Promise<Person> {
    this.checkNina(nina, 'nina');
    return this.db.transaction().execute(async (trx) => {
      const row = await this.people.findByNina(trx, nina);
      if (!row) throw notFound('PERSON_NOT_FOUND', `no person with NINA ${nina}`, 'nina');
      await this.audit.append(trx, actor, [{ action: 'person.read', personId: row.id, details: { by: 'nina' } }]);
      return this.toPerson(trx, row);
    });
  }

  /** Applies changes as a new version; the previous versions stay as they were. */
  async update(uin: string, rawChanges: PersonChanges, reason: string, actor: Actor): Promise<Person> {
    this.checkUin(uin);
    const changes = personChangesSchema.parse(rawChanges);
    if (!reason.trim()) throw invalid('VALIDATION', 'a reason is required for every change', 'reason');
    const patch = await this.prepareChanges(changes);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const current = await this.people.findByUin(trx, uin, true);
        if (!current) throw notFound('PERSON_NOT_FOUND', `no person with UIN ${uin}`, 'uin');
        if (current.status === 'merged') throw conflict('PERSON_MERGED', 'this record was merged into another identity and cannot change', 'uin');
        const changedFields = Object.keys(patch).filter((k) => !sameValue(patch[k as keyof NewPersonRow], current[k as keyof PersonRow]));
        if (changedFields.length === 0) throw invalid('NO_CHANGE', 'the changes leave the record as it is', 'changes');
        if (patch.family_names !== undefined || patch.given_names !== undefined) {
          // Search keys are derived from the names, so they change with them.
          const family = patch.family_names ?? current.family_names;
          const given = patch.given_names ?? current.given_names;
          Object.assign(patch, { search_key: foldName(`${family} ${given}`), phonetic_tokens: phoneticTokens(family, given) });
        }
        const updated = await this.people.update(trx, current.id, { ...patch, version: current.version + 1 });
        const person = await this.toPerson(trx, updated);
        await this.people.insertVersion(trx, {
          personId: updated.id,
          version: updated.version,
          data: person,
          changedBy: actor.operatorId,
          changedByUsername: actor.username,
          reason: reason.trim(),
          requestId: actor.requestId ?? null,
        });
        await this.audit.append(trx, actor, [
          { action: 'person.update', personId: updated.id, details: { version: updated.version, fields: changedFields, reason: reason.trim() } },
        ]);
        return person;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'person_nina_key')) throw conflict('DUPLICATE_NINA', 'this NINA is already registered', 'nina');
      throw error;
    }
  }

  async history(uin: string, actor: Actor): Promise<PersonVersion[]> {
    this.checkUin(uin);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.people.findByUin(trx, uin);
      if (!row) throw notFound('PERSON_NOT_FOUND', `no person with UIN ${uin}`, 'uin');
      await this.audit.append(trx, actor, [{ action: 'person.history', personId: row.id }]);
      return this.people.history(trx, row.id);
    });
  }

  async search(rawQuery: PersonSearchQuery, actor: Actor): Promise<PersonSearchResult> {
    const query = personSearchQuerySchema.parse(rawQuery);
    if (query.uin !== undefined || query.nina !== undefined) {
      if (query.uin !== undefined) this.checkUin(query.uin);
      if (query.nina !== undefined) this.checkNina(query.nina, 'nina');
    }
    const { page, pageSize } = query;
    return this.db.transaction().execute(async (trx) => {
      let rows: Array<PersonRow & { score: number }>;
      let total: number;
      if (query.uin !== undefined || query.nina !== undefined) {
        const row = query.uin !== undefined ? await this.people.findByUin(trx, query.uin) : await this.people.findByNina(trx, query.nina!);
        const matches = row && (query.nina === undefined || row.nina === query.nina) ? [{ ...row, score: 1 }] : [];
        total = matches.length;
        rows = matches.slice((page - 1) * pageSize, page * pageSize);
      } else {
        const birth = query.birthDate ? parseBirthDate(query.birthDate, 'birthDate') : undefined;
        const folded = query.name ? foldName(query.name) : '';
        if (!folded && !birth && !query.birthPlaceCode && !query.residenceCommuneCode && query.birthYearFrom === undefined && query.birthYearTo === undefined) {
          throw invalid('VALIDATION', 'give a name, an identifier, or a date or place filter', 'name');
        }
        const result = await this.people.search(trx, {
          ...(folded ? { text: { folded, tokens: phoneticTokens(folded) } } : {}),
          ...(birth ? { birthYear: birth.year } : {}),
          ...(birth?.month != null ? { birthMonth: birth.month } : {}),
          ...(birth?.day != null ? { birthDay: birth.day } : {}),
          ...(query.birthYearFrom !== undefined ? { birthYearFrom: query.birthYearFrom } : {}),
          ...(query.birthYearTo !== undefined ? { birthYearTo: query.birthYearTo } : {}),
          ...(query.birthPlaceCode ? { birthPlacePrefix: query.birthPlaceCode } : {}),
          ...(query.residenceCommuneCode ? { residenceCommuneCode: query.residenceCommuneCode } : {}),
          ...(query.sex ? { sex: query.sex } : {}),
          ...(query.status ? { status: query.status } : {}),
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        rows = result.rows;
        total = result.total;
      }
      await this.audit.append(trx, actor, [
        {
          action: 'person.search',
          details: { query: { ...query, page, pageSize }, total, returned: rows.map((r) => r.uin) },
        },
      ]);
      const items = [];
      for (const row of rows) items.push({ ...(await this.toPerson(trx, row)), score: Math.round(row.score * 1000) / 1000 });
      return { total, page, pageSize, items };
    });
  }

  // ——— internals ———

  private checkUin(uin: string, field = 'uin'): void {
    const problem = uinProblem(uin);
    if (problem === 'format') throw invalid('INVALID_UIN', 'a UIN is 11 digits and does not start with 0', field);
    if (problem === 'check-digit') throw invalid('INVALID_UIN', 'the UIN check digit is wrong (mistyped number?)', field);
  }

  private checkNina(nina: string, field: string): void {
    const problem = ninaProblem(nina, this.ninaCheck);
    if (problem === 'format') throw invalid('INVALID_NINA', 'a NINA is 14 digits (the 2nd being 1 or 2 for sex) and a capital letter', field);
    if (problem === 'check-letter') throw invalid('INVALID_NINA', 'the NINA check letter is wrong (mistyped number?)', field);
  }

  private async checkPlace(code: string, field: string, commune: boolean): Promise<void> {
    const place = await this.places.get(code);
    if (!place) throw invalid('UNKNOWN_PLACE', `unknown place code ${code}`, field);
    if (commune && place.level !== 'commune') throw invalid('UNKNOWN_PLACE', `${code} is a ${place.level}, not a commune`, field);
  }

  /** Validates a new person's demographics (schema, date, places, NINA) into a row ready to insert. */
  async prepareNew(rawInput: PersonInput): Promise<NewPersonRow> {
    const input = personInputSchema.parse(rawInput);
    const birth = parseBirthDate(input.birthDate);
    await this.checkPlace(input.birthPlaceCode, 'birthPlaceCode', false);
    if (input.residenceCommuneCode) await this.checkPlace(input.residenceCommuneCode, 'residenceCommuneCode', true);
    if (input.nina) this.checkNina(input.nina, 'nina');
    const familyNames = input.familyNames.trim();
    const givenNames = input.givenNames.trim();
    return {
      uin: generateUin(),
      nina: input.nina ?? null,
      version: 1,
      status: 'active',
      merged_into: null,
      family_names: familyNames,
      given_names: givenNames,
      search_key: foldName(`${familyNames} ${givenNames}`),
      phonetic_tokens: phoneticTokens(familyNames, givenNames),
      sex: input.sex,
      birth_date: input.birthDate,
      birth_year: birth.year,
      birth_month: birth.month,
      birth_day: birth.day,
      birth_place_code: input.birthPlaceCode,
      father_name: input.fatherName?.trim() || null,
      mother_name: input.motherName?.trim() || null,
      nationality: input.nationality,
      residence_commune_code: input.residenceCommuneCode ?? null,
    };
  }

  private async prepareChanges(changes: PersonChanges): Promise<Partial<NewPersonRow>> {
    const patch: Partial<NewPersonRow> = {};
    if (changes.birthDate !== undefined) {
      const birth = parseBirthDate(changes.birthDate);
      Object.assign(patch, { birth_date: changes.birthDate, birth_year: birth.year, birth_month: birth.month, birth_day: birth.day });
    }
    if (changes.birthPlaceCode !== undefined) {
      await this.checkPlace(changes.birthPlaceCode, 'changes.birthPlaceCode', false);
      patch.birth_place_code = changes.birthPlaceCode;
    }
    if (changes.residenceCommuneCode !== undefined) {
      if (changes.residenceCommuneCode !== null) await this.checkPlace(changes.residenceCommuneCode, 'changes.residenceCommuneCode', true);
      patch.residence_commune_code = changes.residenceCommuneCode;
    }
    if (changes.nina !== undefined) {
      if (changes.nina !== null) this.checkNina(changes.nina, 'changes.nina');
      patch.nina = changes.nina;
    }
    if (changes.familyNames !== undefined) patch.family_names = changes.familyNames.trim();
    if (changes.givenNames !== undefined) patch.given_names = changes.givenNames.trim();
    if (changes.fatherName !== undefined) patch.father_name = changes.fatherName?.trim() || null;
    if (changes.motherName !== undefined) patch.mother_name = changes.motherName?.trim() || null;
    if (changes.sex !== undefined) patch.sex = changes.sex;
    if (changes.nationality !== undefined) patch.nationality = changes.nationality;
    if (changes.status !== undefined) patch.status = changes.status;
    return patch;
  }

  private async insertOne(trx: Kysely<Database>, prepared: NewPersonRow, actor: Actor, reason: string): Promise<Person> {
    return (await this.insertInTransaction(trx, prepared, actor, reason)).person;
  }

  /**
   * Inserts a prepared person with a fresh UIN, its first version and its audit entry, inside the
   * caller's transaction (enrollment issues the UIN in the same commit as the fingers). On a UIN
   * collision (unique violation on person_uin_key) the caller retries the whole transaction.
   */
  async insertInTransaction(trx: Kysely<Database>, prepared: NewPersonRow, actor: Actor, reason: string): Promise<{ id: string; person: Person }> {
    // A fresh UIN per attempt: a collision aborts the transaction, and the retry draws again.
    const row = await this.people.insert(trx, { ...prepared, uin: generateUin() });
    const person = await this.toPerson(trx, row);
    await this.people.insertVersion(trx, {
      personId: row.id,
      version: 1,
      data: person,
      changedBy: actor.operatorId,
      changedByUsername: actor.username,
      reason,
      requestId: actor.requestId ?? null,
    });
    await this.audit.append(trx, actor, [{ action: 'person.create', personId: row.id, details: { reason } }]);
    return { id: row.id, person };
  }

  private async toPerson(trx: Kysely<Database>, row: PersonRow): Promise<Person> {
    return toPerson(row, row.merged_into ? ((await this.people.uinOf(trx, row.merged_into)) ?? null) : null);
  }
}

export function toPerson(row: PersonRow, mergedIntoUin: string | null): Person {
  return {
    uin: row.uin,
    nina: row.nina,
    status: row.status,
    mergedIntoUin,
    familyNames: row.family_names,
    givenNames: row.given_names,
    sex: row.sex,
    birthDate: row.birth_date,
    birthPlaceCode: row.birth_place_code,
    fatherName: row.father_name,
    motherName: row.mother_name,
    nationality: row.nationality,
    residenceCommuneCode: row.residence_commune_code,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** True for a PostgreSQL unique violation (23505) on the named constraint, from pg or PGlite. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: string; constraint?: string; message?: string; detail?: string };
  return e.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

export { DomainError };
