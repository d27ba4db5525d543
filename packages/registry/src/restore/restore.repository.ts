import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, EnrolledFingerTable, PersonTable, StoredImageTable } from '../db/schema.js';
import { FaceImageRepository, type NewFaceImageRow } from '../images/face-image.repository.js';

/** The export a restore is writing, recorded with its first page: a resume must come from the same export. */
const RESTORE_META_KEY = 'restore_manifest_sha256';

/** Most bind parameters in one statement (PostgreSQL allows 65 535). */
const MAX_PARAMETERS = 30_000;

/** A person row as the export gives it: every column, the timestamps as exported (ISO 8601 text). */
export type RestorePersonRow = Omit<Selectable<PersonTable>, 'created_at' | 'updated_at'> & { created_at: string; updated_at: string };

export interface RestoreVersionRow {
  person_id: string;
  version: number;
  data: Record<string, unknown>;
  changed_by_username: string;
  changed_at: string;
  reason: string;
  request_id: string | null;
}

export interface RestoreEnrollmentRow {
  id: string;
  status: 'enrolled' | 'merged';
  person_id: string;
  missing_fingers: Array<{ position: number; reason: string }>;
  finger_outcomes: Array<Record<string, unknown>>;
  created_by_username: string;
  created_at: string;
}

/** A finger row and an image row: the tables' columns (the image's `stored_at` is the restore's own time). */
export type RestoreFingerRow = Selectable<EnrolledFingerTable>;
export type RestoreImageRow = Omit<Selectable<StoredImageTable>, 'stored_at'>;

/** Rows in statements small enough for the bind-parameter limit. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Every SQL query of the restore: the register's state, and bulk inserts of complete records, many people per statement. */
export class RestoreRepository {
  private readonly faces = new FaceImageRepository();

  constructor(private readonly db: Kysely<Database>) {}

  /** People and enrollments held, and the export a restore in progress is writing (null when none). */
  async registerState(): Promise<{ people: number; enrollments: number; restoring: string | null }> {
    const people = await this.db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const enrollments = await this.db.selectFrom('enrollment').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const meta = await this.db.selectFrom('kura_meta').select('value').where('key', '=', RESTORE_META_KEY).executeTakeFirst();
    return { people: Number(people.n), enrollments: Number(enrollments.n), restoring: meta?.value ?? null };
  }

  /** Records which export is being restored (once: a later page finds it there). */
  async markRestoring(trx: Kysely<Database>, manifestSha256: string): Promise<void> {
    await trx.insertInto('kura_meta').values({ key: RESTORE_META_KEY, value: manifestSha256 }).onConflict((oc) => oc.column('key').doNothing()).execute();
  }

  /** Place codes among `codes` the register does not know. */
  async unknownPlaces(codes: readonly string[]): Promise<string[]> {
    const known = new Set<string>();
    for (const part of chunks(codes, 1)) {
      const rows = await this.db.selectFrom('place').select('code').where('code', 'in', part).execute();
      for (const r of rows) known.add(r.code);
    }
    return codes.filter((c) => !known.has(c));
  }

  /** UIN → person id of those among `uins` already in the register. */
  async personIdsOf(db: Kysely<Database>, uins: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(uins, 1)) {
      if (part.length === 0) continue;
      const rows = await db.selectFrom('person').select(['id', 'uin']).where('uin', 'in', part).execute();
      for (const r of rows) out.set(r.uin, r.id);
    }
    return out;
  }

  /** `n` fresh enrollment ids, ascending (the restore numbers the rows itself to link fingers and the change log). */
  async nextEnrollmentIds(trx: Kysely<Database>, n: number): Promise<string[]> {
    if (n === 0) return [];
    const { rows } = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('enrollment', 'id')) as id from generate_series(1, ${n}::int)`.execute(trx);
    return rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  }

  async insertPeople(trx: Kysely<Database>, rows: readonly RestorePersonRow[]): Promise<void> {
    for (const part of chunks(rows, 22)) {
      await trx
        .insertInto('person')
        .values(
          part.map((r) => ({
            ...r,
            phonetic_tokens: sql<string[]>`${r.phonetic_tokens}::text[]`,
            created_at: sql<Date>`${r.created_at}::timestamptz`,
            updated_at: sql<Date>`${r.updated_at}::timestamptz`,
          })),
        )
        .execute();
    }
  }

  async insertVersions(trx: Kysely<Database>, rows: readonly RestoreVersionRow[]): Promise<void> {
    for (const part of chunks(rows, 8)) {
      await trx
        .insertInto('person_version')
        .values(part.map((r) => ({ ...r, data: JSON.stringify(r.data), changed_by: null, changed_at: sql<Date>`${r.changed_at}::timestamptz` })))
        .execute();
    }
  }

  async insertEnrollments(trx: Kysely<Database>, rows: readonly RestoreEnrollmentRow[]): Promise<void> {
    for (const part of chunks(rows, 10)) {
      await trx
        .insertInto('enrollment')
        .values(
          part.map((r) =>
            // The id is taken from the sequence beforehand (nextEnrollmentIds); Kysely's table type leaves it out of inserts.
            ({
              id: sql<string>`${r.id}::bigint`,
              status: r.status,
              person_id: r.person_id,
              // The applicant's form is not exported (the person's history holds the record): an empty object marks a restored enrollment.
              applicant: JSON.stringify({}),
              missing_fingers: JSON.stringify(r.missing_fingers),
              finger_outcomes: JSON.stringify(r.finger_outcomes),
              case_id: null,
              created_by: null,
              created_by_username: r.created_by_username,
              created_at: sql<Date>`${r.created_at}::timestamptz`,
            }) as never,
          ),
        )
        .execute();
    }
  }

  /** Image metadata; an image already known (the same bytes) is kept as it was. */
  async insertImages(trx: Kysely<Database>, rows: readonly RestoreImageRow[]): Promise<void> {
    for (const part of chunks(rows, 6)) {
      await trx.insertInto('stored_image').values(part).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    }
  }

  async insertFingers(trx: Kysely<Database>, rows: readonly RestoreFingerRow[]): Promise<void> {
    for (const part of chunks(rows, 9)) {
      await trx
        .insertInto('enrolled_finger')
        .values(part.map((r) => ({ ...r, enrollment_id: sql<string>`${r.enrollment_id}::bigint` as unknown as string })))
        .execute();
    }
  }

  /** Face rows (source `restore`, created_at as exported), in the given order: ids keep the export's face order. */
  async insertFaces(trx: Kysely<Database>, rows: readonly NewFaceImageRow[]): Promise<void> {
    await this.faces.insert(trx, rows);
  }

  /** One `add` per enrollment, in id order: the gallery (running, or at its next start) catches up from these. */
  async appendGalleryAdds(trx: Kysely<Database>, enrollmentIds: readonly string[]): Promise<void> {
    for (const part of chunks(enrollmentIds, 2)) {
      await trx
        .insertInto('gallery_change')
        .values(part.map((id) => ({ op: 'add' as const, enrollment_id: sql<string>`${id}::bigint` as unknown as string })))
        .execute();
    }
  }
}
