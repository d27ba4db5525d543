import { sql, type Kysely } from 'kysely';
import type { Database, FaceImageTable } from '../db/schema.js';
import { sha256Hex } from './image-store.js';
import type { FaceImageInput } from './face-image.js';

/** Who a face belongs to: the enrollment it came with, or the person when it came without one. */
export type FaceOwner = { enrollmentId: string } | { personId: string };

/** A face row as written: `createdAt` only when restoring (ISO 8601), else the database's now(). */
export interface NewFaceImageRow {
  owner: FaceOwner;
  face: FaceImageInput;
  source: FaceImageTable['source'];
  createdAt?: string;
}

/** Rows per insert: 12 bind parameters each, well under PostgreSQL's 65 535. */
const ROWS_PER_STATEMENT = 2_000;

/** Every query writing `face_image` (the export and the restore read and bulk-write it in their own repositories). */
export class FaceImageRepository {
  async insert(trx: Kysely<Database>, rows: readonly NewFaceImageRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await this.insertPart(trx, rows.slice(i, i + ROWS_PER_STATEMENT));
  }

  private async insertPart(trx: Kysely<Database>, rows: readonly NewFaceImageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await trx
      .insertInto('face_image')
      .values(
        rows.map((r) => ({
          person_id: 'personId' in r.owner ? r.owner.personId : null,
          enrollment_id: 'enrollmentId' in r.owner ? (sql<string>`${r.owner.enrollmentId}::bigint` as unknown as string) : null,
          sha256: sha256Hex(r.face.bytes),
          media_type: r.face.mediaType,
          compression: r.face.compression,
          size_bytes: r.face.bytes.length,
          width: r.face.width,
          height: r.face.height,
          color_space: r.face.colorSpace,
          captured_on: r.face.capturedOn,
          source: r.source,
          ...(r.createdAt === undefined ? {} : { created_at: sql<Date>`${r.createdAt}::timestamptz` as unknown as string }),
        })),
      )
      .execute();
  }
}
