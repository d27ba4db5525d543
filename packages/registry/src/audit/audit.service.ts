import type { AuditRepository } from './audit.repository.js';
import { auditQuerySchema, type AuditEntry, type AuditQuery } from './audit.schema.js';

/** Read access to the audit log, for auditors. */
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(rawQuery: AuditQuery): Promise<{ page: number; pageSize: number; items: AuditEntry[] }> {
    const query = auditQuerySchema.parse(rawQuery);
    return { page: query.page, pageSize: query.pageSize, items: await this.audit.list(query) };
  }
}
