import { isDatabaseReady, type Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export function healthRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/healthz', {
    config: { access: 'public' },
    schema: { tags: ['Santé / Health'], summary: 'Le processus répond / The process is alive', response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  r.get('/readyz', {
    config: { access: 'public' },
    schema: {
      tags: ['Santé / Health'],
      summary: 'Prêt à servir / Ready: the database answers',
      response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), database: z.string() }) },
    },
    handler: async (_request, reply) =>
      (await isDatabaseReady(registry.database.db))
        ? { status: 'ready' as const, database: registry.database.kind }
        : reply.status(503).send({ status: 'unavailable' as const, database: registry.database.kind }),
  });
}
