import { randomBytes } from 'node:crypto';
import { isRole, MIN_PASSWORD_LENGTH, openRegistry, type Role } from '@kura/registry';
import { cliActor, CliError, type CommonOptions, registryConfig } from '../config.js';

export interface AdminCreateOptions extends CommonOptions {
  username: string;
  name?: string;
  role?: string[];
}

/**
 * Creates an operator account (the first admin, typically). The password comes from
 * KURA_ADMIN_PASSWORD when set, else a strong one is generated and printed once.
 */
export async function adminCreateCommand(options: AdminCreateOptions): Promise<void> {
  const roles = options.role && options.role.length > 0 ? options.role : ['admin'];
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0) throw new CliError(`unknown role(s): ${bad.join(', ')} (roles: admin, registrar, supervisor, auditor)`);
  const given = process.env.KURA_ADMIN_PASSWORD;
  if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) throw new CliError(`KURA_ADMIN_PASSWORD needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const password = given ?? randomBytes(15).toString('base64url');
  const registry = await openRegistry(registryConfig(options));
  try {
    const operator = await registry.operators.create(
      { username: options.username, displayName: options.name ?? options.username, roles: roles as Role[], password },
      cliActor('admin create'),
    );
    console.log(`Opérateur créé / operator created: ${operator.username} (${operator.roles.join(', ')})`);
    if (given === undefined) console.log(`Mot de passe / password (shown once): ${password}`);
  } finally {
    await registry.close();
  }
}
