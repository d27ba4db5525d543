import { randomBytes } from 'node:crypto';
import { generatePopulation, type Registry } from '@kura/registry';
import { cliActor, CliError, type CommonOptions } from '../config.js';
import { startServer } from './serve.js';

export interface DemoOptions extends CommonOptions {
  port?: string;
  host?: string;
  people?: string;
  seed?: string;
}

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
  let loaded = 0;
  let accounts: Awaited<ReturnType<typeof prepareAccounts>> = [];
  const server = await startServer({
    ...options,
    dataDir: options.dataDir ?? process.env.KURA_DATA_DIR ?? './kura-data/demo',
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
}
