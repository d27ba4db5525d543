import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Where a gallery worker starts: the compiled module beside this one, or — when running from
 * TypeScript sources under vitest or tsx — a small bootstrap that registers tsx in the worker
 * before loading the source (the same arrangement as fingerprint/pool.ts).
 */
export function galleryWorkerEntry(): { url: URL; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { url: new URL('./shard-worker.js', import.meta.url), execArgv: [] };
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const source = new URL('./shard-worker.ts', import.meta.url).href;
  const bootstrap = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(source)});`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), execArgv: ['--conditions=kura-source'] };
}
