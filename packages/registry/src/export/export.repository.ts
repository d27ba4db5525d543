import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PersonTable } from '../db/schema.js';

export type ExportPersonRow = Selectable<PersonTable> & { merged_into_uin: string | null };

export interface ExportVersionRow {
  person_id: string;
  version: number;
  data: Record<string, unknown>;
  changed_by_username: string;
  changed_at: Date;
  reason: string;
  request_id: string | null;
}

export interface ExportEnrollmentRow {
  id: string;
  person_id: string;
  status: 'enrolled' | 'pending-adjudication' | 'merged';
  missing_fingers: Array<{ position: number; reason: string }>;
  created_by_username: string;
  created_at: Date;
}

export interface ExportFingerRow {
  enrollment_id: string;
  position: number;
  source_format: string;
  image_sha256: string | null;
  image_media_type: string | null;
  quality: number | null;
  minutiae: number;
  width: number | null;
  height: number | null;
  ppi: number | null;
  /** The stored template (Kura's encoding), only for a finger without an image. */
  template: Uint8Array | null;
}

/** One face image: owned by an enrollment, or by the person when it came without one. */
export interface ExportFaceRow {
  person_id: string | null;
  enrollment_id: string | null;
  sha256: string;
  media_type: string;
  compression: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  color_space: string | null;
  captured_on: string | null;
  created_at: Date;
}

/** What the export reads besides people: totals for the progress bar and the manifest. */
export interface ExportTotals {
  people: number;
  /** Enrollments waiting for a dedup decision: no identity yet, so not part of the exported register. */
  pendingEnrollments: number;
}

/**
 * Every SQL query of the export: people in UIN order by keyset pages (memory stays flat whatever
 * the register's size), then the versions, enrollments and fingers of one page at a time.
 */
export class ExportRepository {
  async totals(db: Kysely<Database>): Promise<ExportTotals> {
    const people = await db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const pending = await db
      .selectFrom('enrollment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'pending-adjudication')
      .executeTakeFirstOrThrow();
    return { people: Number(people.n), pendingEnrollments: Number(pending.n) };
  }

  /** The next `limit` people after UIN `afterUin` ('' for the first page), in UIN order. */
  async peopleAfter(db: Kysely<Database>, afterUin: string, limit: number): Promise<ExportPersonRow[]> {
    return db
      .selectFrom('person as p')
      .leftJoin('person as m', 'm.id', 'p.merged_into')
      .selectAll('p')
      .select('m.uin as merged_into_uin')
      .where('p.uin', '>', afterUin)
      .orderBy('p.uin')
      .limit(limit)
      .execute();
  }

  async versionsOf(db: Kysely<Database>, personIds: readonly string[]): Promise<ExportVersionRow[]> {
    if (personIds.length === 0) return [];
    return db
      .selectFrom('person_version')
      .select(['person_id', 'version', 'data', 'changed_by_username', 'changed_at', 'reason', 'request_id'])
      .where('person_id', 'in', personIds)
      .orderBy('person_id')
      .orderBy('version')
      .execute();
  }

  /** Enrollments that belong to an identity (enrolled, or merged into it), oldest first. */
  async enrollmentsOf(db: Kysely<Database>, personIds: readonly string[]): Promise<ExportEnrollmentRow[]> {
    if (personIds.length === 0) return [];
    const rows = await db
      .selectFrom('enrollment')
      .select(['id', 'person_id', 'status', 'missing_fingers', 'created_by_username', 'created_at'])
      .where('person_id', 'in', personIds)
      .where('status', 'in', ['enrolled', 'merged'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, id: String(r.id), person_id: r.person_id! }));
  }

  /** Face images of the given people and enrollments, oldest first (the order restore keeps: created_at, then id). */
  async facesOf(db: Kysely<Database>, personIds: readonly string[], enrollmentIds: readonly string[]): Promise<ExportFaceRow[]> {
    if (personIds.length === 0 && enrollmentIds.length === 0) return [];
    const rows = await db
      .selectFrom('face_image')
      .select(['person_id', 'enrollment_id', 'sha256', 'media_type', 'compression', 'size_bytes', 'width', 'height', 'color_space', 'captured_on', 'created_at'])
      .where((eb) =>
        eb.or([
          ...(personIds.length > 0 ? [eb('person_id', 'in', personIds)] : []),
          ...(enrollmentIds.length > 0 ? [eb('enrollment_id', 'in', enrollmentIds.map((id) => sql<string>`${id}::bigint`))] : []),
        ]),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, enrollment_id: r.enrollment_id === null ? null : String(r.enrollment_id) }));
  }

  /** Fingers of the given enrollments with their stored image's metadata, by enrollment then position. */
  async fingersOf(db: Kysely<Database>, enrollmentIds: readonly string[]): Promise<ExportFingerRow[]> {
    if (enrollmentIds.length === 0) return [];
    const rows = await db
      .selectFrom('enrolled_finger as f')
      .leftJoin('stored_image as i', 'i.sha256', 'f.image_sha256')
      .select(['f.enrollment_id', 'f.position', 'f.source_format', 'f.image_sha256', 'f.image_media_type', 'f.quality', 'f.minutiae', 'i.width', 'i.height', 'i.ppi'])
      // The template travels only when no image does (an image's template is re-extracted on import).
      .select(sql<Uint8Array | null>`case when f.image_sha256 is null then f.template end`.as('template'))
      .where('f.enrollment_id', 'in', enrollmentIds.map((id) => sql<string>`${id}::bigint`))
      .orderBy('f.enrollment_id')
      .orderBy('f.position')
      .execute();
    return rows.map((r) => ({ ...r, enrollment_id: String(r.enrollment_id), template: r.template === null ? null : new Uint8Array(r.template) }));
  }
}
