import { DomainError } from '@kura/registry';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError, type core } from 'zod';
import { problem } from './problem.js';

/** First zod issue as (field, message); unknown keys name the key itself. */
function describeIssue(issue: core.$ZodIssue, prefix: string[] = []): { field: string; detail: string } {
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { field: [...path, key].join('.'), detail: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` };
  }
  return { field: path.join('.'), detail: issue.message };
}

/** Fields are answered as dotted paths whoever names them: `fingers[1].position` → `fingers.1.position`, as zod's are. */
function dottedPath(field: string | undefined): string | undefined {
  return field?.replace(/\[(\d+)\]/g, '.$1');
}

const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'EMPTY_BODY' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH' },
};

/** Turns every error into an RFC 9457 problem+json answer; unexpected ones are logged and hidden. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, code: string, detail?: string, field?: string, extensions?: Record<string, unknown>) =>
      reply.status(status).type('application/problem+json').send(problem(status, code, detail, field, request.id, extensions));

    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0]!;
      const context = error.validationContext && error.validationContext !== 'body' ? [error.validationContext] : [];
      const path = [...context, ...first.instancePath.split('/').filter(Boolean)];
      const keys = first.keyword === 'unrecognized_keys' ? ((first.params as { keys?: string[] }).keys ?? []) : [];
      if (keys.length > 0) return send(400, 'VALIDATION', `unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`, [...path, keys[0]].join('.'));
      return send(400, 'VALIDATION', first.message, path.join('.') || undefined);
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      if (issue) {
        const { field, detail } = describeIssue(issue);
        return send(400, 'VALIDATION', detail, field);
      }
    }
    // A domain error's details (e.g. `fingers`, one outcome per finger) become extension members of the answer.
    if (error instanceof DomainError) return send(error.status, error.code, error.message, dottedPath(error.field), error.details);
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return send(mapped.status, mapped.code, error.message);
    if (error instanceof SyntaxError || error.statusCode === 400) return send(400, 'INVALID_REQUEST', error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return send(error.statusCode, error.code ?? 'CLIENT_ERROR', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'INTERNAL', 'an unexpected error occurred; it has been logged with this request id');
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).type('application/problem+json').send(problem(404, 'ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, undefined, request.id));
  });
}
