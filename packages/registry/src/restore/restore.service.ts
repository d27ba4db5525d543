import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FingerprintPool } from '@kura/biometrics';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { EXPORT_FILES, FACES_FORMAT_VERSION } from '../export/export-layout.js';
import { ExportError } from '../export/export-error.js';
import { exportManifestSchema, type ExportManifest } from '../export/export-manifest.js';
import { verifyExport } from '../export/export-verify.js';
import type { ImageStore } from '../images/image-store.js';
import { foldName } from '../names/fold.js';
import { phoneticTokens } from '../names/phonetic.js';
import { parseBirthDate } from '../people/partial-date.js';
import { placeCodesOf, readExportPeople } from './export-reader.js';
import { prepareFaces } from './restore-faces.js';
import { prepareFingers } from './restore-fingers.js';
import type { NewFaceImageRow } from '../images/face-image.repository.js';
import { RestoreError } from './restore-error.js';
import type { RestoreEnrollmentRow, RestoreFingerRow, RestoreImageRow, RestorePersonRow, RestoreRepository, RestoreVersionRow } from './restore.repository.js';
import { addCounts, emptyRestoreCounts, type RestoreCounts, type RestoredPerson } from './restored-person.js';

export interface RestoreExportOptions {
  /** PEM public key the export must be signed by; default the key inside the export (integrity, not origin). */
  publicKeyPem?: string;
  /** People written per transaction (default 200). */
  pageSize?: number;
  /** After each committed page: people done (restored or found already there), people in the export. */
  onProgress?: (done: number, total: number) => void;
  /** Called after each committed page (tests inject a failure here to prove the resume). */
  afterPage?: (page: number) => void | Promise<void>;
}

export interface RestoreExportResult {
  manifestSha256: string;
  exportedAt: string;
  publicKeyFingerprint: string;
  /** Written by this run. */
  counts: RestoreCounts;
  /** People found already restored (a resumed run). */
  skipped: number;
  resumed: boolean;
  seconds: number;
}

const DEFAULT_PAGE_SIZE = 200;
const STATUSES = new Set(['active', 'deceased', 'suspended', 'merged']);

/**
 * Restore: a Kura export back into an empty register, exactly as exported (UIN, NINA, statuses,
 * every history version with its timestamps, enrollments, images and faces byte for byte, templates
 * re-extracted from the images, template-only fingers from their records). No 1:N search (an
 * export is already deduplicated) and no new history version; each page of people commits in one
 * transaction with its gallery change-log entries, and a re-run of the same export skips the people
 * already there. `restorePeople` is the general bulk call (complete records in, rows out), also for
 * seeding large registers.
 */
