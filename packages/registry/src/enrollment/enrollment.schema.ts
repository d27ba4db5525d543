import { z } from 'zod';
import { personInputSchema, personSchema } from '../people/person.schema.js';

/**
 * Biometric enrollment, 1:N deduplication, adjudication, identification and verification: the
 * shapes the API, the CLI and the operator UI exchange — declared once. (Contract shared by the
 * registry services and the server routes.)
 */

export const fingerPositionSchema = z
  .number()
  .int()
  .min(1)
  .max(10)
  .describe('ANSI/NIST-ITL finger position: 1 right thumb, 2 right index … 6 left thumb, 7 left index … 10 left little');

/**
 * How the fingerprint is sent. `image`: PNG, JPEG, TIFF, BMP, JPEG 2000 or WSQ (detected from its bytes);
 * `iso19794-2` / `ansi378`: a minutiae template (no image kept then).
 */
export const fingerDataFormatSchema = z.enum(['image', 'iso19794-2', 'ansi378']);

export const fingerInputSchema = z.strictObject({
  position: fingerPositionSchema,
  format: fingerDataFormatSchema.default('image'),
  data: z.string().min(1).describe('The file, base64-encoded'),
  /** Resolution of the image when the file does not state it (pixels per inch). Default: the file's, else 500. */
  ppi: z.number().int().min(250).max(2000).optional(),
});
export type FingerInput = z.input<typeof fingerInputSchema>;

export const MISSING_FINGER_REASONS = ['amputated', 'bandaged', 'unusable'] as const;
export const missingFingerSchema = z.strictObject({
  position: fingerPositionSchema,
  reason: z.enum(MISSING_FINGER_REASONS).describe('amputé / amputated, pansement / bandaged, inexploitable / unusable'),
});

export const enrollmentInputSchema = z.strictObject({
  person: personInputSchema,
  fingers: z.array(fingerInputSchema).max(10),
  missingFingers: z.array(missingFingerSchema).max(10).default([]),
});
export type EnrollmentInput = z.input<typeof enrollmentInputSchema>;

/** Per-finger answer of the quality gate. */
export const FINGER_OUTCOMES = ['accepted', 'retake', 'refused'] as const;
export const fingerOutcomeSchema = z.object({
  position: fingerPositionSchema,
  outcome: z.enum(FINGER_OUTCOMES).describe('accepted; retake (readable but too poor: capture again); refused (unreadable or invalid)'),
  /** Image quality 0–100 (undefined for templates without one). */
  quality: z.number().nullable(),
  minutiae: z.number().int().nullable(),
  /** Stable machine codes with a French / English message each. */
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type FingerOutcome = z.infer<typeof fingerOutcomeSchema>;

export const ENROLLMENT_STATUSES = ['enrolled', 'pending-adjudication', 'merged'] as const;
export const enrollmentSchema = z.object({
  id: z.string(),
  status: z.enum(ENROLLMENT_STATUSES),
  /** Issued only once no duplicate is suspected, or the case was decided "distinct". */
  uin: z.string().nullable(),
  /** Open or decided dedup case this enrollment raised, if any. */
  caseId: z.string().nullable(),
  /** For a merged enrollment: the UIN of the identity it was merged into. */
  mergedIntoUin: z.string().nullable(),
  fingers: z.array(fingerOutcomeSchema),
  missingFingers: z.array(missingFingerSchema),
  createdAt: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

/** One compared finger of a candidate: the scores and the paired minutiae (coordinates in 500-ppi pixels). */
export const comparedFingerSchema = z.object({
  position: fingerPositionSchema,
  score: z.number(),
  probeImage: z.string().nullable().describe('SHA-256 of the stored image (GET /v1/images/{sha256})'),
  candidateImage: z.string().nullable(),
  pairs: z.array(z.object({ probe: z.object({ x: z.number(), y: z.number(), direction: z.number() }), candidate: z.object({ x: z.number(), y: z.number(), direction: z.number() }) })),
});

export const dedupCandidateSchema = z.object({
  enrollmentId: z.string(),
  uin: z.string().nullable(),
  person: personSchema.nullable().describe('The existing identity (null while that enrollment is itself pending)'),
  score: z.number(),
  fingers: z.array(comparedFingerSchema),
});

export const DEDUP_CASE_STATUSES = ['open', 'duplicate', 'distinct'] as const;
export const dedupCaseSummarySchema = z.object({
  id: z.string(),
  status: z.enum(DEDUP_CASE_STATUSES),
  enrollmentId: z.string(),
  openedAt: z.string(),
  bestScore: z.number(),
  candidateCount: z.number().int(),
});
export type DedupCaseSummary = z.infer<typeof dedupCaseSummarySchema>;
export const dedupCaseSchema = dedupCaseSummarySchema.extend({
  /** Demographics of the new enrollment (no UIN yet). */
  applicant: personInputSchema,
  candidates: z.array(dedupCandidateSchema),
  decision: z
    .object({ decision: z.enum(['duplicate', 'distinct']), reason: z.string(), decidedBy: z.string(), decidedAt: z.string(), duplicateOfUin: z.string().nullable() })
    .nullable(),
});
export type DedupCase = z.infer<typeof dedupCaseSchema>;

export const dedupDecisionSchema = z.strictObject({
  decision: z.enum(['duplicate', 'distinct']),
  /** For "duplicate": which candidate identity the applicant is (its UIN). */
  duplicateOfUin: z.string().optional(),
  reason: z.string().min(1).max(500).describe('Why (kept in the audit log)'),
});
export type DedupDecision = z.infer<typeof dedupDecisionSchema>;

export const identifyInputSchema = z.strictObject({
  fingers: z.array(fingerInputSchema).min(1).max(10),
  maxResults: z.number().int().min(1).max(100).default(10),
  /** Target false-positive identification rate: sets the threshold. Default 0.001. */
  fpir: z.number().min(1e-6).max(0.1).default(0.001),
});
export type IdentifyInput = z.input<typeof identifyInputSchema>;
export const identifyResultSchema = z.object({
  threshold: z.number(),
  candidates: z.array(z.object({ uin: z.string().nullable(), enrollmentId: z.string(), score: z.number(), fingers: z.array(z.object({ position: fingerPositionSchema, score: z.number() })) })),
  fingers: z.array(fingerOutcomeSchema),
});

export type IdentifyResult = z.infer<typeof identifyResultSchema>;

export const verifyInputSchema = z.strictObject({
  uin: z.string(),
  fingers: z.array(fingerInputSchema).min(1).max(10),
  /** Target false match rate of the decision. Default 0.0001. */
  fmr: z.number().min(1e-7).max(0.1).default(0.0001),
});
export type VerifyInput = z.input<typeof verifyInputSchema>;
export const verifyResultSchema = z.object({
  uin: z.string(),
  match: z.boolean(),
  score: z.number(),
  threshold: z.number(),
  fingers: z.array(z.object({ position: fingerPositionSchema, score: z.number() })),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;
