import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Where a worker thread starts, for the module `name` (without extension) beside `callerUrl`
 * (pass `import.meta.url`): the compiled `.js` when the caller runs compiled, or — when it runs
 * from TypeScript sources under vitest or tsx, whose loader workers do not inherit — a small
 * bootstrap that registers tsx in the worker before importing the `.ts` source.
 */
export function workerEntry(callerUrl: string, name: string): { url: URL; execArgv: string[] } {
  if (!callerUrl.endsWith('.ts')) return { url: new URL(`./${name}.js`, callerUrl), execArgv: [] };
  const tsxApi = pathToFileURL(createRequire(callerUrl).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const source = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(source)});`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), execArgv: ['--conditions=kura-source'] };
}
