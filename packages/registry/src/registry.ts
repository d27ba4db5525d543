import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { openDatabase, type DatabaseConfig, type KuraDatabase } from './db/database.js';
import { GeographyService } from './geography/geography.service.js';
import { PlaceRepository } from './geography/place.repository.js';
import { ninaCheckModeFromEnv, type NinaCheckMode } from './identifiers/nina.js';
import { OperatorRepository } from './operators/operator.repository.js';
import { DEFAULT_SECURITY, OperatorService, type SecuritySettings } from './operators/operator.service.js';
import { PersonRepository } from './people/person.repository.js';
import { PersonService } from './people/person.service.js';

export interface RegistryConfig extends DatabaseConfig {
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
  return {
    database,
    geography,
    people: new PersonService(db, new PersonRepository(db), placeRepository, auditRepository, config.ninaCheck ?? ninaCheckModeFromEnv()),
    operators: new OperatorService(db, new OperatorRepository(db), auditRepository, { ...DEFAULT_SECURITY, ...config.security }),
    audit: new AuditService(auditRepository),
    close: () => database.close(),
  };
}
