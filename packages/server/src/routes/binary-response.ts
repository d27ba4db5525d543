import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** A binary answer in the OpenAPI document (images are sent as bytes, not JSON). */
export const binaryBody = z.string().meta({ format: 'binary' });

/**
 * Sends image bytes as they are. Biometric images are personal data: never kept by a shared cache,
 * and never sniffed into another type by a browser.
 */
export function sendBytes(reply: FastifyReply, mediaType: string, bytes: Uint8Array): FastifyReply {
  return reply
    .type(mediaType)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
