import type { Role } from '@kura/registry';

/** Who may do what: the one table every route takes its `access` from. */
export const ACCESS = {
  anyOperator: ['admin', 'registrar', 'supervisor', 'auditor'],
  readPeople: ['registrar', 'supervisor'],
  writePeople: ['registrar', 'supervisor'],
  /** Marking a person deceased or suspended, or reactivating: supervisors only. */
  changeStatus: ['supervisor'],
  readHistory: ['registrar', 'supervisor', 'auditor'],
  readAudit: ['auditor'],
  manageOperators: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
