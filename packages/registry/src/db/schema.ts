import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. The SQL lives in ./migrations. */


export interface PlaceTable {
  code: string;
  name: string;
  level: 'region' | 'cercle' | 'commune';
  parent_code: string | null;
}

export interface PersonTable {
  id: Generated<string>;
  uin: string;
  nina: string | null;
  version: number;
  status: 'active' | 'deceased' | 'suspended' | 'merged';
  merged_into: string | null;
  family_names: string;
  given_names: string;
  search_key: string;
  phonetic_tokens: string[];
  sex: 'M' | 'F';
  birth_date: string;
  birth_year: number;
  birth_month: number | null;
  birth_day: number | null;
  birth_place_code: string;
  father_name: string | null;
  mother_name: string | null;
  nationality: string;
  residence_commune_code: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PersonVersionTable {
  person_id: string;
  version: number;
  data: ColumnType<Record<string, unknown>, string, never>;
  changed_by: string | null;
  changed_by_username: string;
  changed_at: Generated<Date>;
  reason: string;
  request_id: string | null;
}

export interface OperatorTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  roles: string[];
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface OperatorSessionTable {
  token_hash: string;
  operator_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  operator_id: string | null;
  operator_username: string;
  action: string;
  person_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface KuraMetaTable {
  key: string;
  value: string;
}

/** bigserial ids: the drivers return them as strings (pg) or numbers/bigints (PGlite); code reads them through String(). */
type BigId = ColumnType<string, never, never>;

export interface EnrollmentTable {
  id: BigId;
  status: 'enrolled' | 'pending-adjudication' | 'merged';
  person_id: string | null;
  applicant: ColumnType<Record<string, unknown>, string, never>;
  missing_fingers: ColumnType<Array<{ position: number; reason: string }>, string, never>;
  finger_outcomes: ColumnType<Array<Record<string, unknown>>, string, never>;
  case_id: ColumnType<string | null, string | null, string | null>;
  created_by: string | null;
  created_by_username: string;
  created_at: Generated<Date>;
}

export interface StoredImageTable {
  sha256: string;
  media_type: string;
  size_bytes: number;
  width: number;
  height: number;
  ppi: number;
  stored_at: Generated<Date>;
}

export interface EnrolledFingerTable {
  enrollment_id: ColumnType<string, string, never>;
  position: number;
  source_format: string;
  template: Uint8Array;
  packed: Uint8Array;
  image_sha256: string | null;
  image_media_type: string | null;
  quality: number | null;
  minutiae: number;
}

export interface DedupCaseTable {
  id: BigId;
  status: 'open' | 'duplicate' | 'distinct';
  enrollment_id: ColumnType<string, string, never>;
  candidates: ColumnType<Array<Record<string, unknown>>, string, never>;
  best_score: number;
  opened_at: Generated<Date>;
  reason: string | null;
  decided_by: string | null;
  decided_by_username: string | null;
  decided_at: Date | null;
  duplicate_of: string | null;
}

export interface GalleryChangeTable {
  seq: BigId;
  op: 'add' | 'remove';
  enrollment_id: ColumnType<string, string, never>;
  at: Generated<Date>;
}

/** One source record of a legacy dump and its outcome (`kura import run`'s ledger and checkpoint). */
export interface ImportRecordTable {
  source: string;
  record_key: string;
  file: string;
  content_hash: string;
  outcome: 'imported' | 'case' | 'rejected';
  enrollment_id: ColumnType<string | null, string | null, never>;
  person_id: string | null;
  uin: string | null;
  case_id: ColumnType<string | null, string | null, never>;
  reason: string | null;
  message: string | null;
  byte_offset: ColumnType<string | number | null, number | null, never>;
  line: number | null;
  record_index: number | null;
  ignored_records: number;
  faces: number;
  faces_stored: Generated<number>;
  faces_unreadable: Generated<number>;
  note: string | null;
  recorded_at: Generated<Date>;
}

/** One face image of a person (the bytes in the image store): owned by an enrollment, or by the person when received without one. */
export interface FaceImageTable {
  id: BigId;
  person_id: string | null;
  enrollment_id: ColumnType<string | null, string | null, never>;
  sha256: string;
  media_type: 'image/jpeg' | 'image/jp2' | 'image/png' | 'application/octet-stream';
  /** ANSI/NIST-ITL 10.011 CGA as received. */
  compression: 'NONE' | 'JPEGB' | 'JPEGL' | 'JP2' | 'JP2L' | 'PNG';
  size_bytes: number;
  width: number | null;
  height: number | null;
  /** 10.012 CSP as received, when it was one of the standard's values. */
  color_space: 'UNK' | 'GRAY' | 'RGB' | 'SRGB' | 'YCC' | 'SYCC' | null;
  /** 10.005 PHD (YYYYMMDD) as received, when it was a date. */
  captured_on: string | null;
  source: 'import' | 'restore';
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface Database {
  place: PlaceTable;
  person: PersonTable;
  person_version: PersonVersionTable;
  operator: OperatorTable;
  operator_session: OperatorSessionTable;
  audit_log: AuditLogTable;
  kura_meta: KuraMetaTable;
  enrollment: EnrollmentTable;
  stored_image: StoredImageTable;
  enrolled_finger: EnrolledFingerTable;
  dedup_case: DedupCaseTable;
  gallery_change: GalleryChangeTable;
  import_record: ImportRecordTable;
  face_image: FaceImageTable;
}
