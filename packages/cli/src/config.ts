import { DEFAULT_DATA_DIR, type RegistryConfig } from '@kura/registry';

/** Settings shared by commands: flags win over environment variables, which win over defaults. */
export interface CommonOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * Registry settings from the command line and the environment. One-shot commands load the
 * fingerprint gallery only if they search it (`on-demand`); `kura serve` loads it at start.
 */
export function registryConfig(options: CommonOptions, env: NodeJS.ProcessEnv = process.env, galleryLoad: RegistryConfig['galleryLoad'] = 'on-demand'): RegistryConfig {
  const url = options.databaseUrl ?? (env.KURA_DATABASE_URL || undefined);
  return url ? { url, galleryLoad } : { dataDir: options.dataDir ?? (env.KURA_DATA_DIR || DEFAULT_DATA_DIR), galleryLoad };
}

export function portOption(value: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const raw = value ?? env.KURA_PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port "${raw}": give a number from 0 to 65535`);
  return port;
}

/** An error meant for the person at the terminal: printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The actor recorded in history and audit for local command-line work. */
export function cliActor(purpose?: string) {
  const user = process.env.SUDO_USER || process.env.USER || 'unknown';
  return { operatorId: null, username: `cli:${user}`, purpose };
}
