import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Registry } from '@kura/registry';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAccessControl } from './http/auth.js';
import { installErrorHandler } from './http/error-handler.js';
import { adminRoutes } from './routes/admin.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { personRoutes } from './routes/persons.routes.js';
import { biometricRoutes } from './routes/biometrics.routes.js';
import { dedupCaseRoutes } from './routes/dedup-cases.routes.js';
import { enrollmentRoutes } from './routes/enrollment.routes.js';
import { imageRoutes } from './routes/images.routes.js';

export interface AppOptions {
  registry: Registry;
  /** pino logger options, or false for none (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body, bytes. */
  bodyLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Builds the HTTP API over a registry. Listening is the caller's choice (tests use inject). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Keep a caller's request id when it is sane, so one id follows a request across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandler(app);
  installAccessControl(app, options.registry);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kura API',
        description:
          "Registre national de la population et d'identification — National population register and identity API. " +
          'Errors are RFC 9457 problem+json with a stable `code` and the offending `field`.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /v1/auth/login' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  healthRoutes(app, options.registry);
  authRoutes(app, options.registry);
  personRoutes(app, options.registry);
  adminRoutes(app, options.registry);
  enrollmentRoutes(app, options.registry);
  dedupCaseRoutes(app, options.registry);
  biometricRoutes(app, options.registry);
  imageRoutes(app, options.registry);
  await app.ready();
  return app;
}
