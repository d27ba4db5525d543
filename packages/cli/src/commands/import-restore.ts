import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXPORT_FILES, EXPORT_FORMAT, openRegistry, RestoreError, type RestoreExportResult } from '@kura/registry';
import { SingleBar } from 'cli-progress';
import { cliActor, CliError, type CommonOptions, registryConfig } from '../config.js';
import { readPublicKeyOption } from './export.js';

/**
 * `kura import run DIR` when DIR is a Kura export (docs/export-format.md, "Restore / Réimport"):
 * verified first (signature and every file), then restored into an empty register exactly as
 * exported, page by page; re-run it after a kill and it finishes the job.
 */

export interface ImportRestoreOptions extends CommonOptions {
  /** The deployment's public key (PEM file); default: the key inside the export (integrity, not origin). */
  publicKey?: string;
  mapping?: string | undefined;
  json?: boolean;
  progress?: boolean;
}

/** A folder whose manifest.json declares the Kura export format (its signature is checked later, by the restore). */
export function isKuraExport(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, EXPORT_FILES.manifest), 'utf8')) as { format?: unknown };
    return manifest.format === EXPORT_FORMAT;
  } catch {
    return false;
  }
}

export async function importRestoreCommand(dir: string, options: ImportRestoreOptions, env: NodeJS.ProcessEnv = process.env): Promise<RestoreExportResult> {
  if (options.mapping !== undefined) throw new CliError(`--mapping : ${dir} est un export Kura, sa disposition est connue / ${dir} is a Kura export, its layout is known: give no --mapping`);
  const publicKeyPem = readPublicKeyOption(options.publicKey);
  const registry = await openRegistry(registryConfig(options, env));
  const bar =
    options.progress === false || options.json
      ? undefined
      : new SingleBar({ format: 'restore [{bar}] {value}/{total} people | {rate} people/s | {eta_formatted} left', hideCursor: true, stream: process.stderr, etaBuffer: 20 });
  const started = performance.now();
  let barStarted = false;
  try {
    const result = await registry.restores.restoreExport(
      resolve(dir),
      {
        ...(publicKeyPem !== undefined ? { publicKeyPem } : {}),
        onProgress: (done, total) => {
          if (!bar) return;
          const seconds = (performance.now() - started) / 1000;
          const rate = seconds > 0 ? (done / seconds).toFixed(1) : '0';
          if (!barStarted) bar.start(total, done, { rate });
          else bar.update(done, { rate });
          barStarted = true;
        },
      },
      cliActor('restore'),
    );
    bar?.stop();
    if (options.json) {
      console.log(JSON.stringify(result, null, 1));
      return result;
    }
    const c = result.counts;
    console.log(`réimport / restore ← ${resolve(dir)}${result.resumed ? ' (reprise / resumed)' : ''}`);
    console.log(`  ${c.people} personnes / people, ${c.versions} versions, ${c.enrollments} enrôlements / enrollments, ${c.fingers} doigts / fingers (${c.images} images, ${c.templates} gabarits seuls / template-only), ${c.missingFingers} manquants / missing, ${c.faces} visages / faces`);
    if (result.skipped > 0) console.log(`  ${result.skipped} personne(s) déjà présente(s), laissée(s) telle(s) quelle(s) / people already restored, left as they are`);
    if (c.reextractionDiffers > 0)
      console.log(`  ${c.reextractionDiffers} doigt(s) dont le gabarit ré-extrait de l'image WSQ diffère de la capture (valeurs de capture gardées) / finger(s) whose template re-extracted from the WSQ differs from the capture (capture values kept)`);
    console.log(`  ${result.seconds.toFixed(1)} s (${(c.people / Math.max(result.seconds, 1e-3)).toFixed(1)} people/s); export signé / signed: Ed25519 ${result.publicKeyFingerprint}`);
    return result;
  } catch (error) {
    if (error instanceof RestoreError) {
      for (const p of error.verification?.problems ?? []) console.error(p.kind === 'signature' ? `signature  ${p.message}` : `${p.kind.padEnd(10)} ${p.path}`);
      throw new CliError(error.message);
    }
    throw error;
  } finally {
    bar?.stop();
    await registry.close();
  }
}
