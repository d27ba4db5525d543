import type { Actor, Operator, Registry, Role } from '@kura/registry';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problem } from './problem.js';

/** Every route declares who may call it: 'public', or the roles allowed. */
export type Access = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    operator?: Operator;
    bearerToken?: string;
  }
}

/** Routes added by plugins we trust to expose nothing sensitive (the API description). */
const PUBLIC_PREFIXES = ['/docs', '/openapi.json'];

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** The actor for history and audit, with the declared purpose of access (X-Purpose header). */
export function actorOf(request: FastifyRequest): Actor {
  const purpose = request.headers['x-purpose'];
  return {
    operatorId: request.operator?.id ?? null,
    username: request.operator?.username ?? 'anonymous',
    requestId: request.id,
    purpose: typeof purpose === 'string' && purpose.length <= 200 ? purpose : undefined,
  };
}

/**
 * Refuses to register a route that does not declare its access, then checks every request:
 * no token → 401, token of an operator without an allowed role → 403.
 */
export function installAccessControl(app: FastifyInstance, registry: Registry): void {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const url = route.url;
    if (access === undefined && !PUBLIC_PREFIXES.some((p) => url.startsWith(p))) {
      throw new Error(`route ${String(route.method)} ${url} does not declare its access`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    const token = bearerToken(request);
    const operator = token ? await registry.operators.authenticate(token) : undefined;
    if (!operator) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .type('application/problem+json')
        .send(problem(401, 'UNAUTHENTICATED', token ? 'the token is invalid or has expired; log in again' : 'log in and send Authorization: Bearer <token>', undefined, request.id));
    }
    request.operator = operator;
    request.bearerToken = token;
    if (!operator.roles.some((role) => access.includes(role))) {
      return reply
        .status(403)
        .type('application/problem+json')
        .send(problem(403, 'FORBIDDEN', `this action needs one of the roles: ${access.join(', ')}`, undefined, request.id));
    }
  });
}
