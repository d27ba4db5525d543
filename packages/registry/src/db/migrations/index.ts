import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as biometrics from './0002-biometrics.js';
import * as importLedger from './0003-import.js';
import * as faces from './0004-faces.js';
import * as galleryChangeIndex from './0005-gallery-change-index.js';

/** Every migration, in order. Names are stable: they are recorded in the database. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-biometrics': biometrics,
  '0003-import': importLedger,
  '0004-faces': faces,
  '0005-gallery-change-index': galleryChangeIndex,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
