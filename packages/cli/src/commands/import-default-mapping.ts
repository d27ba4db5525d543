import { fileURLToPath } from 'node:url';
import type { ImportMapping } from './import-mapping.js';
import { loadMapping } from './import-mapping-file.js';

/**
 * The built-in mapping of `kura import run` when no --mapping is given: standard ANSI/NIST-ITL
 * transactions with an FBI EBTS-style Type-2 (1.009 TCN as key; 2.018 NAM, 2.020 POB, 2.022 DOB,
 * 2.024 SEX; fingers from Type-4 and Type-14). It is a commented YAML file shipped with the CLI,
 * so the file an operator starts from (`kura import mapping --default`) is the one Kura uses.
 */

/** packages/cli/mappings/ansi-nist-ebts.yaml, from src/commands as from dist/commands. */
export const DEFAULT_MAPPING_FILE = fileURLToPath(new URL('../../mappings/ansi-nist-ebts.yaml', import.meta.url));

/** How the run names the default in what it prints. */
export const DEFAULT_MAPPING_NAME = 'ANSI/NIST-ITL (EBTS)';

export function defaultMapping(): ImportMapping {
  return loadMapping(DEFAULT_MAPPING_FILE);
}
