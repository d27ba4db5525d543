import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openRegistry } from '@kura/registry';
import { SingleBar } from 'cli-progress';
import { type CommonOptions, registryConfig } from '../config.js';
import { runImport } from './import-run-migrate.js';
import { describeReport, type ImportReport } from './import-run-report.js';

/**
 * `kura import run SOURCE --mapping FILE`: migrates a vendor's dump into the register (see
 * import-run-migrate.ts), shows a progress bar with rate and ETA on stderr, writes the JSON
 * reconciliation report and prints its human summary. Re-run it after a crash or a kill: it
 * resumes from the ledger and imports nothing twice.
 */

export interface ImportRunCommandOptions extends CommonOptions {
  mapping: string;
  /** JSON report file (default ./import-report-<timestamp>.json: the source may be read-only). */
  report?: string;
  sourceName?: string;
  json?: boolean;
  /** false with --no-progress (tests, logs). */
  progress?: boolean;
}

export async function importRunCommand(source: string, options: ImportRunCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<ImportReport> {
  const registry = await openRegistry(registryConfig(options, env));
  const bar =
    options.progress === false
      ? undefined
      : new SingleBar({ format: 'import [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', hideCursor: true, stream: process.stderr, etaBuffer: 50 });
  const started = performance.now();
  try {
    const { report } = await runImport(registry, {
      source,
      mapping: options.mapping,
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
