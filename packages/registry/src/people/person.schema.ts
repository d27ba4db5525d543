import { z } from 'zod';

/**
 * The shape of a person as the API, the CLI and the operator UI exchange it — declared once.
 * Structural rules live here; rules that need the calendar or the database (a real date,
 * a known place, a valid check digit) are enforced by PersonService with precise error codes.
 */
const name = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, { message: 'must not be blank' });

export const PERSON_STATUSES = ['active', 'deceased', 'suspended', 'merged'] as const;
export const personStatusSchema = z.enum(PERSON_STATUSES);
export const sexSchema = z.enum(['M', 'F']).describe('M (masculin/male) or F (féminin/female)');

/** Full date, or year-month, or year only: the legacy register holds many partial dates. */
export const partialDateSchema = z
  .string()
  .regex(/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
  .describe('Date of birth: YYYY-MM-DD, or YYYY-MM, or YYYY when only the year is known');

export const uinSchema = z.string().describe('Unique Identification Number: 11 digits, the last a Verhoeff check digit');
export const ninaSchema = z.string().describe('Legacy NINA: 14 digits and a check letter');
export const placeCodeSchema = z.string().min(1).max(16).describe('Administrative place code (see GET /v1/places)');

export const personInputSchema = z.strictObject({
  familyNames: name(200).describe('Nom(s) de famille — family name(s), original spelling and accents kept'),
  givenNames: name(200).describe('Prénom(s) — given name(s)'),
  sex: sexSchema,
  birthDate: partialDateSchema,
  birthPlaceCode: placeCodeSchema,
  fatherName: name(200).nullish(),
  motherName: name(200).nullish(),
  nationality: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code')
    .default('MLI'),
  residenceCommuneCode: placeCodeSchema.nullish(),
  nina: ninaSchema.nullish(),
});
export type PersonInput = z.input<typeof personInputSchema>;

export const personChangesSchema = personInputSchema
  .partial()
  .extend({ status: z.enum(['active', 'deceased', 'suspended']).optional() })
  .strict();
export type PersonChanges = z.infer<typeof personChangesSchema>;

export const personUpdateSchema = z.strictObject({
  changes: personChangesSchema,
  reason: name(500).describe('Why the record changes (kept in its history)'),
});

export const personSchema = z.object({
  uin: z.string(),
  nina: z.string().nullable(),
  status: personStatusSchema,
  mergedIntoUin: z.string().nullable(),
  familyNames: z.string(),
  givenNames: z.string(),
  sex: sexSchema,
  birthDate: z.string(),
  birthPlaceCode: z.string(),
  fatherName: z.string().nullable(),
  motherName: z.string().nullable(),
  nationality: z.string(),
  residenceCommuneCode: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof personSchema>;

export const personVersionSchema = z.object({
  version: z.number().int(),
  changedAt: z.string(),
  changedBy: z.string(),
  reason: z.string(),
  requestId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type PersonVersion = z.infer<typeof personVersionSchema>;

export const personSearchQuerySchema = z.strictObject({
  name: z.string().max(200).optional().describe('Any part of the names; tolerant to accents, case and regional spellings'),
  uin: z.string().optional(),
  nina: z.string().optional(),
  birthDate: partialDateSchema.optional().describe('Exact year, year-month or day; matches partial dates of the register'),
  birthYearFrom: z.coerce.number().int().min(1800).max(2200).optional(),
  birthYearTo: z.coerce.number().int().min(1800).max(2200).optional(),
  birthPlaceCode: placeCodeSchema.optional().describe('A region, cercle or commune: matches births anywhere inside it'),
  residenceCommuneCode: placeCodeSchema.optional(),
  sex: sexSchema.optional(),
  status: personStatusSchema.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PersonSearchQuery = z.input<typeof personSearchQuerySchema>;

export const personSearchResultSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(personSchema.extend({ score: z.number() })),
});
export type PersonSearchResult = z.infer<typeof personSearchResultSchema>;
