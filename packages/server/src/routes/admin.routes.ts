import { auditPageSchema, auditQuerySchema, operatorInputSchema, operatorSchema, type Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { ACCESS } from './access.js';

const security = [{ bearer: [] }];

export function adminRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/audit', {
    config: { access: ACCESS.readAudit },
    schema: {
      tags: ['Audit'],
      security,
      summary: "Journal d'audit / Audit log, newest first, with filters",
      querystring: auditQuerySchema,
      response: { 200: auditPageSchema, ...problemResponses },
    },
    handler: async (request) => registry.audit.list(request.query),
  });

  r.get('/v1/operators', {
    config: { access: ACCESS.manageOperators },
    schema: { tags: ['Opérateurs / Operators'], security, summary: 'Lister les opérateurs / List operators', response: { 200: z.array(operatorSchema), ...problemResponses } },
    handler: async () => registry.operators.list(),
  });

  r.post('/v1/operators', {
    config: { access: ACCESS.manageOperators },
    schema: {
      tags: ['Opérateurs / Operators'],
      security,
      summary: 'Créer un opérateur / Create an operator account',
      body: operatorInputSchema,
      response: { 201: operatorSchema, ...problemResponses, 409: problemSchema },
    },
    handler: async (request, reply) => reply.status(201).send(await registry.operators.create(request.body, actorOf(request))),
  });

  r.get('/v1/places', {
    config: { access: ACCESS.anyOperator },
    schema: {
      tags: ['Géographie / Geography'],
      security,
      summary: 'Régions, cercles et communes / Administrative places',
      querystring: z.strictObject({ level: z.enum(['region', 'cercle', 'commune']).optional(), parent: z.string().max(16).optional() }),
      response: {
        200: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable() })),
        ...problemResponses,
      },
    },
    handler: async (request) =>
      (await registry.geography.list({ level: request.query.level, parentCode: request.query.parent })).map((p) => ({
        code: p.code,
        name: p.name,
        level: p.level,
        parentCode: p.parent_code,
      })),
  });
}
