import { loginSchema, operatorSchema, sessionSchema, type Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { z } from 'zod';
import { ACCESS } from './access.js';

const tags = ['Authentification / Authentication'];

export function authRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/auth/login', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Se connecter / Log in (returns a short-lived bearer token)',
      body: loginSchema,
      response: { 200: sessionSchema, 400: problemSchema, 401: problemSchema, 423: problemSchema },
    },
    handler: async (request) => registry.operators.login(request.body.username, request.body.password, request.id),
  });

  r.post('/v1/auth/logout', {
    config: { access: ACCESS.anyOperator },
    schema: { tags, security: [{ bearer: [] }], summary: 'Se déconnecter / Log out (revokes the token)', response: { 204: z.null(), ...problemResponses } },
    handler: async (request, reply) => {
      await registry.operators.logout(request.bearerToken!, actorOf(request));
      return reply.status(204).send(null);
    },
  });

  r.get('/v1/auth/me', {
    config: { access: ACCESS.anyOperator },
    schema: { tags, security: [{ bearer: [] }], summary: 'Opérateur connecté / The logged-in operator', response: { 200: operatorSchema, ...problemResponses } },
    handler: async (request) => request.operator!,
  });
}
