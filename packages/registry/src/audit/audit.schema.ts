import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  operatorId: z.string().nullable(),
  operatorUsername: z.string(),
  action: z.string(),
  personUin: z.string().nullable(),
  purpose: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  operator: z.string().optional().describe('Operator username'),
  personUin: z.string().optional(),
  action: z.string().optional().describe('Exact action, e.g. person.read, or a prefix ending in * (person.*)'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;
export type ParsedAuditQuery = z.output<typeof auditQuerySchema>;

export const auditPageSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(auditEntrySchema),
});
