import { readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Database } from '../db/schema.js';
import type { ImageStore } from '../images/image-store.js';
import { CSV_COLUMNS, EXPORT_FILES, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, EXPORT_PARAMETERS as P, TYPE1, templatePath, transactionPath } from './export-layout.js';
import { templateFileBytes } from './finger-template-file.js';
import { ExportError } from './export-error.js';
import { byPath, manifestBytes, signManifest, type ExportCounts, type ExportManifest, type ManifestFile } from './export-manifest.js';
import type { ExportRepository } from './export.repository.js';
import { groupPage, type ExportedPerson } from './exported-person.js';
import { csvRecord } from './csv.js';
import { personRows } from './export-rows.js';
import { HashedTextFile, writeHashedFile } from './hashed-file.js';
import { personTransaction } from './person-transaction.js';
import type { SigningKey } from './signing-key.js';
import { pathExists, syncFolder } from '../files/durable-files.js';

export interface ExportOptions {
  /** The folder to create; it must not exist. Work happens in `<out>.partial`, renamed at the end. */
  out: string;
  key: SigningKey;
  /** ANSI/NIST-ITL originating agency (Type-1 ORI/DAI, Type-14 SRC); default KURA. */
  agency?: string;
  /** Called after every page: people written so far, people in the register. */
  onProgress?: (done: number, total: number) => void;
  /** The clock (tests freeze it). */
  now?: () => Date;
}

export interface ExportResult {
  out: string;
  counts: ExportCounts;
  exportedAt: string;
  publicKeyFingerprint: string;
  /** SHA-256 of manifest.json: what the audit log records. */
  manifestSha256: string;
  files: number;
  bytes: number;
}

type CsvName = keyof typeof CSV_COLUMNS;
const CSV_NAMES = Object.keys(CSV_COLUMNS) as CsvName[];

