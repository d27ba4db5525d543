/**
 * Errors the domain raises on purpose. Each has a stable machine-readable `code`, an HTTP-like
 * `status` the API uses as is, and the offending `field` when one input is to blame.
 */
export type DomainErrorCode =
  | 'VALIDATION'
  | 'INVALID_DATE'
  | 'FUTURE_DATE'
  | 'UNKNOWN_PLACE'
  | 'INVALID_UIN'
  | 'INVALID_NINA'
  | 'DUPLICATE_NINA'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_MERGED'
  | 'NO_CHANGE'
  | 'USERNAME_TAKEN'
  | 'OPERATOR_NOT_FOUND'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'WEAK_PASSWORD'
  | 'CSV_INVALID'
  | 'FINGERS_NOT_ACCEPTED'
  | 'ENROLLMENT_NOT_FOUND'
  | 'CASE_NOT_FOUND'
  | 'CASE_CLOSED'
  | 'NOT_A_CANDIDATE'
  | 'IMAGE_NOT_FOUND'
  | 'GALLERY_UNAVAILABLE';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    readonly status: number,
    message: string,
    readonly field?: string,
    /** Structured detail the API passes through as is (e.g. `{ fingers: FingerOutcome[] }` for a refused enrollment). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const invalid = (code: DomainErrorCode, message: string, field?: string) => new DomainError(code, 400, message, field);
export const notFound = (code: DomainErrorCode, message: string, field?: string) => new DomainError(code, 404, message, field);
export const conflict = (code: DomainErrorCode, message: string, field?: string) => new DomainError(code, 409, message, field);
export const unprocessable = (code: DomainErrorCode, message: string, field?: string, details?: Record<string, unknown>) =>
  new DomainError(code, 422, message, field, details);
