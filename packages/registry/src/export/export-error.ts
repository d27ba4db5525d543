export type ExportErrorCode = 'OUT_EXISTS' | 'OUT_UNWRITABLE' | 'IMAGE_MISSING' | 'NOT_AN_EXPORT' | 'BAD_MANIFEST';

/** An export or a verification that cannot go on, with a stable code; nothing half-done is left looking complete. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
