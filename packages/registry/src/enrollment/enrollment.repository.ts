import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DedupCaseTable, EnrolledFingerTable, EnrollmentTable } from '../db/schema.js';

export type EnrollmentRow = Omit<Selectable<EnrollmentTable>, 'id' | 'case_id'> & { id: string; case_id: string | null };
export type EnrolledFingerRow = Omit<Selectable<EnrolledFingerTable>, 'enrollment_id'> & { enrollment_id: string };
export type DedupCaseRow = Omit<Selectable<DedupCaseTable>, 'id' | 'enrollment_id'> & { id: string; enrollment_id: string };

export interface NewEnrollment {
  status: EnrollmentRow['status'];
  personId: string | null;
  applicant: Record<string, unknown>;
  missingFingers: Array<{ position: number; reason: string }>;
  fingerOutcomes: Array<Record<string, unknown>>;
  createdBy: string | null;
  createdByUsername: string;
}

export interface NewEnrolledFinger {
  position: number;
  sourceFormat: string;
  template: Uint8Array;
  packed: Uint8Array;
  imageSha256: string | null;
  imageMediaType: string | null;
  quality: number | null;
  minutiae: number;
}

export interface NewStoredImage {
  sha256: string;
  mediaType: string;
  sizeBytes: number;
  width: number;
  height: number;
  ppi: number;
}

/** One gallery change: a subject (enrollment) added or removed, in commit order. */
export interface GalleryChange {
  seq: number;
  op: 'add' | 'remove';
  enrollmentId: number;
}

// bigserial columns come back as strings (pg) or numbers (PGlite): read them through these.
const withId = <T extends { id: unknown }>(row: T) => ({ ...row, id: String(row.id) });
const enrollmentOf = (row: Selectable<EnrollmentTable>): EnrollmentRow => ({ ...withId(row), case_id: row.case_id === null ? null : String(row.case_id) });
const caseOf = (row: Selectable<DedupCaseTable>): DedupCaseRow => ({ ...withId(row), enrollment_id: String(row.enrollment_id) });
const bytesOf = (value: Uint8Array): Uint8Array => (value instanceof Uint8Array ? value : new Uint8Array(value as ArrayLike<number>));

