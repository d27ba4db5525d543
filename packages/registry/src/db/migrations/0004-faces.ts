import { sql, type Kysely } from 'kysely';

/**
 * Face images (ANSI/NIST-ITL Type-10) of the people: the bytes live in the image store under their
 * SHA-256, as fingerprint images do; a row links one image to its owner. An image received with an
 * enrollment belongs to the enrollment (so a dedup case's face follows the decision: the person the
 * enrollment joins); one received without fingerprints belongs to the person directly. A person
 * may gather several over time. The import ledger also counts the faces stored and unreadable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    create table face_image (
      id bigserial primary key,
      person_id uuid references person(id),
      enrollment_id bigint references enrollment(id),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      media_type text not null check (media_type in ('image/jpeg', 'image/jp2', 'image/png', 'application/octet-stream')),
      compression text not null check (compression in ('NONE', 'JPEGB', 'JPEGL', 'JP2', 'JP2L', 'PNG')),
      size_bytes integer not null check (size_bytes > 0),
      width integer check (width > 0),
      height integer check (height > 0),
      color_space text check (color_space in ('UNK', 'GRAY', 'RGB', 'SRGB', 'YCC', 'SYCC')),
      captured_on text check (captured_on ~ '^[0-9]{8}$'),
      source text not null check (source in ('import', 'restore')),
      created_at timestamptz not null default now(),
      check ((person_id is null) <> (enrollment_id is null))
    );
    create index face_image_person_idx on face_image (person_id) where person_id is not null;
    create index face_image_enrollment_idx on face_image (enrollment_id) where enrollment_id is not null;
    create trigger face_image_append_only before update or delete on face_image
      for each row execute function kura_refuse_change();

    alter table import_record add column faces_stored integer not null default 0;
    alter table import_record add column faces_unreadable integer not null default 0;
  `).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    alter table import_record drop column faces_unreadable;
    alter table import_record drop column faces_stored;
    drop table face_image;
  `).execute(db);
}
