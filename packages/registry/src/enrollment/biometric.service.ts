import { decodeTemplate, encodeTemplate, FingerprintMatcher, renderPairing, type FingerprintImage, type FingerprintPool, type FingerprintTemplate, type GalleryFinger } from '@kura/biometrics';
import { decodeImage, encodePng, type DecodedImage } from '@kura/images';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { AuditRecord, AuditRepository } from '../audit/audit.repository.js';
import type { Database } from '../db/schema.js';
import { conflict, DomainError, invalid, notFound, unprocessable } from '../errors.js';
import { uinProblem } from '../identifiers/uin.js';
import { isSha256Hex, type ImageStore } from '../images/image-store.js';
import type { NewPersonRow, PersonRepository } from '../people/person.repository.js';
import type { Person, PersonInput } from '../people/person.schema.js';
import { isUniqueViolation, toPerson, type PersonService } from '../people/person.service.js';
import type { EnrollmentRepository, EnrollmentRow, NewEnrolledFinger, NewStoredImage } from './enrollment.repository.js';
import {
  dedupDecisionSchema,
  enrollmentInputSchema,
  identifyInputSchema,
  verifyInputSchema,
  type DedupCase,
  type DedupCaseSummary,
  type DedupDecision,
  type Enrollment,
  type EnrollmentInput,
  type FingerOutcome,
  type IdentifyInput,
  type IdentifyResult,
  type VerifyInput,
  type VerifyResult,
} from './enrollment.schema.js';
import { captureFingers, imageToKeep, type CapturedFinger, type FingerSubmission } from './finger-capture.js';
import type { GallerySync } from './gallery-sync.js';
import { galleryThreshold, packForGallery, type SubjectCandidate } from './gallery-adapter.js';
import { Mutex } from './mutex.js';
import { ENROLLMENT_PARAMETERS as P } from './parameters.js';
import { encodeRgbaPng } from './png-rgba.js';

export interface DedupCaseQuery {
  status?: 'open' | 'duplicate' | 'distinct';
  page?: number;
  pageSize?: number;
}

/** Optional extras of one enrollment call (a migration records its ledger row in the enrollment's own transaction). */
export interface EnrollOptions {
  /** Runs inside the committing transaction, after the enrollment rows: what it writes commits (or not) with them. */
  inTransaction?: (trx: Kysely<Database>, enrollment: { id: string; status: Enrollment['status']; uin: string | null; caseId: string | null }) => Promise<void>;
}

/** An enrollment checked, extracted and gated, not yet written (from `prepareEnrollment`). */
export interface PreparedEnrollment {
  input: ReturnType<typeof enrollmentInputSchema.parse>;
  person: NewPersonRow;
  outcomes: FingerOutcome[];
  fingers: PreparedFinger[];
}

interface PreparedFinger {
  probe: GalleryFinger;
  row: NewEnrolledFinger;
  kept: Awaited<ReturnType<typeof imageToKeep>>;
}

export interface BiometricSettings {
  /** Target false-positive identification rate of the search made at enrollment. */
  dedupFpir: number;
}

/** A stored dedup candidate: one identity (or one pending enrollment), its best-scoring enrollment. */
interface StoredCandidate {
  enrollmentId: string;
  personId: string | null;
  score: number;
  fingers: Array<{ position: number; score: number }>;
}

const MAX_UIN_ATTEMPTS = 8;
const WSQ_MEDIA_TYPE = 'image/x-wsq';
const ENROLLMENT_REASON = 'Enrôlement biométrique / biometric enrollment';

/**
 * Biometric enrollment with 1:N deduplication, adjudication of suspected duplicates, identification
 * and verification. Images and templates are checked, extracted (on worker threads) and gated before
 * anything is written; an enrollment commits in one transaction (fingers, image metadata, the UIN or
 * the dedup case, the gallery change, audit), after its images are on disk, and only then enters the
 * in-memory gallery.
 */
