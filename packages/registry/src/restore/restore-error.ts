import type { ExportVerification } from '../export/export-verify.js';

export type RestoreErrorCode =
  | 'EXPORT_DAMAGED'
  | 'NOT_AN_EXPORT'
  | 'UNSUPPORTED_EXPORT'
  | 'BAD_EXPORT'
  | 'REGISTER_NOT_EMPTY'
  | 'OTHER_EXPORT_IN_PROGRESS'
  | 'UNKNOWN_PLACES'
  | 'BAD_RECORD'
  | 'MERGE_TARGET_MISSING'
  | 'EXTRACTION_FAILED';

/** A restore that cannot go on, with a stable code and a French / English message; what was refused changed nothing. */
export class RestoreError extends Error {
  override readonly name = 'RestoreError';
  constructor(
    readonly code: RestoreErrorCode,
    message: string,
    /** For EXPORT_DAMAGED: the verification report (every changed, missing, added file). */
    readonly verification?: ExportVerification,
  ) {
    super(message);
  }
}