/** Every SQL query about enrollments, their fingers and images, dedup cases and the gallery change log. */
export class EnrollmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The random identity of this database (a gallery snapshot of another database is refused). */
  async databaseId(): Promise<string> {
    const row = await this.db.selectFrom('kura_meta').select('value').where('key', '=', 'database_id').executeTakeFirstOrThrow();
    return row.value;
  }

  async insertEnrollment(trx: Kysely<Database>, e: NewEnrollment): Promise<EnrollmentRow> {
    const row = await trx
      .insertInto('enrollment')
      .values({
        status: e.status,
        person_id: e.personId,
        applicant: JSON.stringify(e.applicant),
        missing_fingers: JSON.stringify(e.missingFingers),
        finger_outcomes: JSON.stringify(e.fingerOutcomes),
        case_id: null,
        created_by: e.createdBy,
        created_by_username: e.createdByUsername,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return enrollmentOf(row);
  }

  async updateEnrollment(trx: Kysely<Database>, id: string, change: { status?: EnrollmentRow['status']; personId?: string; caseId?: string }): Promise<void> {
    await trx
      .updateTable('enrollment')
      .set({
        ...(change.status ? { status: change.status } : {}),
        ...(change.personId ? { person_id: change.personId } : {}),
        ...(change.caseId ? { case_id: change.caseId } : {}),
      })
      .where('id', '=', sql<string>`${id}::bigint`)
      .execute();
  }

  async insertFingers(trx: Kysely<Database>, enrollmentId: string, fingers: readonly NewEnrolledFinger[]): Promise<void> {
    if (fingers.length === 0) return;
    await trx
      .insertInto('enrolled_finger')
      .values(
        fingers.map((f) => ({
          enrollment_id: enrollmentId,
          position: f.position,
          source_format: f.sourceFormat,
          template: f.template,
          packed: f.packed,
          image_sha256: f.imageSha256,
          image_media_type: f.imageMediaType,
          quality: f.quality,
          minutiae: f.minutiae,
        })),
      )
      .execute();
  }

  /** Image metadata; an image already known (same bytes) is kept as it was. */
  async insertImages(trx: Kysely<Database>, images: readonly NewStoredImage[]): Promise<void> {
    if (images.length === 0) return;
    await trx
      .insertInto('stored_image')
      .values(images.map((i) => ({ sha256: i.sha256, media_type: i.mediaType, size_bytes: i.sizeBytes, width: i.width, height: i.height, ppi: i.ppi })))
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async findImage(db: Kysely<Database>, sha256: string) {
    return db.selectFrom('stored_image').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  }

  async appendGalleryChange(trx: Kysely<Database>, op: 'add' | 'remove', enrollmentId: string): Promise<number> {
    const row = await trx.insertInto('gallery_change').values({ op, enrollment_id: enrollmentId }).returning('seq').executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async findEnrollment(db: Kysely<Database>, id: string, forUpdate = false): Promise<EnrollmentRow | undefined> {
    let q = db.selectFrom('enrollment').selectAll().where('id', '=', sql<string>`${id}::bigint`);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && enrollmentOf(row);
  }

  async enrollmentsOfPerson(db: Kysely<Database>, personId: string): Promise<EnrollmentRow[]> {
    const rows = await db.selectFrom('enrollment').selectAll().where('person_id', '=', personId).orderBy('id').execute();
    return rows.map(enrollmentOf);
  }

  /** Enrollments by id, with the UIN of the identity each belongs to (null while pending). */
  async enrollmentsWithUin(db: Kysely<Database>, ids: readonly string[]): Promise<Array<EnrollmentRow & { uin: string | null }>> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('enrollment as e')
      .leftJoin('person as p', 'p.id', 'e.person_id')
      .selectAll('e')
      .select('p.uin')
      .where('e.id', 'in', ids.map((id) => sql<string>`${id}::bigint`))
      .execute();
    return rows.map((r) => ({ ...enrollmentOf(r), uin: r.uin ?? null }));
  }

  async fingersOf(db: Kysely<Database>, enrollmentId: string): Promise<EnrolledFingerRow[]> {
    const rows = await db.selectFrom('enrolled_finger').selectAll().where('enrollment_id', '=', sql<string>`${enrollmentId}::bigint`).orderBy('position').execute();
    return rows.map((r) => ({ ...r, enrollment_id: String(r.enrollment_id), template: bytesOf(r.template), packed: bytesOf(r.packed) }));
  }

  async insertCase(trx: Kysely<Database>, enrollmentId: string, candidates: Array<Record<string, unknown>>, bestScore: number): Promise<DedupCaseRow> {
    const row = await trx
      .insertInto('dedup_case')
      .values({ enrollment_id: enrollmentId, candidates: JSON.stringify(candidates), best_score: bestScore, status: 'open' })
      .returningAll()
      .executeTakeFirstOrThrow();
    return caseOf(row);
  }

  async findCase(db: Kysely<Database>, id: string, forUpdate = false): Promise<DedupCaseRow | undefined> {
    let q = db.selectFrom('dedup_case').selectAll().where('id', '=', sql<string>`${id}::bigint`);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && caseOf(row);
  }

  async listCases(db: Kysely<Database>, status: DedupCaseRow['status'] | undefined, limit: number, offset: number): Promise<{ total: number; rows: DedupCaseRow[] }> {
    let q = db.selectFrom('dedup_case');
    if (status) q = q.where('status', '=', status);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(count.n), rows: rows.map(caseOf) };
  }

  async decideCase(
    trx: Kysely<Database>,
    id: string,
    d: { status: 'duplicate' | 'distinct'; reason: string; decidedBy: string | null; decidedByUsername: string; duplicateOf: string | null },
  ): Promise<void> {
    await trx
      .updateTable('dedup_case')
      .set({ status: d.status, reason: d.reason, decided_by: d.decidedBy, decided_by_username: d.decidedByUsername, decided_at: sql<Date>`now()`, duplicate_of: d.duplicateOf })
      .where('id', '=', sql<string>`${id}::bigint`)
      .execute();
  }

  // ——— the gallery's view ———

  async lastGallerySeq(db: Kysely<Database> = this.db): Promise<number> {
    const row = await db.selectFrom('gallery_change').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return row?.seq == null ? 0 : Number(row.seq);
  }

  async galleryChangesAfter(seq: number, limit: number): Promise<GalleryChange[]> {
    const rows = await this.db.selectFrom('gallery_change').select(['seq', 'op', 'enrollment_id']).where('seq', '>', sql<string>`${seq}::bigint`).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), op: r.op, enrollmentId: Number(r.enrollment_id) }));
  }

  /** Packed fingers of the given enrollments. */
  async packedFingersOf(enrollmentIds: readonly number[]): Promise<Array<{ enrollmentId: number; position: number; packed: Uint8Array }>> {
    if (enrollmentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('enrolled_finger')
      .select(['enrollment_id', 'position', 'packed'])
      .where('enrollment_id', 'in', enrollmentIds.map((id) => sql<string>`${id}::bigint`))
      .orderBy('enrollment_id')
      .orderBy('position')
      .execute();
    return rows.map((r) => ({ enrollmentId: Number(r.enrollment_id), position: r.position, packed: bytesOf(r.packed) }));
  }

  /** Template bytes of the given enrollments' fingers (to re-pack fingers packed by an older gallery version). */
  async templatesOf(enrollmentIds: readonly number[]): Promise<Map<string, Uint8Array>> {
    if (enrollmentIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('enrolled_finger')
      .select(['enrollment_id', 'position', 'template'])
      .where('enrollment_id', 'in', [...new Set(enrollmentIds)].map((id) => sql<string>`${id}::bigint`))
      .execute();
    return new Map(rows.map((r) => [`${Number(r.enrollment_id)}:${r.position}`, bytesOf(r.template)]));
  }

  /**
   * Packed fingers of every subject in the gallery as of change `upToSeq` (added and not removed),
   * in enrollment order, one batch after another (keyset pages: memory stays flat however large the register).
   */
  async *streamGalleryFingers(upToSeq: number, batchSize: number): AsyncGenerator<Array<{ enrollmentId: number; position: number; packed: Uint8Array }>> {
    let after = { enrollmentId: 0, position: 0 };
    for (;;) {
      const rows = await this.db
        .selectFrom('enrolled_finger as f')
        .select(['f.enrollment_id', 'f.position', 'f.packed'])
        .where(sql<boolean>`(f.enrollment_id, f.position) > (${after.enrollmentId}::bigint, ${after.position}::smallint)`)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('gallery_change as a')
              .select('a.seq')
              .whereRef('a.enrollment_id', '=', 'f.enrollment_id')
              .where('a.op', '=', 'add')
              .where('a.seq', '<=', sql<string>`${upToSeq}::bigint`),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('gallery_change as r')
                .select('r.seq')
                .whereRef('r.enrollment_id', '=', 'f.enrollment_id')
                .where('r.op', '=', 'remove')
                .where('r.seq', '<=', sql<string>`${upToSeq}::bigint`),
            ),
          ),
        )
        .orderBy('f.enrollment_id')
        .orderBy('f.position')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) return;
      const batch = rows.map((r) => ({ enrollmentId: Number(r.enrollment_id), position: r.position, packed: bytesOf(r.packed) }));
      yield batch;
      const last = batch.at(-1)!;
      after = { enrollmentId: last.enrollmentId, position: last.position };
      if (rows.length < batchSize) return;
    }
  }

  /** Subjects the gallery should hold (added, not removed), for consistency checks. */
  async gallerySubjects(): Promise<number[]> {
    const rows = await this.db
      .selectFrom('gallery_change')
      .select('enrollment_id')
      .groupBy('enrollment_id')
      .having(sql<boolean>`bool_or(op = 'add') and not bool_or(op = 'remove')`)
      .orderBy('enrollment_id')
      .execute();
    return rows.map((r) => Number(r.enrollment_id));
  }
}