export class BiometricService {
  /** Serialises search → commit → gallery update, so two enrollments of one person cannot both pass unseen. */
  private readonly lock = new Mutex();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly enrollments: EnrollmentRepository,
    private readonly people: PersonRepository,
    private readonly personService: PersonService,
    private readonly audit: AuditRepository,
    private readonly images: ImageStore,
    private readonly gallery: GallerySync,
    private readonly pool: () => FingerprintPool,
    private readonly settings: BiometricSettings,
  ) {}

  /**
   * All fingers accepted → enrolled with a UIN, or pending adjudication with a dedup case when
   * someone already enrolled looks like the same person. Any finger not accepted → 422
   * FINGERS_NOT_ACCEPTED with every finger's outcome in `details.fingers`, and nothing stored.
   */
  async enroll(rawInput: EnrollmentInput, actor: Actor, options: EnrollOptions = {}): Promise<Enrollment> {
    return this.enrollPrepared(await this.prepareEnrollment(rawInput), actor, options);
  }

  /**
   * The part of `enroll` that writes nothing and needs no lock: validation, demographics, decoding,
   * extraction on the workers, the quality gate (FINGERS_NOT_ACCEPTED is thrown here) and the
   * stored forms. A migration prepares the next records while the current one commits.
   * `decoded`: images the caller already decoded from exactly the given bytes, by finger position.
   */
  async prepareEnrollment(rawInput: EnrollmentInput, decoded?: ReadonlyMap<number, DecodedImage>): Promise<PreparedEnrollment> {
    const input = enrollmentInputSchema.parse(rawInput);
    checkPositions(input.fingers, 'fingers');
    if (input.fingers.length === 0) throw invalid('VALIDATION', 'at least one fingerprint is required', 'fingers');
    const given = new Set(input.fingers.map((f) => f.position));
    const missing = new Set<number>();
    input.missingFingers.forEach((m, i) => {
      if (given.has(m.position)) throw invalid('VALIDATION', `finger ${m.position} is both given and declared missing`, `missingFingers[${i}].position`);
      if (missing.has(m.position)) throw invalid('VALIDATION', `finger ${m.position} is declared missing twice`, `missingFingers[${i}].position`);
      missing.add(m.position);
    });
    const person = await this.personService.prepareNew(input.person);
    const captured = await captureFingers(input.fingers, this.pool(), decoded);
    const outcomes = captured.map((c) => c.outcome);
    if (captured.some((c) => c.outcome.outcome !== 'accepted' || !c.template)) {
      throw unprocessable('FINGERS_NOT_ACCEPTED', 'some fingerprints were not accepted: see details.fingers', 'fingers', { fingers: outcomes });
    }
    // Everything that can be computed before the lock is: WSQ copies, template bytes, packed forms.
    const fingers = await Promise.all(captured.map((c) => this.prepareFinger(c)));
    return { input, person, outcomes, fingers };
  }

  /** The part of `enroll` that writes: images to the store, then 1:N search and commit under the lock. */
  async enrollPrepared(preparedEnrollment: PreparedEnrollment, actor: Actor, options: EnrollOptions = {}): Promise<Enrollment> {
    const { input, person: prepared, outcomes, fingers } = preparedEnrollment;
    // Images reach the disk before the rows that name them are committed (an orphan file is harmless).
    const images: NewStoredImage[] = [];
    for (const f of fingers) {
      if (!f.kept) continue;
      const sha256 = await this.images.put(f.kept.bytes);
      f.row.imageSha256 = sha256;
      f.row.imageMediaType = WSQ_MEDIA_TYPE;
      images.push({ sha256, mediaType: WSQ_MEDIA_TYPE, sizeBytes: f.kept.bytes.length, width: f.kept.width, height: f.kept.height, ppi: f.kept.ppi });
    }
    return this.lock.run(async () => {
      await this.gallery.catchUp();
      const probe = fingers.map((f) => f.probe);
      const candidates = await this.searchCandidates(probe, this.settings.dedupFpir, P.dedupMaxCandidates);
      const committed = await this.withUinRetry(() =>
        this.db.transaction().execute(async (trx) => {
          const issued = candidates.length === 0 ? await this.personService.insertInTransaction(trx, prepared, actor, ENROLLMENT_REASON) : undefined;
          const row = await this.enrollments.insertEnrollment(trx, {
            status: issued ? 'enrolled' : 'pending-adjudication',
            personId: issued?.id ?? null,
            applicant: input.person,
            missingFingers: input.missingFingers,
            fingerOutcomes: outcomes,
            createdBy: actor.operatorId,
            createdByUsername: actor.username,
          });
          await this.enrollments.insertImages(trx, images);
          await this.enrollments.insertFingers(trx, row.id, fingers.map((f) => f.row));
          let caseId: string | null = null;
          if (!issued) {
            const opened = await this.enrollments.insertCase(trx, row.id, candidates as unknown as Array<Record<string, unknown>>, candidates[0]!.score);
            caseId = opened.id;
            await this.enrollments.updateEnrollment(trx, row.id, { caseId });
          }
          const seq = await this.enrollments.appendGalleryChange(trx, 'add', row.id);
          const records: AuditRecord[] = [
            {
              action: 'enrollment.create',
              personId: issued?.id ?? null,
              details: { enrollmentId: row.id, status: row.status, caseId, fingers: fingers.map((f) => f.row.position), missingFingers: input.missingFingers },
            },
          ];
          if (caseId) records.push({ action: 'dedup.open', details: { caseId, enrollmentId: row.id, candidates: candidates.map((c) => ({ enrollmentId: c.enrollmentId, score: c.score })) } });
          await this.audit.append(trx, actor, records);
          await options.inTransaction?.(trx, { id: row.id, status: row.status, uin: issued?.person.uin ?? null, caseId });
          return { row: { ...row, case_id: caseId }, seq, uin: issued?.person.uin ?? null };
        }),
      );
      // Committed: the enrollment is acknowledged from here on. Should the gallery update fail, the
      // change log still holds it and the next catch-up (or the next start) applies it.
      await this.gallery
        .addCommitted(
          committed.seq,
          fingers.map((f) => ({ subjectId: Number(committed.row.id), position: f.probe.position, packed: f.row.packed })),
        )
        .catch(() => undefined);
      return toEnrollment(committed.row, committed.uin);
    });
  }

  async getEnrollment(id: string, actor: Actor): Promise<Enrollment> {
    checkId(id, 'id');
    return this.db.transaction().execute(async (trx) => {
      const [row] = await this.enrollments.enrollmentsWithUin(trx, [id]);
      if (!row) throw notFound('ENROLLMENT_NOT_FOUND', `no enrollment ${id}`, 'id');
      await this.audit.append(trx, actor, [{ action: 'enrollment.read', personId: row.person_id, details: { enrollmentId: id } }]);
      return toEnrollment(row, row.uin);
    });
  }

  async listCases(query: DedupCaseQuery, actor: Actor): Promise<{ total: number; items: DedupCaseSummary[] }> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    if (!Number.isInteger(page) || page < 1) throw invalid('VALIDATION', 'page must be a whole number ≥ 1', 'page');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw invalid('VALIDATION', 'pageSize must be 1–500', 'pageSize');
    return this.db.transaction().execute(async (trx) => {
      const { total, rows } = await this.enrollments.listCases(trx, query.status, pageSize, (page - 1) * pageSize);
      await this.audit.append(trx, actor, [{ action: 'dedup.list', details: { status: query.status ?? null, page, pageSize, total } }]);
      return { total, items: rows.map((r) => summaryOf(r)) };
    });
  }

  /** A case with what an adjudicator needs: both sides' demographics, finger by finger scores, images and paired minutiae. */
  async getCase(id: string, actor: Actor): Promise<DedupCase> {
    checkId(id, 'id');
    return this.db.transaction().execute(async (trx) => {
      const view = await this.caseView(trx, id);
      await this.audit.append(trx, actor, [
        { action: 'dedup.read', details: { caseId: id } },
        ...view.candidatePersonIds.map((personId) => ({ action: 'person.read', personId, details: { caseId: id, via: 'dedup' } })),
      ]);
      return view.case;
    });
  }

  /**
   * duplicate: the applicant's enrollment joins the chosen candidate identity, which keeps its UIN
   * and gets a new version recording the merge; distinct: a UIN is issued. Either way audited with
   * its reason; a case already decided → 409.
   */
  async decideCase(id: string, rawDecision: DedupDecision, actor: Actor): Promise<DedupCase> {
    checkId(id, 'id');
    const decision = dedupDecisionSchema.parse(rawDecision);
    const reason = decision.reason.trim();
    if (!reason) throw invalid('VALIDATION', 'a reason is required', 'reason');
    if (decision.decision === 'duplicate' && !decision.duplicateOfUin) throw invalid('VALIDATION', 'give the UIN of the identity the applicant duplicates', 'duplicateOfUin');
    if (decision.decision === 'distinct' && decision.duplicateOfUin) throw invalid('VALIDATION', 'duplicateOfUin is only for a duplicate decision', 'duplicateOfUin');
    // Demographics are checked again for a new identity (places may have changed since).
    let prepared: NewPersonRow | undefined;
    if (decision.decision === 'distinct') {
      const current = await this.enrollments.findCase(this.db, id);
      if (!current) throw notFound('CASE_NOT_FOUND', `no dedup case ${id}`, 'id');
      if (current.status !== 'open') throw conflict('CASE_CLOSED', `case ${id} was already decided (${current.status})`, 'id');
      const enrollment = await this.enrollments.findEnrollment(this.db, current.enrollment_id);
      prepared = await this.personService.prepareNew(enrollment!.applicant as PersonInput);
    }
    return this.withUinRetry(() =>
      this.db.transaction().execute(async (trx) => {
        const row = await this.enrollments.findCase(trx, id, true);
        if (!row) throw notFound('CASE_NOT_FOUND', `no dedup case ${id}`, 'id');
        if (row.status !== 'open') throw conflict('CASE_CLOSED', `case ${id} was already decided (${row.status})`, 'id');
        const enrollment = (await this.enrollments.findEnrollment(trx, row.enrollment_id, true))!;
        let personId: string;
        if (decision.decision === 'duplicate') {
          const candidates = row.candidates as unknown as StoredCandidate[];
          const candidateRows = await this.enrollments.enrollmentsWithUin(trx, candidates.map((c) => c.enrollmentId));
          const chosen = candidateRows.find((c) => c.uin !== null && c.uin === decision.duplicateOfUin);
          if (!chosen || !chosen.person_id) throw invalid('NOT_A_CANDIDATE', `${decision.duplicateOfUin} is not a candidate of case ${id}`, 'duplicateOfUin');
          const target = (await this.people.findByUin(trx, chosen.uin!, true))!;
          if (target.status === 'merged') throw conflict('PERSON_MERGED', `${chosen.uin} was itself merged into another identity`, 'duplicateOfUin');
          const updated = await this.people.update(trx, target.id, { version: target.version + 1 });
          const mergeReason = `Fusion de l'enrôlement ${enrollment.id} (dossier ${id}) / merge of enrollment ${enrollment.id} (case ${id}): ${reason}`;
          await this.people.insertVersion(trx, {
            personId: target.id,
            version: updated.version,
            data: toPerson(updated, null),
            changedBy: actor.operatorId,
            changedByUsername: actor.username,
            reason: mergeReason,
            requestId: actor.requestId ?? null,
          });
          await this.enrollments.updateEnrollment(trx, enrollment.id, { status: 'merged', personId: target.id });
          await this.audit.append(trx, actor, [{ action: 'person.update', personId: target.id, details: { version: updated.version, fields: ['enrollments'], reason: mergeReason } }]);
          personId = target.id;
        } else {
          const issued = await this.personService.insertInTransaction(trx, prepared!, actor, `${ENROLLMENT_REASON} — dossier ${id} distinct / case ${id} distinct: ${reason}`);
          await this.enrollments.updateEnrollment(trx, enrollment.id, { status: 'enrolled', personId: issued.id });
          personId = issued.id;
        }
        await this.enrollments.decideCase(trx, id, {
          status: decision.decision,
          reason,
          decidedBy: actor.operatorId,
          decidedByUsername: actor.username,
          duplicateOf: decision.decision === 'duplicate' ? personId : null,
        });
        await this.audit.append(trx, actor, [
          { action: 'dedup.decide', personId, details: { caseId: id, enrollmentId: enrollment.id, decision: decision.decision, duplicateOfUin: decision.duplicateOfUin ?? null, reason } },
        ]);
        return (await this.caseView(trx, id)).case;
      }),
    );
  }

  /** 1:N: probe fingers → ranked identities above the threshold set by the target FPIR. Nothing stored but the audit entry. */
  async identify(rawInput: IdentifyInput, actor: Actor): Promise<IdentifyResult> {
    const input = identifyInputSchema.parse(rawInput);
    checkPositions(input.fingers, 'fingers');
    const { probe, outcomes } = await this.probeOf(input.fingers);
    const candidates = await this.lock.run(async () => {
      await this.gallery.catchUp();
      return this.searchCandidates(probe, input.fpir, input.maxResults);
    });
    const threshold = galleryThreshold(input.fpir, (await this.gallery.stats()).subjects, probe.length);
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.enrollments.enrollmentsWithUin(trx, candidates.map((c) => c.enrollmentId));
      const uinOf = new Map(rows.map((r) => [r.id, r.uin]));
      const result: IdentifyResult = {
        threshold,
        candidates: candidates.map((c) => ({ uin: uinOf.get(c.enrollmentId) ?? null, enrollmentId: c.enrollmentId, score: c.score, fingers: c.fingers })),
        fingers: outcomes,
      };
      await this.audit.append(trx, actor, [
        {
          action: 'biometric.identify',
          details: { fingers: probe.map((f) => f.position), fpir: input.fpir, threshold, returned: result.candidates.map((c) => c.uin ?? `enrollment:${c.enrollmentId}`) },
        },
      ]);
      return result;
    });
  }

  /** 1:1: is this the person with this UIN? Compared with every enrollment of the identity; threshold from the target FMR. */
  async verify(rawInput: VerifyInput, actor: Actor): Promise<VerifyResult> {
    const input = verifyInputSchema.parse(rawInput);
    checkUin(input.uin);
    checkPositions(input.fingers, 'fingers');
    const person = await this.people.findByUin(this.db, input.uin);
    if (!person) throw notFound('PERSON_NOT_FOUND', `no person with UIN ${input.uin}`, 'uin');
    const { probe } = await this.probeOf(input.fingers);
    const enrolled = await this.enrollments.enrollmentsOfPerson(this.db, person.id);
    // Compared as the gallery compares (same packed form, same calibration as the fused threshold).
    await this.lock.run(() => this.gallery.catchUp());
    const gallery = await this.gallery.ready();
    let best: { score: number; fingers: Array<{ position: number; score: number }> } = { score: 0, fingers: [] };
    for (const enrollment of enrolled) {
      const result = await gallery.compareSubject(probe, Number(enrollment.id));
      if (result && result.fingers.length > 0 && (best.fingers.length === 0 || result.score > best.score)) best = { score: result.score, fingers: result.fingers };
    }
    const threshold = galleryThreshold(input.fmr, 1, Math.max(1, best.fingers.length));
    const match = best.fingers.length > 0 && best.score >= threshold;
    await this.db.transaction().execute((trx) =>
      this.audit.append(trx, actor, [{ action: 'biometric.verify', personId: person.id, details: { match, score: best.score, threshold, fmr: input.fmr, fingers: probe.map((f) => f.position) } }]),
    );
    return { uin: input.uin, match, score: best.score, threshold, fingers: best.fingers };
  }

  /** A stored image: as kept (WSQ) or converted to PNG for display. */
  async readImage(sha256: string, actor: Actor, as: 'original' | 'png' = 'original'): Promise<{ bytes: Uint8Array; mediaType: string }> {
    if (!isSha256Hex(sha256)) throw invalid('VALIDATION', 'an image is named by its SHA-256 in lowercase hex (64 characters)', 'sha256');
    const meta = await this.enrollments.findImage(this.db, sha256);
    if (!meta) throw notFound('IMAGE_NOT_FOUND', `no image ${sha256}`, 'sha256');
    const bytes = await this.images.get(sha256);
    if (!bytes) throw notFound('IMAGE_NOT_FOUND', `image ${sha256} is recorded but its file is missing from the image store`, 'sha256');
    await this.db.transaction().execute((trx) => this.audit.append(trx, actor, [{ action: 'image.read', details: { sha256, as } }]));
    if (as === 'original') return { bytes, mediaType: meta.media_type };
    const decoded = await decodeImage(bytes);
    return { bytes: await encodePng({ width: decoded.width, height: decoded.height, pixels: decoded.pixels, ppi: meta.ppi }), mediaType: 'image/png' };
  }

  /** PNG: the applicant's and the candidate's prints side by side, paired minutiae joined by lines. */
  async renderEvidence(caseId: string, candidateEnrollmentId: string, position: number, actor: Actor): Promise<Uint8Array> {
    checkId(caseId, 'caseId');
    checkId(candidateEnrollmentId, 'candidateEnrollmentId');
    if (!Number.isInteger(position) || position < 1 || position > 10) throw invalid('VALIDATION', 'finger position is 1–10', 'position');
    const row = await this.enrollments.findCase(this.db, caseId);
    if (!row) throw notFound('CASE_NOT_FOUND', `no dedup case ${caseId}`, 'caseId');
    const candidates = row.candidates as unknown as StoredCandidate[];
    if (!candidates.some((c) => c.enrollmentId === candidateEnrollmentId)) throw notFound('NOT_A_CANDIDATE', `enrollment ${candidateEnrollmentId} is not a candidate of case ${caseId}`, 'candidateEnrollmentId');
    const probe = (await this.enrollments.fingersOf(this.db, row.enrollment_id)).find((f) => f.position === position);
    const candidate = (await this.enrollments.fingersOf(this.db, candidateEnrollmentId)).find((f) => f.position === position);
    if (!probe || !candidate) throw notFound('ENROLLMENT_NOT_FOUND', `finger ${position} is not enrolled on both sides`, 'position');
    const probeTemplate = decodeTemplate(probe.template);
    const candidateTemplate = decodeTemplate(candidate.template);
    const { pairs } = new FingerprintMatcher(probeTemplate).matchWithPairs(candidateTemplate);
    const rgba = renderPairing(
      { image: await this.fingerImage(probe.image_sha256, probeTemplate), minutiae: probeTemplate.minutiae },
      { image: await this.fingerImage(candidate.image_sha256, candidateTemplate), minutiae: candidateTemplate.minutiae },
      pairs,
    );
    await this.db.transaction().execute((trx) =>
      this.audit.append(trx, actor, [{ action: 'dedup.evidence', details: { caseId, candidateEnrollmentId, position } }]),
    );
    return encodeRgbaPng(rgba);
  }

  // ——— internals ———

  private async prepareFinger(c: CapturedFinger): Promise<PreparedFinger> {
    const template = c.template!;
    const position = c.position as GalleryFinger['position'];
    return {
      probe: { position, template },
      kept: await imageToKeep(c),
      row: {
        position,
        sourceFormat: c.sourceFormat,
        template: encodeTemplate(template),
        packed: packForGallery(template),
        imageSha256: null,
        imageMediaType: null,
        quality: c.outcome.quality,
        minutiae: template.minutiae.length,
      },
    };
  }

  /** Probe fingers for identify/verify: every finger with minutiae is used (retakes too); none → 422. */
  private async probeOf(fingers: FingerSubmission[]): Promise<{ probe: GalleryFinger[]; outcomes: FingerOutcome[] }> {
    const captured = await captureFingers(fingers, this.pool());
    const outcomes = captured.map((c) => c.outcome);
    const usable = captured.filter((c) => c.template && c.outcome.outcome !== 'refused');
    if (usable.length === 0) throw unprocessable('FINGERS_NOT_ACCEPTED', 'no usable fingerprint: see details.fingers', 'fingers', { fingers: outcomes });
    return { probe: usable.map((c) => ({ position: c.position as GalleryFinger['position'], template: c.template! })), outcomes };
  }

  /**
   * Searches the gallery and groups hits per identity (an identity may hold several enrollments
   * after merges; pending enrollments stand alone), best first. Call with the gallery caught up.
   */
  private async searchCandidates(probe: readonly GalleryFinger[], fpir: number, maxResults: number): Promise<StoredCandidate[]> {
    const stats = await this.gallery.stats();
    if (stats.subjects === 0) return [];
    const threshold = galleryThreshold(fpir, stats.subjects, probe.length);
    const hits = await (await this.gallery.ready()).search(probe, { maxResults: maxResults * 4, minScore: threshold });
    const rows = await this.enrollments.enrollmentsWithUin(
      this.db,
      hits.candidates.map((c) => String(c.subjectId)),
    );
    const personOf = new Map(rows.map((r) => [r.id, r.person_id]));
    const grouped = new Map<string, StoredCandidate>();
    for (const hit of hits.candidates as SubjectCandidate[]) {
      const enrollmentId = String(hit.subjectId);
      if (!personOf.has(enrollmentId)) continue; // not committed by the database: never reported
      const personId = personOf.get(enrollmentId) ?? null;
      const key = personId ?? `enrollment:${enrollmentId}`;
      const existing = grouped.get(key);
      if (!existing || hit.score > existing.score)
        grouped.set(key, { enrollmentId, personId, score: hit.score, fingers: hit.fingers.map((f) => ({ position: f.position, score: f.score })) });
    }
    return [...grouped.values()].sort((a, b) => b.score - a.score || Number(a.enrollmentId) - Number(b.enrollmentId)).slice(0, maxResults);
  }

  private async caseView(trx: Kysely<Database>, id: string): Promise<{ case: DedupCase; candidatePersonIds: string[] }> {
    const row = await this.enrollments.findCase(trx, id);
    if (!row) throw notFound('CASE_NOT_FOUND', `no dedup case ${id}`, 'id');
    const applicant = (await this.enrollments.findEnrollment(trx, row.enrollment_id))!;
    const applicantFingers = await this.enrollments.fingersOf(trx, applicant.id);
    const stored = row.candidates as unknown as StoredCandidate[];
    const candidateRows = new Map((await this.enrollments.enrollmentsWithUin(trx, stored.map((c) => c.enrollmentId))).map((r) => [r.id, r]));
    const candidatePersonIds: string[] = [];
    const candidates: DedupCase['candidates'] = [];
    for (const c of stored) {
      const enrollment = candidateRows.get(c.enrollmentId);
      let person: Person | null = null;
      if (enrollment?.uin) {
        const personRow = (await this.people.findByUin(trx, enrollment.uin))!;
        person = toPerson(personRow, personRow.merged_into ? ((await this.people.uinOf(trx, personRow.merged_into)) ?? null) : null);
        candidatePersonIds.push(personRow.id);
      }
      const theirs = new Map((await this.enrollments.fingersOf(trx, c.enrollmentId)).map((f) => [f.position, f]));
      const fingers = applicantFingers.flatMap((mine) => {
        const other = theirs.get(mine.position);
        if (!other) return [];
        const probeTemplate = decodeTemplate(mine.template);
        const candidateTemplate = decodeTemplate(other.template);
        const { pairs } = new FingerprintMatcher(probeTemplate).matchWithPairs(candidateTemplate);
        const at = (m: { x: number; y: number; direction: number }) => ({ x: m.x, y: m.y, direction: m.direction });
        return [
          {
            position: mine.position,
            score: c.fingers.find((f) => f.position === mine.position)?.score ?? 0,
            probeImage: mine.image_sha256,
            candidateImage: other.image_sha256,
            pairs: pairs.map((p) => ({ probe: at(probeTemplate.minutiae[p.probe]!), candidate: at(candidateTemplate.minutiae[p.candidate]!) })),
          },
        ];
      });
      candidates.push({ enrollmentId: c.enrollmentId, uin: enrollment?.uin ?? null, person, score: c.score, fingers });
    }
    const duplicateOfUin = row.duplicate_of ? ((await this.people.uinOf(trx, row.duplicate_of)) ?? null) : null;
    return {
      candidatePersonIds,
      case: {
        ...summaryOf(row),
        applicant: applicant.applicant as PersonInput as DedupCase['applicant'],
        candidates,
        decision:
          row.status === 'open'
            ? null
            : { decision: row.status, reason: row.reason ?? '', decidedBy: row.decided_by_username ?? '', decidedAt: new Date(row.decided_at!).toISOString(), duplicateOfUin },
      },
    };
  }

  private async fingerImage(sha256: string | null, template: FingerprintTemplate): Promise<FingerprintImage> {
    const bytes = sha256 ? await this.images.get(sha256) : undefined;
    if (!bytes) {
      // Template-only finger: the minutiae on a blank page of the template's size.
      const width = Math.max(1, template.width);
      const height = Math.max(1, template.height);
      return { width, height, pixels: new Uint8Array(width * height).fill(255), ppi: 500 };
    }
    const meta = await this.enrollments.findImage(this.db, sha256!);
    const decoded = await decodeImage(bytes);
    return { width: decoded.width, height: decoded.height, pixels: decoded.pixels, ppi: meta?.ppi ?? decoded.ppi ?? P.defaultPpi };
  }

  private async withUinRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        if (isUniqueViolation(error, 'person_uin_key') && i < MAX_UIN_ATTEMPTS) continue;
        if (isUniqueViolation(error, 'person_nina_key')) throw conflict('DUPLICATE_NINA', 'this NINA is already registered', 'person.nina');
        throw error;
      }
    }
  }
}

