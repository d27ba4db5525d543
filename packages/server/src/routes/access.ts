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
  /** Biometric enrollment (and reading an enrollment back). */
  enroll: ['registrar', 'supervisor'],
  /** Listing and deciding suspected duplicates: supervisors only. */
  adjudicate: ['supervisor'],
  /** 1:N identification and 1:1 verification by fingerprints. */
  identify: ['registrar', 'supervisor'],
  /** Stored fingerprint images (content-addressed). */
  readImages: ['registrar', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;
