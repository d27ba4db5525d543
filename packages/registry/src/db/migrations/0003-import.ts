import { sql, type Kysely } from 'kysely';

/**
 * The import ledger of `kura import run`: one row per source record of a legacy dump, with its one
 * outcome (imported, dedup case, rejected with a reason). It is the import's checkpoint: a record
 * with a row is never read again, and the row of an enrolled record commits in the enrollment's
 * own transaction, so a kill can neither lose nor double a record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    create table import_record (
      source text not null,
      record_key text not null,
      file text not null,
      content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
      outcome text not null check (outcome in ('imported', 'case', 'rejected')),
      enrollment_id bigint references enrollment(id),
      person_id uuid references person(id),
      uin text,
      case_id bigint references dedup_case(id),
      reason text,
      message text,
      byte_offset bigint,
      line integer,
      record_index integer,
      ignored_records integer not null default 0,
      faces integer not null default 0,
      note text,
      recorded_at timestamptz not null default now(),
      primary key (source, record_key),
      check ((outcome = 'rejected') = (reason is not null)),
      check ((outcome = 'case') = (case_id is not null)),
      check (outcome <> 'imported' or uin is not null)
    );
  `).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table import_record;').execute(db);
}
