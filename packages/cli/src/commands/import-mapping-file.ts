import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ZodError } from 'zod';
import { CliError } from '../config.js';
import { type ImportMapping, importMappingSchema } from './import-mapping.js';

/**
 * Reads a mapping file: JSON, or YAML when it ends in .yaml / .yml (the same schema either way).
 * A syntax error names the file, and for YAML its line and column; a schema error lists every
 * faulty key by its path (fields.sex.values…). Nothing is imported with a mapping that fails.
 */

export type MappingSyntax = 'json' | 'yaml';

export const mappingSyntaxOf = (path: string): MappingSyntax => (['.yaml', '.yml'].includes(extname(path).toLowerCase()) ? 'yaml' : 'json');

/** The document as plain data, or a CliError saying where the syntax breaks. */
function parseText(text: string, syntax: MappingSyntax, path: string): unknown {
  if (syntax === 'json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new CliError(`${path}: not JSON (${(error as Error).message})`);
    }
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    throw new CliError(`${path}:${line}:${col}: not YAML / YAML invalide (line ${line}, column ${col}: ${error.message})`);
  }
  return document.toJS();
}

/** Checks a mapping's text against the schema; `path` only names it in errors. */
export function parseMapping(text: string, syntax: MappingSyntax, path: string): ImportMapping {
  const data = parseText(text, syntax, path);
  try {
    return importMappingSchema.parse(data);
  } catch (error) {
    if (error instanceof ZodError) {
      throw new CliError(`${path}: invalid mapping / correspondance invalide:\n${error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
    }
    throw error;
  }
}

export function loadMapping(path: string): ImportMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path}: cannot read the mapping file / fichier de correspondance illisible`);
  }
  return parseMapping(text, mappingSyntaxOf(path), path);
}
