import {
  personInputSchema,
  personSchema,
  personSearchQuerySchema,
  personSearchResultSchema,
  personUpdateSchema,
  personVersionSchema,
  uinSchema,
  ninaSchema,
  DomainError,
  type Registry,
} from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { ACCESS } from './access.js';

const tags = ['Personnes / People'];
const security = [{ bearer: [] }];
const uinParams = z.strictObject({ uin: uinSchema });

export function personRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/persons', {
    config: { access: ACCESS.writePeople },
    schema: {
      tags,
      security,
      summary: 'Enregistrer une personne / Register a person (issues a UIN)',
      body: personInputSchema,
      response: { 201: personSchema, ...problemResponses, 409: problemSchema },
    },
    handler: async (request, reply) => reply.status(201).send(await registry.people.create(request.body, actorOf(request))),
  });

  r.get('/v1/persons', {
    config: { access: ACCESS.readPeople },
    schema: {
      tags,
      security,
      summary: 'Rechercher / Search people by name, identifier, date and place (ranked, paginated)',
      querystring: personSearchQuerySchema,
      response: { 200: personSearchResultSchema, ...problemResponses },
    },
    handler: async (request) => registry.people.search(request.query, actorOf(request)),
  });

  r.get('/v1/persons/:uin', {
    config: { access: ACCESS.readPeople },
    schema: {
      tags,
      security,
      summary: 'Consulter par UIN / Get a person by UIN',
      params: uinParams,
      response: { 200: personSchema, ...problemResponses, 404: problemSchema },
    },
    handler: async (request) => registry.people.getByUin(request.params.uin, actorOf(request)),
  });

  r.get('/v1/persons/by-nina/:nina', {
    config: { access: ACCESS.readPeople },
    schema: {
      tags,
      security,
      summary: 'Consulter par NINA / Get a person by legacy NINA',
      params: z.strictObject({ nina: ninaSchema }),
      response: { 200: personSchema, ...problemResponses, 404: problemSchema },
    },
    handler: async (request) => registry.people.getByNina(request.params.nina, actorOf(request)),
  });

  r.patch('/v1/persons/:uin', {
    config: { access: ACCESS.writePeople },
    schema: {
      tags,
      security,
      summary: 'Modifier avec motif / Change a person, with a reason (a new version is kept)',
      params: uinParams,
      body: personUpdateSchema,
      response: { 200: personSchema, ...problemResponses, 404: problemSchema, 409: problemSchema },
    },
    handler: async (request) => {
      const { changes, reason } = request.body;
      if (changes.status !== undefined && !request.operator?.roles.some((role) => (ACCESS.changeStatus as readonly string[]).includes(role))) {
        throw new DomainError('FORBIDDEN', 403, 'changing a status needs the supervisor role', 'changes.status');
      }
      return registry.people.update(request.params.uin, changes, reason, actorOf(request));
    },
  });

  r.get('/v1/persons/:uin/history', {
    config: { access: ACCESS.readHistory },
    schema: {
      tags,
      security,
      summary: 'Historique / Every version of a person, oldest first',
      params: uinParams,
      response: { 200: z.object({ uin: z.string(), versions: z.array(personVersionSchema) }), ...problemResponses, 404: problemSchema },
    },
    handler: async (request) => ({ uin: request.params.uin, versions: await registry.people.history(request.params.uin, actorOf(request)) }),
  });
}
