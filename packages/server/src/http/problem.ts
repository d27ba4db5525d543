import { z } from 'zod';

/**
 * RFC 9457 problem details, with Kura's stable `code` and the offending `field`. Loose: an error
 * may add extension members (RFC 9457 §3.2), such as the per-finger outcomes of a refused enrollment.
 */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string().describe('Stable machine-readable error code'),
  field: z.string().optional().describe('The input field at fault, as a dotted path'),
  instance: z.string().optional().describe('The request id'),
});
export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, string> = {
  400: 'Requête invalide / Bad request',
  401: 'Authentification requise / Authentication required',
  403: 'Accès refusé / Forbidden',
  404: 'Introuvable / Not found',
  409: 'Conflit / Conflict',
  413: 'Requête trop volumineuse / Payload too large',
  415: 'Type de contenu non pris en charge / Unsupported media type',
  422: 'Données inexploitables / Unprocessable content',
  423: 'Compte verrouillé / Account locked',
  429: 'Trop de requêtes / Too many requests',
  500: 'Erreur interne / Internal error',
  503: 'Service indisponible / Service unavailable',
};

/**
 * `extensions` (an error's details) are spread first, so they can never overwrite the standard members.
 */
export function problem(status: number, code: string, detail?: string, field?: string, instance?: string, extensions?: Record<string, unknown>): Problem {
  return {
    ...extensions,
    type: `https://kura.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Erreur / Error',
    status,
    code,
    ...(detail !== undefined ? { detail } : {}),
    ...(field !== undefined ? { field } : {}),
    ...(instance !== undefined ? { instance } : {}),
  };
}

/** Responses every protected route may give, for the OpenAPI document. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
} as const;
