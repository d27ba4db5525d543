import { identifyInputSchema, identifyResultSchema, verifyInputSchema, verifyResultSchema, type Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { ACCESS } from './access.js';
import { BIOMETRIC_BODY_LIMIT } from './biometric-limits.js';
import { fingersProblemSchema } from './finger-problem.js';

const tags = ['Identification biométrique / Biometric identification'];
const security = [{ bearer: [] }];

export function biometricRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/biometrics/identify', {
    bodyLimit: BIOMETRIC_BODY_LIMIT,
    config: { access: ACCESS.identify },
    schema: {
      tags,
      security,
      summary: 'Identifier (1:N) / Identify: search the whole gallery with 1 to 10 fingers, ranked candidates',
      description: 'The threshold is set by the target false-positive identification rate `fpir`; only candidates above it are returned, best first, at most `maxResults`.',
      body: identifyInputSchema,
      response: { 200: identifyResultSchema, ...problemResponses, 413: problemSchema, 422: fingersProblemSchema },
    },
    handler: async (request) => registry.biometrics.identify(request.body, actorOf(request)),
  });

  r.post('/v1/biometrics/verify', {
    bodyLimit: BIOMETRIC_BODY_LIMIT,
    config: { access: ACCESS.identify },
    schema: {
      tags,
      security,
      summary: "Vérifier (1:1) / Verify: do these fingers belong to this UIN's holder? Match or no match, with the score",
      description: 'The decision threshold is set by the target false match rate `fmr`.',
      body: verifyInputSchema,
      response: { 200: verifyResultSchema, ...problemResponses, 404: problemSchema, 413: problemSchema, 422: fingersProblemSchema },
    },
    handler: async (request) => registry.biometrics.verify(request.body, actorOf(request)),
  });
}
