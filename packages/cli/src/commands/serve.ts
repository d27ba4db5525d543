import { openRegistry, type Registry } from '@kura/registry';
import { buildApp } from '@kura/server';
import type { FastifyInstance } from 'fastify';
import { type CommonOptions, portOption, registryConfig } from '../config.js';

export interface ServeOptions extends CommonOptions {
  port?: string;
  host?: string;
  /** Called once the registry is open, before the server listens (the demo loads its population here). */
  beforeListen?: (registry: Registry) => Promise<void>;
  quiet?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  registry: Registry;
  url: string;
  readySeconds: number;
  close(): Promise<void>;
}

/** Opens the registry, starts the API and waits until /readyz answers OK. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const port = portOption(options.port);
  const host = options.host ?? process.env.KURA_HOST ?? '127.0.0.1';
  const registry = await openRegistry(registryConfig(options, process.env, 'background'));
  try {
    await options.beforeListen?.(registry);
    const app = await buildApp({
      registry,
      logger: options.quiet ? false : { level: process.env.KURA_LOG_LEVEL ?? 'info' },
    });
    const address = await app.listen({ port, host });
    const url = address.replace('[::1]', 'localhost');
    const ready = await fetch(`${url}/readyz`);
    if (!ready.ok) throw new Error(`/readyz answered ${ready.status}`);
    // performance.now() counts from process start: this is the time a person waits after typing the command.
    const readySeconds = performance.now() / 1000;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await registry.close();
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close().then(() => process.exit(0)));
    return { app, registry, url, readySeconds, close };
  } catch (error) {
    await registry.close();
    throw error;
  }
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const server = await startServer(options);
  const db = server.registry.database;
  console.log(`Kura écoute sur / listening on ${server.url}  (base / database: ${db.kind} ${db.location})`);
  console.log(`Prêt en / ready in ${server.readySeconds.toFixed(2)} s — API docs: ${server.url}/docs`);
}
