import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { openDatabase, type DatabaseConfig, type KuraDatabase } from './db/database.js';
import { GeographyService } from './geography/geography.service.js';
import { PlaceRepository } from './geography/place.repository.js';
import { ninaCheckModeFromEnv, type NinaCheckMode } from './identifiers/nina.js';
import { OperatorRepository } from './operators/operator.repository.js';
import { FingerprintPool } from '@kura/biometrics';
import { resolveBiometricConfig, type BiometricConfig } from './enrollment/biometric-config.js';
import { BiometricService } from './enrollment/biometric.service.js';
import { EnrollmentRepository } from './enrollment/enrollment.repository.js';
import { galleryCodec } from './enrollment/gallery-adapter.js';
import { GallerySync } from './enrollment/gallery-sync.js';
import { FileImageStore } from './images/file-image-store.js';
import { MemoryImageStore, type ImageStore } from './images/image-store.js';
import { FaceImageRepository } from './images/face-image.repository.js';
import { DEFAULT_SECURITY, OperatorService, type SecuritySettings } from './operators/operator.service.js';
import { PersonRepository } from './people/person.repository.js';
import { PersonService } from './people/person.service.js';
import { ExportRepository } from './export/export.repository.js';
import { ExportService } from './export/export.service.js';
import { ImportLedgerRepository } from './migration/import-ledger.repository.js';
import { ImportService } from './migration/import.service.js';
import { RestoreRepository } from './restore/restore.repository.js';
import { RestoreService } from './restore/restore.service.js';

export interface RegistryConfig extends DatabaseConfig, BiometricConfig {
  security?: Partial<SecuritySettings>;
  ninaCheck?: NinaCheckMode;
}

/** The domain services over one database: what the server and the CLI use. */
export interface Registry {
  readonly database: KuraDatabase;
  readonly people: PersonService;
  readonly operators: OperatorService;
  readonly audit: AuditService;
  readonly geography: GeographyService;
  readonly biometrics: BiometricService;
  /** The in-memory 1:N gallery, loading in the background from `open` on; biometric calls wait for it. */
  readonly gallery: GallerySync;
  /** The whole register to open standards (ANSI/NIST-ITL, CSV), signed. */
  readonly exports: ExportService;
  /** Migration of a legacy dump, record by record, through the import ledger (its checkpoint). */
  readonly imports: ImportService;
  /** A Kura export back into an empty register, exactly as exported; also the bulk path for complete person records. */
  readonly restores: RestoreService;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, seeds reference data on first start, and wires the services. */
export async function openRegistry(config: RegistryConfig = {}): Promise<Registry> {
  const database = await openDatabase(config);
  const { db } = database;
  const auditRepository = new AuditRepository(db);
  const placeRepository = new PlaceRepository(db);
  const geography = new GeographyService(placeRepository);
  try {
    await geography.ensureSeeded();
  } catch (error) {
    await database.close();
    throw error;
  }
  let biometricConfig;
  try {
    biometricConfig = resolveBiometricConfig(config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const personRepository = new PersonRepository(db);
  const people = new PersonService(db, personRepository, placeRepository, auditRepository, config.ninaCheck ?? ninaCheckModeFromEnv());
  const enrollmentRepository = new EnrollmentRepository(db);
  const images: ImageStore = biometricConfig.imageDir ? new FileImageStore(biometricConfig.imageDir) : new MemoryImageStore();
  // Loads in the background: the registry answers non-biometric calls at once.
  const gallery = new GallerySync(
    enrollmentRepository,
    galleryCodec(biometricConfig.galleryWorkers),
    biometricConfig.snapshotPath,
    config.galleryLoad ?? (biometricConfig.snapshotPath ? 'background' : 'on-demand'),
  );
  // Extraction workers start with the first biometric call, not with every registry.
  let pool: FingerprintPool | undefined;
  const extractionPool = () => (pool ??= new FingerprintPool(biometricConfig.extractionWorkers));
  const biometrics = new BiometricService(db, enrollmentRepository, personRepository, people, auditRepository, images, gallery, extractionPool, {
    dedupFpir: biometricConfig.dedupFpir,
  });
  return {
    database,
    geography,
    people,
    operators: new OperatorService(db, new OperatorRepository(db), auditRepository, { ...DEFAULT_SECURITY, ...config.security }),
    audit: new AuditService(auditRepository),
    biometrics,
    imports: new ImportService(db, new ImportLedgerRepository(db), biometrics, people, images, new FaceImageRepository()),
    gallery,
    exports: new ExportService(db, new ExportRepository(), auditRepository, images),
    restores: new RestoreService(db, new RestoreRepository(db), auditRepository, images, extractionPool),
    close: async () => {
      await gallery.close();
      await pool?.close();
      await database.close();
    },
  };
}