export class RestoreService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repository: RestoreRepository,
    private readonly audit: AuditRepository,
    private readonly images: ImageStore,
    private readonly pool: () => FingerprintPool,
  ) {}

  /**
   * Writes complete person records in one transaction: people (targets of a merge before the records
   * merged into them), versions, enrollments, image metadata, fingers, one gallery `add` per
   * enrollment. A record merged into a UIN neither in the register nor in `people` is refused
   * (MERGE_TARGET_MISSING), as is any invalid record; then nothing of the call is written.
   * `inTransaction` runs in the same transaction (the export restore records its export there).
   */
  async restorePeople(people: readonly RestoredPerson[], options: { inTransaction?: (trx: Kysely<Database>) => Promise<void> } = {}): Promise<RestoreCounts> {
    const counts = emptyRestoreCounts();
    if (people.length === 0) return counts;
    const ordered = mergeTargetsFirst(people);
    const prepared = ordered.map(checkedPersonRow);
    const fingers = await prepareFingers(ordered, this.pool(), this.images);
    const faces = await prepareFaces(ordered, this.images);
    await this.db.transaction().execute(async (trx) => {
      const targets = await this.repository.personIdsOf(
        trx,
        ordered.filter((p) => p.mergedIntoUin !== null).map((p) => p.mergedIntoUin!),
      );
      const idOf = new Map<string, string>(targets);
      for (const row of prepared) idOf.set(row.uin, row.id);
      const personRows: RestorePersonRow[] = prepared.map((row, i) => {
        const target = ordered[i]!.mergedIntoUin;
        if (target === null) return row;
        const id = idOf.get(target);
        if (!id) throw new RestoreError('MERGE_TARGET_MISSING', `${row.uin}: fusionné dans / merged into ${target}, absent du registre / not in the register`);
        return { ...row, merged_into: id };
      });
      const enrollmentIds = await this.repository.nextEnrollmentIds(trx, ordered.reduce((n, p) => n + p.enrollments.length, 0));
      const versions: RestoreVersionRow[] = [];
      const enrollments: RestoreEnrollmentRow[] = [];
      const fingerRows: RestoreFingerRow[] = [];
      const imageRows = new Map<string, RestoreImageRow>();
      const faceRows: NewFaceImageRow[] = [];
      let next = 0;
      ordered.forEach((person, i) => {
        const personId = personRows[i]!.id;
        const firstEnrollment = next;
        for (const v of person.versions) {
          versions.push({ person_id: personId, version: v.version, data: v.data, changed_by_username: v.changedBy, changed_at: v.changedAt, reason: v.reason, request_id: v.requestId });
        }
        person.enrollments.forEach((e, k) => {
          const id = enrollmentIds[next++]!;
          const prepared = fingers[i]![k]!;
          enrollments.push({
            id,
            status: e.status,
            person_id: personId,
            missing_fingers: e.missingFingers,
            // Every finger of a stored enrollment passed the quality gate: its outcome was "accepted".
            finger_outcomes: prepared.map((f) => ({ position: f.position, outcome: 'accepted', quality: f.quality, minutiae: f.minutiae, problems: [] })),
            created_by_username: e.createdBy,
            created_at: e.createdAt,
          });
          for (const f of prepared) {
            fingerRows.push({
              enrollment_id: id,
              position: f.position,
              source_format: f.sourceFormat,
              template: f.template,
              packed: f.packed,
              image_sha256: f.image?.sha256 ?? null,
              image_media_type: f.image?.mediaType ?? null,
              quality: f.quality,
              minutiae: f.minutiae,
            });
            if (f.image) imageRows.set(f.image.sha256, { sha256: f.image.sha256, media_type: f.image.mediaType, size_bytes: f.image.sizeBytes, width: f.image.width, height: f.image.height, ppi: f.image.ppi });
            counts.fingers++;
            if (f.image) counts.images++;
            else counts.templates++;
            if (f.differs) counts.reextractionDiffers++;
          }
          counts.missingFingers += e.missingFingers.length;
        });
        for (const f of faces[i]!) {
          const owner = f.enrollmentIndex === null ? { personId } : { enrollmentId: enrollmentIds[firstEnrollment + f.enrollmentIndex]! };
          faceRows.push({ owner, face: f.face, source: 'restore', createdAt: f.createdAt });
        }
      });
      await this.repository.insertPeople(trx, personRows);
      await this.repository.insertVersions(trx, versions);
      await this.repository.insertEnrollments(trx, enrollments);
      await this.repository.insertImages(trx, [...imageRows.values()]);
      await this.repository.insertFingers(trx, fingerRows);
      await this.repository.insertFaces(trx, faceRows);
      await this.repository.appendGalleryAdds(trx, enrollmentIds);
      await options.inTransaction?.(trx);
      counts.people = personRows.length;
      counts.versions = versions.length;
      counts.enrollments = enrollments.length;
      counts.faces = faceRows.length;
    });
    return counts;
  }

  /** The audit entry of a restore run (restorePeople's callers write one per run, with its counts). */
  async auditRun(actor: Actor, details: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute((trx) => this.audit.append(trx, actor, [{ action: 'register.restore', details }]));
  }

  /**
   * `kura import run DIR` for a Kura export: verifies it (signature, every file), refuses a damaged
   * export or a register that is not empty (unless it is resuming this same export), checks the
   * place codes, then restores page by page. Audited once per run, with the counts.
   */
  async restoreExport(dir: string, options: RestoreExportOptions, actor: Actor): Promise<RestoreExportResult> {
    const started = performance.now();
    let verification;
    try {
      verification = await verifyExport(dir, options.publicKeyPem === undefined ? {} : { publicKeyPem: options.publicKeyPem });
    } catch (error) {
      if (error instanceof ExportError) throw new RestoreError(error.code === 'NOT_AN_EXPORT' ? 'NOT_AN_EXPORT' : 'EXPORT_DAMAGED', error.message);
      throw error;
    }
    if (!verification.ok) {
      throw new RestoreError(
        'EXPORT_DAMAGED',
        `export endommagé, rien n'est écrit / damaged export, nothing written: ${verification.problems.length} problème(s) / problem(s) (${verification.problems
          .slice(0, 5)
          .map((p) => (p.kind === 'signature' ? `signature: ${p.message}` : `${p.kind} ${p.path}`))
          .join('; ')})`,
        verification,
      );
    }
    const manifestBytes = await readFile(join(dir, EXPORT_FILES.manifest));
    const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
    const manifest: ExportManifest = exportManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    if (manifest.formatVersion < 2 && manifest.counts.fingers > manifest.counts.images) {
      throw new RestoreError(
        'UNSUPPORTED_EXPORT',
        `export au format ${manifest.formatVersion} : ${manifest.counts.fingers - manifest.counts.images} doigt(s) reçu(s) en gabarit seul n'y sont pas / format ${manifest.formatVersion} export: ${manifest.counts.fingers - manifest.counts.images} template-only finger(s) are not in it (export again with this version)`,
      );
    }

    const state = await this.repository.registerState();
    const resumed = state.restoring === manifestSha256;
    if ((state.people > 0 || state.enrollments > 0) && !resumed) {
      throw new RestoreError(
        state.restoring ? 'OTHER_EXPORT_IN_PROGRESS' : 'REGISTER_NOT_EMPTY',
        state.restoring
          ? `ce registre est (ou a été) restauré depuis un autre export (manifest ${state.restoring.slice(0, 12)}…) : rien n'est écrit / this register is being (or was) restored from another export (manifest ${state.restoring.slice(0, 12)}…): nothing written`
          : `le registre n'est pas vide (${state.people} personne(s), ${state.enrollments} enrôlement(s)) : un export ne se restaure que dans un registre vide, rien n'est écrit / the register is not empty (${state.people} people, ${state.enrollments} enrollments): an export is restored only into an empty register, nothing written`,
      );
    }
    const unknown = await this.repository.unknownPlaces([...(await placeCodesOf(dir))].sort());
    if (unknown.length > 0) {
      throw new RestoreError(
        'UNKNOWN_PLACES',
        `codes de lieu inconnus de ce registre (chargez d'abord la liste du déploiement : kura places load) / place codes this register does not know (load the deployment's list first: kura places load): ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ' …' : ''}`,
      );
    }

    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const counts = emptyRestoreCounts();
    let skipped = 0;
    let done = 0;
    let pageNumber = 0;
    const total = manifest.counts.people;
    // Records merged into a UIN that comes later in UIN order wait until the end (the target must exist first).
    let deferred: RestoredPerson[] = [];
    const writePage = async (page: RestoredPerson[]) => {
      const present = await this.repository.personIdsOf(this.db, page.map((p) => p.uin));
      const todo: RestoredPerson[] = [];
      const inPage = new Set<string>();
      for (const p of page) {
        if (present.has(p.uin)) {
          skipped++;
          done++;
          continue;
        }
        const target = p.mergedIntoUin;
        if (target !== null && !present.has(target) && !inPage.has(target) && !(await this.repository.personIdsOf(this.db, [target])).has(target)) {
          deferred.push(p);
          continue;
        }
        todo.push(p);
        inPage.add(p.uin);
      }
      if (todo.length > 0) {
        addCounts(counts, await this.restorePeople(todo, { inTransaction: (trx) => this.repository.markRestoring(trx, manifestSha256) }));
        done += todo.length;
      }
      options.onProgress?.(done, total);
      await options.afterPage?.(++pageNumber);
    };
    let page: RestoredPerson[] = [];
    try {
      for await (const person of readExportPeople(dir, { faces: manifest.formatVersion >= FACES_FORMAT_VERSION })) {
        page.push(person);
        if (page.length >= pageSize) {
          await writePage(page);
          page = [];
        }
      }
      if (page.length > 0) await writePage(page);
      // Merged records whose target came later: each pass restores those whose target is now there.
      while (deferred.length > 0) {
        const waiting = deferred;
        deferred = [];
        await writePage(waiting);
        if (deferred.length === waiting.length) {
          throw new RestoreError('MERGE_TARGET_MISSING', `${waiting.length} fiche(s) fusionnée(s) dans une fiche absente de l'export / record(s) merged into a record missing from the export: ${waiting.slice(0, 10).map((p) => `${p.uin} → ${p.mergedIntoUin}`).join(', ')}`);
        }
      }
    } catch (error) {
      if (error instanceof DomainError) throw new RestoreError('BAD_RECORD', error.message);
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    await this.auditRun(actor, {
      manifestSha256,
      exportedAt: manifest.exportedAt,
      exportedBy: manifest.exportedBy,
      publicKeyFingerprint: verification.publicKeyFingerprint,
      keySource: verification.keySource,
      counts,
      skipped,
      resumed,
      seconds: Math.round(seconds * 10) / 10,
    });
    return { manifestSha256, exportedAt: manifest.exportedAt, publicKeyFingerprint: verification.publicKeyFingerprint, counts, skipped, resumed, seconds };
  }
}

