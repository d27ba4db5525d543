import type { Registry } from '@kura/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/auth.js';
import { problemResponses, problemSchema } from '../http/problem.js';
import { ACCESS } from './access.js';
import { binaryBody, sendBytes } from './binary-response.js';

const security = [{ bearer: [] }];
const imageParams = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256: 64 hexadecimal digits')
    .transform((s) => s.toLowerCase()),
});
const imageQuery = z.strictObject({
  as: z.enum(['original', 'png']).default('original').describe('original: as stored (WSQ when received as WSQ); png: decoded to a PNG a browser shows'),
});

export function imageRoutes(app: FastifyInstance, registry: Registry): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/images/:sha256', {
    config: { access: ACCESS.readImages },
    schema: {
      tags: ['Enrôlement biométrique / Biometric enrollment'],
      security,
      summary: "Image d'empreinte stockée / A stored fingerprint image, by its SHA-256",
      params: imageParams,
      querystring: imageQuery,
      response: {
        200: {
          description: 'The image; its media type in Content-Type',
          content: { 'image/png': { schema: binaryBody }, 'application/octet-stream': { schema: binaryBody } },
        },
        ...problemResponses,
        404: problemSchema,
      },
    },
    handler: async (request, reply) => {
      const { bytes, mediaType } = await registry.biometrics.readImage(request.params.sha256, actorOf(request), request.query.as);
      return sendBytes(reply, mediaType, bytes);
    },
  });
}
