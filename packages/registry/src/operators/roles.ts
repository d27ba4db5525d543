/**
 * Operator roles. Duties are separated: registrars record people, supervisors also correct and
 * change status, auditors only read the audit log, admins manage operator accounts.
 */
export const ROLES = ['admin', 'registrar', 'supervisor', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