/** Records merged into another record of the same batch come after it (a chain of merges in order). */
function mergeTargetsFirst(people: readonly RestoredPerson[]): RestoredPerson[] {
  const byUin = new Map(people.map((p) => [p.uin, p]));
  const out: RestoredPerson[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (p: RestoredPerson) => {
    if (placed.has(p.uin)) return;
    if (visiting.has(p.uin)) throw new RestoreError('BAD_RECORD', `${p.uin}: fusions en boucle / merges form a loop`);
    visiting.add(p.uin);
    const target = p.mergedIntoUin === null ? undefined : byUin.get(p.mergedIntoUin);
    if (target) place(target);
    visiting.delete(p.uin);
    placed.add(p.uin);
    out.push(p);
  };
  for (const p of people) place(p);
  return out;
}

/** A record checked and turned into its row (search keys and birth-date parts computed as the register does). */
function checkedPersonRow(p: RestoredPerson): RestorePersonRow {
  const fail = (message: string): never => {
    throw new RestoreError('BAD_RECORD', `${p.uin}: ${message}`);
  };
  if (!STATUSES.has(p.status)) fail(`statut inconnu / unknown status ${p.status}`);
  if ((p.status === 'merged') !== (p.mergedIntoUin !== null)) fail('une fiche fusionnée nomme la fiche qui la remplace, et elle seule / a merged record, and only it, names the record it was merged into');
  if (p.versions.length !== p.version || p.versions.some((v, i) => v.version !== i + 1)) fail(`l'historique doit compter les versions 1 à ${p.version} / the history must hold versions 1 to ${p.version}`);
  let birth;
  try {
    birth = parseBirthDate(p.birthDate, 'birthDate');
  } catch (error) {
    return fail((error as Error).message);
  }
  for (const t of [p.createdAt, p.updatedAt, ...p.versions.map((v) => v.changedAt), ...p.enrollments.map((e) => e.createdAt)]) {
    if (Number.isNaN(Date.parse(t))) fail(`horodatage illisible / unreadable timestamp ${t}`);
  }
  return {
    id: randomUUID(),
    uin: p.uin,
    nina: p.nina,
    version: p.version,
    status: p.status,
    merged_into: null,
    family_names: p.familyNames,
    given_names: p.givenNames,
    search_key: foldName(`${p.familyNames} ${p.givenNames}`),
    phonetic_tokens: phoneticTokens(p.familyNames, p.givenNames),
    sex: p.sex,
    birth_date: p.birthDate,
    birth_year: birth.year,
    birth_month: birth.month,
    birth_day: birth.day,
    birth_place_code: p.birthPlaceCode,
    father_name: p.fatherName,
    mother_name: p.motherName,
    nationality: p.nationality,
    residence_commune_code: p.residenceCommuneCode,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}
