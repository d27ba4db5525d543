import { readFileSync } from 'node:fs';
import { openRegistry } from '@kura/registry';
import { CliError, type CommonOptions, registryConfig } from '../config.js';

/** Applies pending migrations (they also run at every start) and reports the database. */
export async function migrateCommand(options: CommonOptions): Promise<void> {
  const registry = await openRegistry(registryConfig(options));
  try {
    const db = registry.database;
    console.log(`Schéma à jour / schema up to date: ${db.kind} ${db.location}`);
  } finally {
    await registry.close();
  }
}

/** Loads a deployment's administrative geography from CSV (code,name,level,parent_code). */
export async function placesLoadCommand(file: string, options: CommonOptions): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const registry = await openRegistry(registryConfig(options));
  try {
    const n = await registry.geography.loadCsv(text);
    console.log(`${n} lieux chargés / places loaded from ${file}`);
  } finally {
    await registry.close();
  }
}
