import { randomBytes } from 'node:crypto';
import { generatePopulation, type Registry } from '@kura/registry';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliActor, CliError, type CommonOptions } from '../config.js';
import { loadPopulation } from './synth-into.js';
import { startServer } from './serve.js';

export interface DemoOptions extends CommonOptions {
  port?: string;
  host?: string;
  people?: string;
  seed?: string;
  biometricPeople?: string;
}

/** Synthetic people the demo enrolls with fingerprints (another seed than the demographic-only ones), and how many twice. */
const DEMO_BIOMETRIC_SEED_OFFSET = 1000;
const DEMO_PLANTED_DUPLICATES = 3;

const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: 'Administrateur démo', roles: ['admin'] as const },
  { username: 'agent', displayName: 'Agent d’état civil démo', roles: ['registrar'] as const },
  { username: 'superviseur', displayName: 'Superviseur démo', roles: ['supervisor'] as const },
  { username: 'auditeur', displayName: 'Auditeur démo', roles: ['auditor'] as const },
];

/** Demo accounts get a fresh random password at every demo start, printed once. */
async function prepareAccounts(registry: Registry): Promise<Array<{ username: string; password: string; roles: readonly string[] }>> {
  const existing = new Set((await registry.operators.list()).map((o) => o.username));
  const actor = cliActor('demo');
  const accounts = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = randomBytes(12).toString('base64url');
    if (existing.has(account.username)) await registry.operators.resetPassword(account.username, password, actor);
    else await registry.operators.create({ ...account, roles: [...account.roles], password }, actor);
    accounts.push({ username: account.username, password, roles: account.roles });
  }
  return accounts;
}

export async function demoCommand(options: DemoOptions): Promise<void> {
  const count = Number(options.people ?? '2000');
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new CliError(`--people must be a whole number from 0 to 1000000 (got "${options.people}")`);
  const seed = Number(options.seed ?? '1');
  const biometricPeople = Number(options.biometricPeople ?? '100');
  if (!Number.isInteger(biometricPeople) || biometricPeople < 0 || biometricPeople > 100_000) {
    throw new CliError(`--biometric-people must be a whole number from 0 to 100000 (got "${options.biometricPeople}")`);
  }
  const dataDir = options.dataDir ?? process.env.KURA_DATA_DIR ?? './kura-data/demo';
  let loaded = 0;
  let accounts: Awaited<ReturnType<typeof prepareAccounts>> = [];
  const server = await startServer({
    ...options,
    dataDir,
    quiet: true,
    beforeListen: async (registry) => {
      accounts = await prepareAccounts(registry);
      if ((await registry.people.count()) === 0 && count > 0) {
        const people = generatePopulation(count, seed);
        for (let i = 0; i < people.length; i += 1000) {
          await registry.people.createMany(people.slice(i, i + 1000), cliActor('demo'), 'Population de démonstration / demo population');
        }
        loaded = count;
      }
    },
  });
  const db = server.registry.database;
  console.log('');
  console.log('Kura — démonstration / demo');
  console.log(`  API:            ${server.url}   (docs: ${server.url}/docs, OpenAPI: ${server.url}/openapi.json)`);
  console.log(`  Base / database: ${db.kind} ${db.location}`);
  console.log(`  Population:     ${loaded > 0 ? `${loaded} personnes générées / people generated` : 'déjà chargée / already loaded'}`);
  console.log(`  Prêt en / ready in ${server.readySeconds.toFixed(2)} s (start → /readyz OK)`);
  console.log('  Comptes / accounts (new passwords at each demo start):');
  for (const a of accounts) console.log(`    ${a.username.padEnd(12)} ${a.password}   (${a.roles.join(', ')})`);
  console.log('');
  console.log(`  Essayer / try:  curl -s -X POST ${server.url}/v1/auth/login -H 'content-type: application/json' \\`);
  console.log(`                    -d '{"username":"agent","password":"${accounts[1]?.password ?? ''}"}'`);
  console.log('  Ctrl-C pour arrêter / to stop.');
  if (biometricPeople > 0) void enrollDemoBiometrics(server.registry, biometricPeople, seed, options.databaseUrl ? './kura-data' : dataDir);
}

/**
 * Enrolls synthetic people with ten fingerprints each, after the API is up (start stays fast):
 * every one is searched 1:N like a real enrollment; a few are enrolled twice under another
 * spelling, so the supervisor finds open dedup cases. A checkpoint makes it happen once.
 */
async function enrollDemoBiometrics(registry: Registry, people: number, seed: number, folder: string): Promise<void> {
  const duplicates = Math.min(DEMO_PLANTED_DUPLICATES, people);
  mkdirSync(folder, { recursive: true });
  const checkpoint = join(folder, `demo-biometrics-${seed}.checkpoint.json`);
  try {
    const report = await loadPopulation(registry, { people, seed: seed + DEMO_BIOMETRIC_SEED_OFFSET, threads: 2, duplicates, checkpoint });
    if (report.enrolled + report.pendingAdjudication > 0) {
      console.log(
        `  Empreintes / fingerprints: ${report.enrolled} personnes enrôlées / people enrolled, ` +
          `${report.pendingAdjudication} cas de doublon ouverts / open dedup cases (${report.seconds.toFixed(1)} s)`,
      );
    }
  } catch (error) {
    console.error(`  Empreintes / fingerprints: chargement interrompu / loading stopped: ${(error as Error).message}`);
  }
}
