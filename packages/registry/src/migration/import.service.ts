import type { DecodedImage } from '@kura/images';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { Database } from '../db/schema.js';
import type { BiometricService, PreparedEnrollment } from '../enrollment/biometric.service.js';
import type { FaceImageInput } from '../images/face-image.js';
import type { FaceImageRepository, FaceOwner } from '../images/face-image.repository.js';
import type { ImageStore } from '../images/image-store.js';
import type { EnrollmentInput, FingerOutcome } from '../enrollment/enrollment.schema.js';
import { DomainError } from '../errors.js';
import type { PersonInput } from '../people/person.schema.js';
import type { PersonService } from '../people/person.service.js';
import type { ImportLedgerRepository, ImportRecordRow, NewImportRecord } from './import-ledger.repository.js';

/**
 * Migration of a legacy register, one source record at a time, through a ledger that is also the
 * checkpoint: every record ends in exactly one ledger row — imported (a UIN), case (a dedup case:
 * the legacy system let a duplicate through) or rejected (a reason code, where in the source). The
 * row of an imported record commits in the same transaction as its enrollment, so a kill at any
 * moment leaves either both or neither, and a re-run skips what the ledger holds.
 */

/** Where a record comes from: the dump (`source`), its key there, and what the report points at. */
export interface ImportSourceRecord {
  source: string;
  key: string;
  /** The file the record (or its rejection) is found in, relative to the dump. */
  file: string;
  /** SHA-256 (hex) of the record's bytes: a later run can tell the source changed. */
  contentHash: string;
  offset?: number | undefined;
  line?: number | undefined;
  record?: number | undefined;
  /** Records and images knowingly not used: proprietary Type-9 templates, slaps, plain twins of rolled fingers, latents, palms. */
  ignoredRecords?: number;
  /** Face records seen (Type-10 of any image type). */
  faces?: number;
  /** The face images to keep with the person (bytes as received), stored when the record is imported or becomes a case. */
  faceImages?: readonly FaceImageInput[];
  /** Face records that could not be read (no image, an image that is not what CGA says…): counted, never a reason to reject. */
  facesUnreadable?: number;
}

export interface ImportRejection {
  reason: string;
  message: string;
  /** When the fault is elsewhere than the record's own file (a CSV line, an image record). */
  file?: string | undefined;
  offset?: number | undefined;
  line?: number | undefined;
  record?: number | undefined;
}

export interface ImportLedgerEntry {
  key: string;
  file: string;
  contentHash: string;
  outcome: 'imported' | 'case' | 'rejected';
  enrollmentId: string | null;
  uin: string | null;
  caseId: string | null;
  /** For a case: the record key (same source) of the best candidate, when an import brought it in. */
  duplicateOf: string | null;
  reason: string | null;
  message: string | null;
  offset: number | null;
  line: number | null;
  record: number | null;
  /** Records and images knowingly not used (see ImportSourceRecord.ignoredRecords). */
  ignoredRecords: number;
  faces: number;
  /** Face images kept with the record's person or dedup case. */
  facesStored: number;
  facesUnreadable: number;
  note: string | null;
}

/** A record ready to commit: an enrollment checked and extracted (nothing written yet), or its rejection. */
export type PreparedImport =
  | { kind: 'enroll'; record: ImportSourceRecord; enrollment: PreparedEnrollment; note: string | null }
  | { kind: 'reject'; record: ImportSourceRecord; rejection: ImportRejection };

/** Domain refusals that settle a record as rejected; anything else (database down…) stops the run. */
const isRecordFault = (error: unknown): error is DomainError => error instanceof DomainError && error.status < 500;

