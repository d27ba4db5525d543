import { DomainError, enrollmentInputSchema, enrollmentSchema, personInputSchema, type Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { ACCESS } from './access.js';
import { BIOMETRIC_BODY_LIMIT } from './biometric-limits.js';
import { fingersProblemSchema } from './finger-problem.js';

const tags = ['Enrôlement biométrique / Biometric enrollment'];
const security = [{ bearer: [] }];
const PERSON_FIELDS = new Set(Object.keys(personInputSchema.shape));

/**
 * Demographics are checked as for POST /v1/persons, which names their fields at the top level;
 * in this body they sit under `person`, so the answer says `person.birthDate`, not `birthDate`.
 */
async function fieldsWithinBody<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.field && PERSON_FIELDS.has(error.field.split(/[.[]/)[0]!)) {
      throw new DomainError(error.code, error.status, error.message, `person.${error.field}`, error.details);
    }
    throw error;
  }
}

export function enrollmentRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/enrollments', {
    bodyLimit: BIOMETRIC_BODY_LIMIT,
    config: { access: ACCESS.enroll },
    schema: {
      tags,
      security,
      summary: 'Enrôler une personne avec ses empreintes / Enroll a person with up to 10 fingerprints',
      description:
        "Chaque enrôlement est comparé à toute la galerie avant d'émettre un UIN. " +
        '201: no duplicate suspected, a UIN was issued. 202: a suspected duplicate opened a dedup case; no UIN until a supervisor decides it. ' +
        '422 FINGERS_NOT_ACCEPTED: at least one finger failed the quality gate; `fingers` gives the outcome of each, and nothing was written.',
      body: enrollmentInputSchema,
      response: {
        201: enrollmentSchema.describe('Enrôlé, UIN émis / Enrolled, UIN issued'),
        202: enrollmentSchema.describe('En attente de décision / Pending adjudication (a dedup case is open)'),
        ...problemResponses,
        409: problemSchema,
        413: problemSchema,
        422: fingersProblemSchema,
      },
    },
    handler: async (request, reply) => {
      const enrollment = await fieldsWithinBody(registry.biometrics.enroll(request.body, actorOf(request)));
      return reply
        .status(enrollment.status === 'enrolled' ? 201 : 202)
        .header('location', `/v1/enrollments/${encodeURIComponent(enrollment.id)}`)
        .send(enrollment);
    },
  });

  r.get('/v1/enrollments/:id', {
    config: { access: ACCESS.enroll },
    schema: {
      tags,
      security,
      summary: "Consulter un enrôlement / Get an enrollment: status, UIN once issued, dedup case, per-finger outcomes",
      params: z.strictObject({ id: z.string().min(1).max(100) }),
      response: { 200: enrollmentSchema, ...problemResponses, 404: problemSchema },
    },
    handler: async (request) => registry.biometrics.getEnrollment(request.params.id, actorOf(request)),
  });
}