const KURA_VERSION = (() => {
  try {
    // src/export and dist/export are both two levels below the package root.
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/**
 * The whole register to open standards: one ANSI/NIST-ITL transaction per person, CSV tables, a
 * manifest of every file's SHA-256 signed with the deployment's Ed25519 key. Reads one consistent
 * snapshot (a repeatable-read transaction), page by page; writes into `<out>.partial` and renames it
 * only once complete, signed and audited — a crashed export never looks like a finished one.
 */
export class ExportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repository: ExportRepository,
    private readonly audit: AuditRepository,
    private readonly images: ImageStore,
  ) {}

  async run(options: ExportOptions, actor: Actor): Promise<ExportResult> {
    const out = resolve(options.out);
    const partial = `${out}.partial`;
    if (await pathExists(out)) throw new ExportError('OUT_EXISTS', `${out} already exists: choose a new folder (an export never overwrites another)`);
    try {
      // A .partial left by a crashed export is not resumable: start again from nothing.
      await rm(partial, { recursive: true, force: true });
      await mkdir(join(partial, EXPORT_FILES.personsFolder), { recursive: true });
      await mkdir(join(partial, EXPORT_FILES.templatesFolder), { recursive: true });
    } catch (error) {
      throw new ExportError('OUT_UNWRITABLE', `cannot create ${partial}: ${(error as Error).message}`);
    }
    const exportedAt = (options.now?.() ?? new Date()).toISOString();
    const agency = options.agency ?? TYPE1.defaultAgency;
    const csv = {} as Record<CsvName, HashedTextFile>;
    try {
      for (const name of CSV_NAMES) {
        csv[name] = await HashedTextFile.create(join(partial, EXPORT_FILES[name]), EXPORT_FILES[name]);
        await csv[name].write(csvRecord(CSV_COLUMNS[name]));
      }
      const files: ManifestFile[] = [];
      const counts = await this.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const totals = await this.repository.totals(trx);
          const counts: ExportCounts = {
            people: 0, identifiers: 0, versions: 0, enrollments: 0, fingers: 0, missingFingers: 0, images: 0, templates: 0, transactions: 0, faces: 0,
            pendingEnrollmentsNotExported: totals.pendingEnrollments,
          };
          options.onProgress?.(0, totals.people);
          let after = '';
          for (;;) {
            const people = await this.repository.peopleAfter(trx, after, P.pageSize);
            if (people.length === 0) break;
            const ids = people.map((p) => p.id);
            const enrollments = await this.repository.enrollmentsOf(trx, ids);
            const enrollmentIds = enrollments.map((e) => e.id);
            const page = groupPage(
              people,
              await this.repository.versionsOf(trx, ids),
              enrollments,
              await this.repository.fingersOf(trx, enrollmentIds),
              await this.repository.facesOf(trx, ids, enrollmentIds),
            );
            await this.writePage(page, partial, agency, csv, files, counts);
            after = people.at(-1)!.uin;
            options.onProgress?.(counts.people, Math.max(totals.people, counts.people));
            if (people.length < P.pageSize) break;
          }
          return counts;
        });
      for (const name of CSV_NAMES) files.push(await csv[name].close());
      files.push(await writeHashedFile(join(partial, EXPORT_FILES.publicKey), EXPORT_FILES.publicKey, Buffer.from(options.key.publicKeyPem, 'utf8'), true));
      files.sort(byPath);

      const manifest: ExportManifest = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        kuraVersion: KURA_VERSION,
        exportedAt,
        exportedBy: actor.username,
        signature: { algorithm: 'Ed25519', publicKeyFingerprint: options.key.fingerprint, file: EXPORT_FILES.publicKey },
        counts,
        files,
      };
      const bytes = manifestBytes(manifest);
      const manifestEntry = await writeHashedFile(join(partial, EXPORT_FILES.manifest), EXPORT_FILES.manifest, bytes, true);
      await writeHashedFile(join(partial, EXPORT_FILES.signature), EXPORT_FILES.signature, Buffer.from(signManifest(bytes, options.key.privateKey), 'utf8'), true);
      await syncFolder(partial);

      const result: ExportResult = {
        out,
        counts,
        exportedAt,
        publicKeyFingerprint: options.key.fingerprint,
        manifestSha256: manifestEntry.sha256,
        files: files.length + 2,
        bytes: files.reduce((sum, f) => sum + f.size, 0) + manifestEntry.size,
      };
      // Audited before it becomes visible: no complete export exists without its audit entry.
      await this.db.transaction().execute((trx) =>
        this.audit.append(trx, actor, [
          { action: 'register.export', details: { folder: basename(out), exportedAt, counts, manifestSha256: result.manifestSha256, publicKeyFingerprint: result.publicKeyFingerprint } },
        ]),
      );
      if (await pathExists(out)) throw new ExportError('OUT_EXISTS', `${out} appeared while exporting: the export stays in ${partial}`);
      await rename(partial, out);
      await syncFolder(dirname(out));
      return result;
    } catch (error) {
      for (const file of Object.values(csv)) await file.abandon();
      throw error;
    }
  }

  private async writePage(
    page: ExportedPerson[],
    partial: string,
    agency: string,
    csv: Record<CsvName, HashedTextFile>,
    files: ManifestFile[],
    counts: ExportCounts,
  ): Promise<void> {
    // Transactions are independent: build and write several at once (the image store and the disk overlap).
    const written = new Array<ManifestFile>(page.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < page.length; i = next++) {
        const p = page[i]!;
        const images = await this.imagesOf(p);
        const path = transactionPath(p.person.uin);
        written[i] = await writeHashedFile(join(partial, path), path, personTransaction(p, images, agency));
      }
    };
    await Promise.all(Array.from({ length: Math.min(P.writeConcurrency, page.length) }, worker));
    files.push(...written);
    // Fingers received only as a template: no image to carry them, so one open record file each.
    for (const p of page) {
      for (const e of p.enrollments) {
        for (const f of e.fingers) {
          if (f.image_sha256 || !f.template) continue;
          const path = templatePath(p.person.uin, e.ordinal, f.position);
          files.push(await writeHashedFile(join(partial, path), path, templateFileBytes(f.template, f.source_format, f.position)));
          counts.templates++;
        }
      }
    }
    // CSV rows in UIN order, whatever order the transactions finished in.
    for (const p of page) {
      const rows = personRows(p);
      await csv.people.write(csvRecord(rows.people));
      for (const r of rows.identifiers) await csv.identifiers.write(csvRecord(r));
      for (const r of rows.history) await csv.history.write(csvRecord(r));
      for (const r of rows.enrollments) await csv.enrollments.write(csvRecord(r));
      for (const r of rows.fingers) await csv.fingers.write(csvRecord(r));
      for (const r of rows.faces) await csv.faces.write(csvRecord(r));
      counts.people++;
      counts.transactions++;
      counts.identifiers += rows.identifiers.length;
      counts.versions += rows.history.length;
      counts.enrollments += rows.enrollments.length;
      counts.faces += rows.faces.length;
      for (const e of p.enrollments) {
        counts.fingers += e.fingers.length;
        counts.missingFingers += e.row.missing_fingers.length;
        counts.images += e.fingers.filter((f) => f.image_sha256).length;
      }
    }
  }

  private async imagesOf(p: ExportedPerson): Promise<Map<string, Uint8Array>> {
    const images = new Map<string, Uint8Array>();
    for (const e of p.enrollments) {
      for (const f of e.fingers) {
        if (!f.image_sha256 || images.has(f.image_sha256)) continue;
        const bytes = await this.images.get(f.image_sha256);
        if (!bytes) throw new ExportError('IMAGE_MISSING', `image ${f.image_sha256} (UIN ${p.person.uin}, finger ${f.position}) is missing from the image store`);
        images.set(f.image_sha256, bytes);
      }
    }
    for (const { row: face } of p.faces) {
      if (images.has(face.sha256)) continue;
      const bytes = await this.images.get(face.sha256);
      if (!bytes) throw new ExportError('IMAGE_MISSING', `face image ${face.sha256} (UIN ${p.person.uin}) is missing from the image store`);
      images.set(face.sha256, bytes);
    }
    return images;
  }
}