export class ImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ledger: ImportLedgerRepository,
    private readonly biometrics: BiometricService,
    private readonly people: PersonService,
    private readonly images: ImageStore,
    private readonly faceImages: FaceImageRepository,
  ) {}

  /** Keys already settled for `source` (skip them), with the content hash each was settled with. */
  settledKeys(source: string): Promise<Map<string, string>> {
    return this.ledger.settledKeys(source);
  }

  /**
   * Enrolls with 1:N dedup; the ledger row commits with the enrollment. Fingers the quality gate
   * does not accept are declared unusable and the person enrolled with the rest (noted in the
   * ledger); no accepted finger, or demographics the register refuses → rejected with the code.
   */
  async enroll(record: ImportSourceRecord, input: EnrollmentInput, actor: Actor): Promise<ImportLedgerEntry> {
    return this.commitEnrollment(await this.prepareEnrollment(record, input), actor);
  }

  /**
   * The part of `enroll` that writes nothing (validation, extraction, quality gate, the retry
   * without refused fingers): a migration prepares the next records while the current one commits,
   * then commits them in source order with `commitEnrollment`. `decoded`: the fingers' images,
   * already decoded from exactly the given bytes, by position.
   */
  async prepareEnrollment(record: ImportSourceRecord, input: EnrollmentInput, decoded?: ReadonlyMap<number, DecodedImage>): Promise<PreparedImport> {
    let note: string | null = null;
    let attempt = input;
    for (;;) {
      try {
        return { kind: 'enroll', record, enrollment: await this.biometrics.prepareEnrollment(attempt, decoded), note };
      } catch (error) {
        if (!isRecordFault(error)) throw error;
        const retry = error.code === 'FINGERS_NOT_ACCEPTED' && attempt === input ? withoutRefused(input, error) : undefined;
        if (retry) {
          note = retry.note;
          attempt = retry.input;
          continue;
        }
        return { kind: 'reject', record, rejection: rejectionOf(error) };
      }
    }
  }

  /** Writes a prepared record: the enrollment (1:N search, commit) with its ledger row, or its rejection. */
  async commitEnrollment(prepared: PreparedImport, actor: Actor): Promise<ImportLedgerEntry> {
    const { record } = prepared;
    if (prepared.kind === 'reject') return this.reject(record, prepared.rejection);
    let written: NewImportRecord | undefined;
    try {
      await this.putFaces(record);
      await this.biometrics.enrollPrepared(prepared.enrollment, actor, {
        inTransaction: async (trx, enrollment) => {
          written = {
            ...this.base(record),
            outcome: enrollment.status === 'enrolled' ? 'imported' : 'case',
            enrollment_id: enrollment.id,
            uin: enrollment.uin,
            case_id: enrollment.caseId,
            note: prepared.note,
            faces_stored: record.faceImages?.length ?? 0,
          };
          await this.ledger.insert(trx, written);
          // A case's face stays with its enrollment: it follows the enrollment to whichever person the decision gives it.
          await this.insertFaces(trx, record, { enrollmentId: enrollment.id });
        },
      });
      return toEntry(written as ImportRecordRow, null);
    } catch (error) {
      if (!isRecordFault(error)) throw error;
      return this.reject(record, rejectionOf(error));
    }
  }

  /** A person with no fingerprint: registered by demographics alone, the ledger row in the same transaction. */
  async register(record: ImportSourceRecord, person: PersonInput, actor: Actor, reason: string): Promise<ImportLedgerEntry> {
    try {
      const prepared = await this.people.prepareNew(person);
      await this.putFaces(record);
      const row = await this.db.transaction().execute(async (trx) => {
        const issued = await this.people.insertInTransaction(trx, prepared, actor, reason);
        const written: NewImportRecord = { ...this.base(record), outcome: 'imported', person_id: issued.id, uin: issued.person.uin, faces_stored: record.faceImages?.length ?? 0 };
        await this.ledger.insert(trx, written);
        await this.insertFaces(trx, record, { personId: issued.id });
        return written;
      });
      return toEntry(row as ImportRecordRow, null);
    } catch (error) {
      if (!isRecordFault(error)) throw error;
      return this.reject(record, { reason: error.code, message: error.message });
    }
  }

  async reject(record: ImportSourceRecord, rejection: ImportRejection): Promise<ImportLedgerEntry> {
    // A rejection that says where the fault is points there only (a CSV line, or a record of the transaction).
    const located = [rejection.file, rejection.offset, rejection.line, rejection.record].some((v) => v !== undefined);
    const at = located ? rejection : record;
    const row: NewImportRecord = {
      ...this.base(record),
      file: rejection.file ?? record.file,
      outcome: 'rejected',
      reason: rejection.reason,
      message: rejection.message,
      byte_offset: at.offset ?? null,
      line: at.line ?? null,
      record_index: at.record ?? null,
    };
    await this.db.transaction().execute((trx) => this.ledger.insert(trx, row));
    return toEntry(row as ImportRecordRow, null);
  }

  /** Every settled record of `source`, in key order: what the reconciliation report is built from. */
  async entries(source: string): Promise<ImportLedgerEntry[]> {
    const rows = await this.ledger.bySource(source);
    const candidates = await this.ledger.caseCandidates(rows.filter((r) => r.case_id !== null).map((r) => String(r.case_id)));
    const best = [...candidates.values()].map((list) => list[0]).filter((id): id is string => id !== undefined);
    const records = await this.ledger.recordsOfEnrollments(best);
    return rows.map((row) => {
      const candidate = row.case_id === null ? undefined : candidates.get(String(row.case_id))?.[0];
      const origin = candidate === undefined ? undefined : records.get(candidate);
      return toEntry(row, origin && origin.source === source ? origin.key : null);
    });
  }

  /** The face images' bytes reach the image store before any row names them (an orphan file is harmless). */
  private async putFaces(record: ImportSourceRecord): Promise<void> {
    for (const face of record.faceImages ?? []) await this.images.put(face.bytes);
  }

  private async insertFaces(trx: Kysely<Database>, record: ImportSourceRecord, owner: FaceOwner): Promise<void> {
    await this.faceImages.insert(trx, (record.faceImages ?? []).map((face) => ({ owner, face, source: 'import' as const })));
  }

  private base(record: ImportSourceRecord): NewImportRecord {
    return {
      source: record.source,
      record_key: record.key,
      file: record.file,
      content_hash: record.contentHash,
      outcome: 'imported',
      byte_offset: record.offset ?? null,
      line: record.line ?? null,
      record_index: record.record ?? null,
      ignored_records: record.ignoredRecords ?? 0,
      faces: record.faces ?? 0,
      faces_unreadable: record.facesUnreadable ?? 0,
    };
  }
}

