import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openRegistry, type RestoreExportResult } from '@kura/registry';
import { SingleBar } from 'cli-progress';
import { CliError, type CommonOptions, registryConfig } from '../config.js';
import { DEFAULT_MAPPING_FILE, DEFAULT_MAPPING_NAME } from './import-default-mapping.js';
import { loadMapping } from './import-mapping-file.js';
import { runImport } from './import-run-migrate.js';
import { describeReport, type ImportReport } from './import-run-report.js';
import { importRestoreCommand, isKuraExport } from './import-restore.js';

/**
 * `kura import run SOURCE [--mapping FILE]`: migrates a vendor's dump into the register (see
 * import-run-migrate.ts), shows a progress bar with rate and ETA on stderr, writes the JSON
 * reconciliation report and prints its human summary. Re-run it after a crash or a kill: it
 * resumes from the ledger and imports nothing twice. Without --mapping, the built-in ANSI/NIST-ITL
 * (EBTS) mapping is used, and said so (import-default-mapping.ts).
 */

export interface ImportRunCommandOptions extends CommonOptions {
  /** The mapping file (JSON or YAML); absent: the built-in default. */
  mapping?: string | undefined;
  /** JSON report file (default ./import-report-<timestamp>.json: the source may be read-only). */
  report?: string;
  sourceName?: string;
  json?: boolean;
  /** false with --no-progress (tests, logs). */
  progress?: boolean;
}

export async function importRunCommand(
  source: string,
  options: ImportRunCommandOptions & { publicKey?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<ImportReport | RestoreExportResult> {
  // A Kura export needs no mapping: it is restored as exported (import-restore.ts).
  if (isKuraExport(source)) return importRestoreCommand(source, options, env);
  // Bad arguments are refused before the register is opened (nothing created, nothing written).
  if (!isFolder(source)) throw new CliError(`${source}: dossier introuvable / no such folder`);
  loadMapping(options.mapping ?? DEFAULT_MAPPING_FILE);
  const registry = await openRegistry(registryConfig(options, env));
  const bar =
    options.progress === false
      ? undefined
      : new SingleBar({ format: 'import [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', hideCursor: true, stream: process.stderr, etaBuffer: 50 });
  const started = performance.now();
  const mapping = options.mapping ?? DEFAULT_MAPPING_FILE;
  if (options.mapping === undefined) {
    console.error(`correspondance par défaut / default mapping: ${DEFAULT_MAPPING_NAME} (${mapping}; kura import mapping --default to start your own)`);
  }
  try {
    const { report } = await runImport(registry, {
      source,
      mapping,
      sourceName: options.sourceName,
      onProgress: (done, total) => {
        if (!bar) return;
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? (done / seconds).toFixed(1) : '0';
        if (done === 1) bar.start(total, done, { rate });
        else {
          bar.setTotal(total);
          bar.update(done, { rate });
        }
      },
    });
    bar?.stop();
    const file = resolve(options.report ?? `import-report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 1)}\n`);
    console.log(options.json ? JSON.stringify(report, null, 1) : describeReport(report, file));
    return report;
  } finally {
    bar?.stop();
    await registry.close();
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
