import { DEDUP_CASE_STATUSES, dedupCaseSchema, dedupCaseSummarySchema, dedupDecisionSchema, fingerPositionSchema, type Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { ACCESS } from './access.js';
import { binaryBody, sendBytes } from './binary-response.js';

const tags = ['Dédoublonnage / Deduplication'];
const security = [{ bearer: [] }];
const id = z.string().min(1).max(100);
const caseParams = z.strictObject({ id });

const caseQuerySchema = z.strictObject({
  status: z.enum(DEDUP_CASE_STATUSES).optional().describe('open, duplicate or distinct; all when absent'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const casePageSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(dedupCaseSummarySchema) });

export function dedupCaseRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/dedup-cases', {
    config: { access: ACCESS.adjudicate },
    schema: {
      tags,
      security,
      summary: 'Lister les cas de doublon présumé / List suspected-duplicate cases (open ones first to decide)',
      querystring: caseQuerySchema,
      response: { 200: casePageSchema, ...problemResponses },
    },
    handler: async (request) => {
      const { status, page, pageSize } = request.query;
      const result = await registry.biometrics.listCases({ status, page, pageSize }, actorOf(request));
      return { total: result.total, page, pageSize, items: result.items };
    },
  });

  r.get('/v1/dedup-cases/:id', {
    config: { access: ACCESS.adjudicate },
    schema: {
      tags,
      security,
      summary: 'Consulter un cas / A case: both identities, finger-by-finger scores and paired minutiae',
      params: caseParams,
      response: { 200: dedupCaseSchema, ...problemResponses, 404: problemSchema },
    },
    handler: async (request) => registry.biometrics.getCase(request.params.id, actorOf(request)),
  });

  r.post('/v1/dedup-cases/:id/decision', {
    config: { access: ACCESS.adjudicate },
    schema: {
      tags,
      security,
      summary: 'Décider un cas / Decide a case: duplicate (merged into the existing UIN) or distinct (a UIN is issued)',
      description: 'The decision and its reason are kept in the audit log. A decided case cannot be decided again (409 CASE_CLOSED).',
      params: caseParams,
      body: dedupDecisionSchema,
      response: { 200: dedupCaseSchema, ...problemResponses, 404: problemSchema, 409: problemSchema },
    },
    handler: async (request) => registry.biometrics.decideCase(request.params.id, request.body, actorOf(request)),
  });

  r.get('/v1/dedup-cases/:id/candidates/:enrollmentId/fingers/:position/evidence.png', {
    config: { access: ACCESS.adjudicate },
    schema: {
      tags,
      security,
      summary: 'Preuve visuelle / Evidence: both impressions of one finger side by side with the paired minutiae drawn (PNG)',
      params: z.strictObject({ id, enrollmentId: id, position: z.coerce.number().int().min(1).max(10).describe(fingerPositionSchema.description ?? 'finger position 1–10') }),
      response: {
        200: { description: 'PNG image', content: { 'image/png': { schema: binaryBody } } },
        ...problemResponses,
        404: problemSchema,
      },
    },
    handler: async (request, reply) => {
      const { id: caseId, enrollmentId, position } = request.params;
      const png = await registry.biometrics.renderEvidence(caseId, enrollmentId, position, actorOf(request));
      return sendBytes(reply, 'image/png', png);
    },
  });
}
