import { sql, type Kysely } from 'kysely';

/**
 * Biometric enrollment: enrollments and their fingers (templates and the gallery's packed form),
 * metadata of stored images (the bytes live in the image store, not in SQL), dedup cases, and the
 * gallery change log the on-disk gallery snapshot follows. A random database identity lets a
 * snapshot tell whether it belongs to this database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    create table kura_meta (
      key text primary key,
      value text not null
    );
    insert into kura_meta (key, value) values ('database_id', gen_random_uuid()::text);

    create table enrollment (
      id bigserial primary key,
      status text not null check (status in ('enrolled', 'pending-adjudication', 'merged')),
      person_id uuid references person(id),
      applicant jsonb not null,
      missing_fingers jsonb not null,
      finger_outcomes jsonb not null,
      case_id bigint,
      created_by uuid references operator(id),
      created_by_username text not null,
      created_at timestamptz not null default now(),
      check ((status = 'pending-adjudication') = (person_id is null))
    );
    create index enrollment_person_idx on enrollment (person_id);

    create table stored_image (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      media_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      ppi integer not null check (ppi > 0),
      stored_at timestamptz not null default now()
    );

    create table enrolled_finger (
      enrollment_id bigint not null references enrollment(id),
      position smallint not null check (position between 1 and 10),
      source_format text not null,
      template bytea not null,
      packed bytea not null,
      image_sha256 text references stored_image(sha256),
      image_media_type text,
      quality smallint check (quality between 0 and 100),
      minutiae integer not null check (minutiae > 0),
      primary key (enrollment_id, position),
      check ((image_sha256 is null) = (image_media_type is null))
    );

    create table dedup_case (
      id bigserial primary key,
      status text not null default 'open' check (status in ('open', 'duplicate', 'distinct')),
      enrollment_id bigint not null unique references enrollment(id),
      candidates jsonb not null,
      best_score double precision not null,
      opened_at timestamptz not null default now(),
      reason text,
      decided_by uuid references operator(id),
      decided_by_username text,
      decided_at timestamptz,
      duplicate_of uuid references person(id),
      check ((status = 'open') = (decided_at is null)),
      check ((status = 'duplicate') = (duplicate_of is not null))
    );
    create index dedup_case_status_idx on dedup_case (status, id);
    alter table enrollment add constraint enrollment_case_fk foreign key (case_id) references dedup_case(id);

    create table gallery_change (
      seq bigserial primary key,
      op text not null check (op in ('add', 'remove')),
      enrollment_id bigint not null references enrollment(id),
      at timestamptz not null default now()
    );

    -- Fingers, images and the change log are facts: never rewritten, never deleted.
    create trigger enrolled_finger_append_only before update or delete on enrolled_finger
      for each row execute function kura_refuse_change();
    create trigger stored_image_append_only before update or delete on stored_image
      for each row execute function kura_refuse_change();
    create trigger gallery_change_append_only before update or delete on gallery_change
      for each row execute function kura_refuse_change();
    create trigger enrollment_no_delete before delete on enrollment
      for each row execute function kura_refuse_change();
    create trigger dedup_case_no_delete before delete on dedup_case
      for each row execute function kura_refuse_change();
  `).execute(db);
}
