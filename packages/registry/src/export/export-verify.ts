import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_FILES } from './export-layout.js';
import { ExportError } from './export-error.js';
import { exportManifestSchema, manifestSignatureValid, type ExportManifest } from './export-manifest.js';
import { keyFingerprint, publicKeyFromPem } from './signing-key.js';

export type ExportProblem =
  | { kind: 'signature'; message: string }
  | { kind: 'changed'; path: string; expected: { sha256: string; size: number }; actual: { sha256: string; size: number } }
  | { kind: 'missing'; path: string }
  | { kind: 'added'; path: string };

export interface ExportVerification {
  ok: boolean;
  /** Whose key checked the signature: the one given (--public-key) or the one inside the export. */
  keySource: 'given' | 'export';
  publicKeyFingerprint: string;
  signatureValid: boolean;
  filesChecked: number;
  problems: ExportProblem[];
  manifest: Pick<ExportManifest, 'exportedAt' | 'exportedBy' | 'kuraVersion' | 'counts'> | null;
}

export interface VerifyOptions {
  /** PEM public key to trust. Without it the export's own signing-key.pub.pem is used: that proves integrity, not origin. */
  publicKeyPem?: string;
  onProgress?: (done: number, total: number) => void;
}

async function sha256OfFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Every file under `root`, as '/'-separated paths relative to it, sorted. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1).split(/[\\/]/).join('/'))
    .sort();
}

/**
 * Checks an export: the manifest's Ed25519 signature, then every listed file's size and SHA-256,
 * and that no file was added. Reports every problem found, not only the first.
 */
export async function verifyExport(dir: string, options: VerifyOptions = {}): Promise<ExportVerification> {
  let manifestBytes: Buffer;
  let signature: string;
  try {
    manifestBytes = await readFile(join(dir, EXPORT_FILES.manifest));
  } catch (error) {
    throw new ExportError('NOT_AN_EXPORT', `${dir}: no readable ${EXPORT_FILES.manifest} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): not a Kura export`);
  }
  const problems: ExportProblem[] = [];
  try {
    signature = await readFile(join(dir, EXPORT_FILES.signature), 'utf8');
  } catch {
    signature = '';
    problems.push({ kind: 'missing', path: EXPORT_FILES.signature });
  }
  let publicKey: KeyObject;
  let keySource: ExportVerification['keySource'];
  if (options.publicKeyPem !== undefined) {
    publicKey = publicKeyFromPem(options.publicKeyPem, 'public key');
    keySource = 'given';
  } else {
    let pem: string;
    try {
      pem = await readFile(join(dir, EXPORT_FILES.publicKey), 'utf8');
    } catch {
      throw new ExportError('NOT_AN_EXPORT', `${dir}: no ${EXPORT_FILES.publicKey}; give the deployment's public key with --public-key`);
    }
    publicKey = publicKeyFromPem(pem, join(dir, EXPORT_FILES.publicKey));
    keySource = 'export';
  }
  const signatureValid = signature !== '' && manifestSignatureValid(manifestBytes, signature, publicKey);
  if (!signatureValid) {
    problems.push({ kind: 'signature', message: signature === '' ? 'no signature' : `manifest.json is not signed by the key ${keyFingerprint(publicKey)}` });
  }

  let manifest: ExportManifest | null = null;
  try {
    manifest = exportManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (error) {
    // An unsigned, unreadable manifest is one problem among others; a signed one cannot be unreadable.
    if (signatureValid) throw new ExportError('BAD_MANIFEST', `${dir}: ${EXPORT_FILES.manifest} is signed but not a manifest Kura reads: ${(error as Error).message}`);
    problems.push({ kind: 'changed', path: EXPORT_FILES.manifest, expected: { sha256: '', size: 0 }, actual: { sha256: createHash('sha256').update(manifestBytes).digest('hex'), size: manifestBytes.length } });
  }

  const present = await listFiles(dir);
  const listed = new Map((manifest?.files ?? []).map((f) => [f.path, f]));
  let done = 0;
  for (const file of manifest?.files ?? []) {
    let actual: { sha256: string; size: number } | undefined;
    try {
      actual = await sha256OfFile(join(dir, ...file.path.split('/')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
    if (!actual) problems.push({ kind: 'missing', path: file.path });
    else if (actual.sha256 !== file.sha256 || actual.size !== file.size) problems.push({ kind: 'changed', path: file.path, expected: { sha256: file.sha256, size: file.size }, actual });
    done++;
    options.onProgress?.(done, listed.size);
  }
  const own = new Set<string>([EXPORT_FILES.manifest, EXPORT_FILES.signature]);
  for (const path of present) if (!listed.has(path) && !own.has(path)) problems.push({ kind: 'added', path });

  return {
    ok: problems.length === 0,
    keySource,
    publicKeyFingerprint: keyFingerprint(publicKey),
    signatureValid,
    filesChecked: done,
    problems,
    manifest: manifest && { exportedAt: manifest.exportedAt, exportedBy: manifest.exportedBy, kuraVersion: manifest.kuraVersion, counts: manifest.counts },
  };
}
