import { sql, type Kysely } from 'kysely';

/** The founding schema: reference geography, people with immutable versions, operators, audit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    create extension if not exists pg_trgm;

    create table place (
      code text primary key,
      name text not null,
      level text not null check (level in ('region', 'cercle', 'commune')),
      parent_code text references place(code),
      check ((level = 'region') = (parent_code is null))
    );
    create index place_parent_idx on place (parent_code);

    create table operator (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      display_name text not null,
      roles text[] not null,
      password_hash text not null,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled boolean not null default false,
      created_at timestamptz not null default now()
    );

    create table operator_session (
      token_hash text primary key,
      operator_id uuid not null references operator(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index operator_session_operator_idx on operator_session (operator_id);

    create table person (
      id uuid primary key default gen_random_uuid(),
      uin text not null unique check (uin ~ '^[1-9][0-9]{10}$'),
      nina text unique check (nina ~ '^[0-9]{14}[A-Z]$'),
      version integer not null check (version >= 1),
      status text not null check (status in ('active', 'deceased', 'suspended', 'merged')),
      merged_into uuid references person(id),
      family_names text not null,
      given_names text not null,
      search_key text not null,
      phonetic_tokens text[] not null,
      sex text not null check (sex in ('M', 'F')),
      birth_date text not null,
      birth_year integer not null,
      birth_month integer,
      birth_day integer,
      birth_place_code text not null references place(code),
      father_name text,
      mother_name text,
      nationality text not null,
      residence_commune_code text references place(code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'merged') = (merged_into is not null))
    );
    create index person_search_key_trgm_idx on person using gin (search_key gin_trgm_ops);
    create index person_phonetic_idx on person using gin (phonetic_tokens);
    create index person_birth_idx on person (birth_year, birth_month, birth_day);
    create index person_birth_place_idx on person (birth_place_code);
    create index person_residence_idx on person (residence_commune_code);

    create table person_version (
      person_id uuid not null references person(id),
      version integer not null,
      data jsonb not null,
      changed_by uuid references operator(id),
      changed_by_username text not null,
      changed_at timestamptz not null default now(),
      reason text not null check (length(reason) > 0),
      request_id text,
      primary key (person_id, version)
    );

    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      operator_id uuid references operator(id),
      operator_username text not null,
      action text not null,
      person_id uuid references person(id),
      purpose text,
      request_id text,
      details jsonb not null default '{}'::jsonb
    );
    create index audit_log_at_idx on audit_log (at);
    create index audit_log_person_idx on audit_log (person_id);
    create index audit_log_operator_idx on audit_log (operator_id);

    -- History and audit are append-only: the database itself refuses to rewrite them.
    create function kura_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    create trigger person_version_append_only before update or delete on person_version
      for each row execute function kura_refuse_change();
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function kura_refuse_change();
    create trigger person_no_delete before delete on person
      for each row execute function kura_refuse_change();
  `).execute(db);
}