/** The same enrollment without the fingers the gate did not accept, declared unusable; undefined when none is left. */
function withoutRefused(input: EnrollmentInput, error: DomainError): { input: EnrollmentInput; note: string } | undefined {
  const outcomes = (error.details?.fingers ?? []) as FingerOutcome[];
  const refused = new Set(outcomes.filter((f) => f.outcome !== 'accepted').map((f) => f.position));
  const kept = input.fingers.filter((f) => !refused.has(f.position));
  if (refused.size === 0 || kept.length === 0) return undefined;
  const positions = [...refused].sort((a, b) => a - b);
  return {
    input: { ...input, fingers: kept, missingFingers: [...(input.missingFingers ?? []), ...positions.map((position) => ({ position, reason: 'unusable' as const }))] },
    note: `doigts non acceptés, déclarés inexploitables / fingers not accepted, declared unusable: ${positions.join(', ')}`,
  };
}

const rejectionOf = (error: DomainError): ImportRejection => ({ reason: error.code, message: error.field ? `${error.field}: ${error.message}` : error.message });

function toEntry(row: ImportRecordRow, duplicateOf: string | null): ImportLedgerEntry {
  const offset = row.byte_offset;
  return {
    key: row.record_key,
    file: row.file,
    contentHash: row.content_hash,
    outcome: row.outcome,
    enrollmentId: row.enrollment_id == null ? null : String(row.enrollment_id),
    uin: row.uin ?? null,
    caseId: row.case_id == null ? null : String(row.case_id),
    duplicateOf,
    reason: row.reason ?? null,
    message: row.message ?? null,
    offset: offset == null ? null : Number(offset),
    line: row.line ?? null,
    record: row.record_index ?? null,
    ignoredRecords: row.ignored_records ?? 0,
    faces: row.faces ?? 0,
    facesStored: row.faces_stored ?? 0,
    facesUnreadable: row.faces_unreadable ?? 0,
    note: row.note ?? null,
  };
}
