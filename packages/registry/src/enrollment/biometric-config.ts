import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../db/database.js';
import { ENROLLMENT_PARAMETERS } from './parameters.js';

export interface BiometricConfig {
  /** Folder of the image store (KURA_IMAGE_DIR). Default `<dataDir>/images`, or `./kura-data/images` with a PostgreSQL URL. */
  imageDir?: string | undefined;
  /** Folder of the gallery snapshot (KURA_GALLERY_DIR). Default `<dataDir>/gallery`, or `./kura-data/gallery` with a PostgreSQL URL. */
  galleryDir?: string | undefined;
  /** Target FPIR of the search made at each enrollment (KURA_DEDUP_FPIR, default 0.001). */
  dedupFpir?: number | undefined;
  /** Worker threads extracting fingerprints (default: one per core). */
  extractionWorkers?: number | undefined;
  /** Worker threads holding the gallery's shards (default: one per core). */
  galleryWorkers?: number | undefined;
  /**
   * When the gallery loads: 'background' from open (the default for a durable database: the server
   * answers its first identification sooner), or 'on-demand' at the first biometric call (one-shot
   * commands that never touch fingerprints, and in-memory databases).
   */
  galleryLoad?: 'background' | 'on-demand' | undefined;
}

export interface ResolvedBiometricConfig {
  /** undefined: images kept in memory (throw-away memory:// database). */
  imageDir: string | undefined;
  /** undefined: no snapshot (the gallery is rebuilt from the rows at each start). */
  snapshotPath: string | undefined;
  dedupFpir: number;
  extractionWorkers: number | undefined;
  galleryWorkers: number | undefined;
}

/** Where images and the gallery snapshot live: flags/config first, then the environment, then beside the database. */
export function resolveBiometricConfig(
  config: BiometricConfig & { url?: string | undefined; dataDir?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): ResolvedBiometricConfig {
  const inMemory = !config.url && (config.dataDir ?? DEFAULT_DATA_DIR).startsWith('memory://');
  const base = config.url ? DEFAULT_DATA_DIR : (config.dataDir ?? DEFAULT_DATA_DIR);
  const imageDir = config.imageDir ?? (env.KURA_IMAGE_DIR || undefined) ?? (inMemory ? undefined : resolve(base, 'images'));
  const galleryDir = config.galleryDir ?? (env.KURA_GALLERY_DIR || undefined) ?? (inMemory ? undefined : resolve(base, 'gallery'));
  const fpirText = env.KURA_DEDUP_FPIR;
  const dedupFpir = config.dedupFpir ?? (fpirText ? Number(fpirText) : ENROLLMENT_PARAMETERS.dedupFpir);
  if (!(dedupFpir > 0 && dedupFpir < 1)) throw new RangeError(`KURA_DEDUP_FPIR must be a rate between 0 and 1, got ${fpirText ?? dedupFpir}`);
  return {
    imageDir: imageDir && resolve(imageDir),
    snapshotPath: galleryDir && resolve(galleryDir, 'snapshot.kgs'),
    dedupFpir,
    extractionWorkers: config.extractionWorkers,
    galleryWorkers: config.galleryWorkers,
  };
}
