import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in <root>/test-support). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared, read-only test data: `../shared/data` relative to the repository. */
export const sharedDataDir = resolve(repoRoot, '..', 'shared', 'data');

/** Absolute path of a file or folder under shared/data, or undefined when it is absent. */
export function sharedData(...parts: string[]): string | undefined {
  const p = resolve(sharedDataDir, ...parts);
  return existsSync(p) ? p : undefined;
}

export const sharedDataMissingMessage = `shared test data not found at ${sharedDataDir}; clone the shared/ folder beside the repository to run these tests`;
