import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { EXPORT_FORMAT, READABLE_FORMAT_VERSIONS } from './export-layout.js';

export const exportCountsSchema = z.object({
  people: z.number().int(),
  identifiers: z.number().int(),
  versions: z.number().int(),
  enrollments: z.number().int(),
  fingers: z.number().int(),
  missingFingers: z.number().int(),
  images: z.number().int(),
  /** Fingers received only as a template, exported as template files (format 2; 0 in format 1). */
  templates: z.number().int().default(0),
  transactions: z.number().int(),
  /** Face images, one Type-10 record each (format 3; 0 before). */
  faces: z.number().int(),
  /** Enrollments still waiting for a dedup decision (no identity yet): not in this export. */
  pendingEnrollmentsNotExported: z.number().int(),
});
export type ExportCounts = z.infer<typeof exportCountsSchema>;

export const manifestFileSchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const exportManifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.union(READABLE_FORMAT_VERSIONS.map((v) => z.literal(v)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>]),
  kuraVersion: z.string(),
  exportedAt: z.string(),
  exportedBy: z.string(),
  signature: z.object({ algorithm: z.literal('Ed25519'), publicKeyFingerprint: z.string(), file: z.string() }),
  counts: exportCountsSchema,
  /** Every file of the export but manifest.json and manifest.sig, sorted by path. */
  files: z.array(manifestFileSchema),
});
export type ExportManifest = z.infer<typeof exportManifestSchema>;

/** The manifest's bytes: JSON indented by one space, UTF-8, ending with a newline. */
export function manifestBytes(manifest: ExportManifest): Uint8Array {
  return Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');
}

/** manifest.sig: the Ed25519 signature of manifest.json's exact bytes, base64, one line. */
export function signManifest(bytes: Uint8Array, privateKey: KeyObject): string {
  return `${sign(null, bytes, privateKey).toString('base64')}\n`;
}

export function manifestSignatureValid(bytes: Uint8Array, signatureText: string, publicKey: KeyObject): boolean {
  const signature = Buffer.from(signatureText.trim(), 'base64');
  if (signature.length !== 64) return false;
  return verify(null, bytes, publicKey, signature);
}

/** Byte order of the paths (not locale order): the same on every machine. */
export const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
