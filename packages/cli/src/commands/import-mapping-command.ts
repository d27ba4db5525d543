import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CliError } from '../config.js';
import { DEFAULT_MAPPING_FILE } from './import-default-mapping.js';
import { loadMapping } from './import-mapping-file.js';

/**
 * `kura import mapping --default [--json]`: prints the built-in mapping to start from (the YAML
 * file with its comments, or JSON). `kura import mapping FILE [--json]`: checks a mapping file
 * (JSON or YAML) and prints it as Kura reads it, defaults filled in.
 */

export interface ImportMappingCommandOptions {
  default?: boolean;
  json?: boolean;
}

export function importMappingCommand(file: string | undefined, options: ImportMappingCommandOptions): string {
  if ((file === undefined) === (options.default !== true)) {
    throw new CliError('give a mapping file or --default / donner un fichier de correspondance ou --default');
  }
  const path = file ?? DEFAULT_MAPPING_FILE;
  const mapping = loadMapping(path);
  let text: string;
  if (options.json) text = `${JSON.stringify(mapping, null, 2)}\n`;
  else if (options.default) text = readFileSync(path, 'utf8');
  else text = stringify(mapping);
  process.stdout.write(text);
  return text;
}