function checkPositions(fingers: ReadonlyArray<{ position: number }>, field: string): void {
  const seen = new Set<number>();
  fingers.forEach((f, i) => {
    if (seen.has(f.position)) throw invalid('VALIDATION', `finger ${f.position} is given twice`, `${field}[${i}].position`);
    seen.add(f.position);
  });
}

function checkId(id: string, field: string): void {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) throw invalid('VALIDATION', `${field} is a positive whole number`, field);
}

function checkUin(uin: string): void {
  const problem = uinProblem(uin);
  if (problem === 'format') throw invalid('INVALID_UIN', 'a UIN is 11 digits and does not start with 0', 'uin');
  if (problem === 'check-digit') throw invalid('INVALID_UIN', 'the UIN check digit is wrong (mistyped number?)', 'uin');
}

function summaryOf(row: { id: string; status: DedupCaseSummary['status']; enrollment_id: string; opened_at: Date; best_score: number; candidates: unknown }): DedupCaseSummary {
  return {
    id: row.id,
    status: row.status,
    enrollmentId: row.enrollment_id,
    openedAt: new Date(row.opened_at).toISOString(),
    bestScore: Number(row.best_score),
    candidateCount: (row.candidates as unknown[]).length,
  };
}

function toEnrollment(row: EnrollmentRow, uin: string | null): Enrollment {
  return {
    id: row.id,
    status: row.status,
    uin: row.status === 'enrolled' ? uin : null,
    caseId: row.case_id,
    mergedIntoUin: row.status === 'merged' ? uin : null,
    fingers: row.finger_outcomes as unknown as FingerOutcome[],
    missingFingers: row.missing_fingers as Enrollment['missingFingers'],
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export { DomainError };
