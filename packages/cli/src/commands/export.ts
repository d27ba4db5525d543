import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_DATA_DIR,
  ExportError,
  loadOrCreateSigningKey,
  openRegistry,
  SigningKeyError,
  verifyExport,
  type ExportProblem,
  type ExportVerification,
} from '@kura/registry';
import { SingleBar } from 'cli-progress';
import { cliActor, CliError, type CommonOptions, registryConfig } from '../config.js';

export interface ExportCommandOptions extends CommonOptions {
  out: string;
  agency?: string;
  json?: boolean;
  /** false with --no-progress (tests, logs). */
  progress?: boolean;
}

export interface ExportVerifyOptions {
  publicKey?: string;
  json?: boolean;
  progress?: boolean;
}

/** Where the signing key lives by default: `<data dir>/keys` (the data folder given, else ./kura-data, also with PostgreSQL). */
function keyFolder(options: CommonOptions, env: NodeJS.ProcessEnv): string {
  const dataDir = options.dataDir || env.KURA_DATA_DIR || DEFAULT_DATA_DIR;
  return resolve(dataDir.startsWith('memory://') ? DEFAULT_DATA_DIR : dataDir);
}

function asCliError(error: unknown): never {
  if (error instanceof ExportError || error instanceof SigningKeyError) throw new CliError(error.message);
  throw error;
}

/** `kura export --out DIR`: the whole register, signed, into a new folder. */
export async function exportCommand(options: ExportCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!options.out) throw new CliError('--out: give the folder to create');
  if (options.agency !== undefined && !/^[A-Za-z0-9]{1,35}$/.test(options.agency)) throw new CliError(`--agency: 1 to 35 letters or digits (got "${options.agency}")`);
  let key;
  try {
    key = loadOrCreateSigningKey(keyFolder(options, env), env);
  } catch (error) {
    asCliError(error);
  }
  if (key.created) console.error(`clé de signature créée / signing key created: ${key.path}`);
  const registry = await openRegistry(registryConfig(options, env));
  const bar = options.progress === false ? undefined : new SingleBar({ format: 'export [{bar}] {value}/{total} people | {rate} people/s | {eta_formatted} left', hideCursor: true, stream: process.stderr });
  const started = process.hrtime.bigint();
  try {
    const result = await registry.exports
      .run(
        {
          out: options.out,
          key,
          ...(options.agency ? { agency: options.agency } : {}),
          onProgress: (done, total) => {
            if (!bar) return;
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const rate = seconds > 0 ? Math.round(done / seconds) : 0;
            if (done === 0) bar.start(total, 0, { rate });
            else bar.update(done, { rate });
          },
        },
        cliActor('export'),
      )
      .catch(asCliError);
    bar?.stop();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (options.json) {
      console.log(JSON.stringify({ ...result, seconds: round(seconds), peoplePerSecond: round(result.counts.people / seconds) }, null, 2));
      return;
    }
    const c = result.counts;
    console.log(`export → ${result.out}`);
    console.log(`  ${c.people} personnes / people, ${c.versions} versions, ${c.enrollments} enrôlements / enrollments, ${c.images} images (${c.fingers} doigts / fingers, ${c.missingFingers} manquants / missing)`);
    console.log(`  ${result.files} fichiers / files, ${(result.bytes / 1e6).toFixed(1)} MB, ${seconds.toFixed(1)} s (${Math.round(c.people / seconds)} people/s)`);
    if (c.pendingEnrollmentsNotExported > 0) console.log(`  ${c.pendingEnrollmentsNotExported} enrôlement(s) en attente de décision non exporté(s) / pending enrollment(s) not exported (no identity yet)`);
    console.log(`  signé / signed: Ed25519 ${result.publicKeyFingerprint}`);
  } finally {
    bar?.stop();
    await registry.close();
  }
}

function problemLine(p: ExportProblem): string {
  switch (p.kind) {
    case 'signature':
      return `signature  ${p.message}`;
    case 'changed':
      return `changed    ${p.path}`;
    case 'missing':
      return `missing    ${p.path}`;
    case 'added':
      return `added      ${p.path}`;
  }
}

/** The PEM file named by `--public-key`, read (undefined when the option is absent); unreadable → a one-line error. */
export function readPublicKeyOption(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`--public-key ${path}: ${(error as Error).message}`);
  }
}

/** `kura export verify DIR`: signature, every file's hash and size, nothing added. Exit 1 when anything is wrong. */
export async function exportVerifyCommand(dir: string, options: ExportVerifyOptions): Promise<ExportVerification> {
  const publicKeyPem = readPublicKeyOption(options.publicKey);
  const bar = options.progress === false || options.json ? undefined : new SingleBar({ format: 'verify [{bar}] {value}/{total} files', hideCursor: true, stream: process.stderr });
  let started = false;
  let result: ExportVerification;
  try {
    result = await verifyExport(resolve(dir), {
      ...(publicKeyPem !== undefined ? { publicKeyPem } : {}),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    }).catch(asCliError);
  } finally {
    bar?.stop();
  }
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const p of result.problems) console.log(problemLine(p));
    const origin = result.keySource === 'given' ? 'clé fournie / given key' : 'clé incluse dans l’export / key inside the export (compare its fingerprint with the deployment’s)';
    console.log(`${result.ok ? 'OK' : 'ÉCHEC / FAILED'}: ${result.filesChecked} fichiers vérifiés / files checked, ${result.problems.length} problème(s) / problem(s)`);
    console.log(`  Ed25519 ${result.publicKeyFingerprint} — ${origin}`);
  }
  if (!result.ok) process.exitCode = 1;
  return result;
}

const round = (x: number) => Math.round(x * 100) / 100;
