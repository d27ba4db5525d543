import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { extractTemplate } from './extraction.js';
import { FingerprintMatcher } from './match/matcher.js';
import { POOL_THREAD_NAME, type ExtractOutcome, type PoolRequest, type PoolResponse } from './pool-protocol.js';
import { decodeTemplate, encodeTemplate } from './template-codec.js';

/** One pool worker: extracts or compares what it is sent, answering each request once. */
function handle(request: PoolRequest): PoolResponse {
  if (request.kind === 'extract') {
    const outcomes: ExtractOutcome[] = request.images.map((image) => {
      try {
        const e = extractTemplate(image);
        return { ok: true, template: encodeTemplate(e.template), usable: e.usable, quality: e.quality, problems: [...e.problems] };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    });
    return { id: request.id, kind: 'extract', outcomes };
  }
  const templates = request.templates.map(decodeTemplate);
  const scores = new Float64Array(request.probes.length);
  let matcher: FingerprintMatcher | undefined;
  let matcherProbe = -1;
  for (let i = 0; i < scores.length; i++) {
    const probe = request.probes[i]!;
    if (probe !== matcherProbe) {
      matcher = new FingerprintMatcher(templates[probe]!);
      matcherProbe = probe;
    }
    scores[i] = matcher!.match(templates[request.candidates[i]!]!);
  }
  return { id: request.id, kind: 'compare', scores };
}

try {
  // Linux only; elsewhere the thread just keeps its inherited name
  writeFileSync('/proc/thread-self/comm', POOL_THREAD_NAME);
} catch {
  // not Linux, or /proc not mounted
}

parentPort?.on('message', (request: PoolRequest) => {
  let response: PoolResponse;
  try {
    response = handle(request);
  } catch (error) {
    response = { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
