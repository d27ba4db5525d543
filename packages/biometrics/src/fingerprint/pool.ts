import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FingerprintImage } from './image.js';
import type { ExtractOutcome, PoolRequest, PoolResponse } from './pool-protocol.js';
import { decodeTemplate, encodeTemplate } from './template-codec.js';
import type { FingerprintTemplate } from './template.js';
import { workerEntry } from '../worker-entry.js';

/** Result of extracting one image in the pool. */
export type PooledExtraction =
  | { ok: true; template: FingerprintTemplate; usable: boolean; quality: number; problems: string[] }
  | { ok: false; error: string };

/** Comparisons sent to a worker at once: large enough to amortise messaging, small enough to balance. */
const COMPARISONS_PER_TASK = 2000;
const IMAGES_PER_TASK = 4;

/**
 * Worker threads for batch extraction and batch comparison. Each worker runs the same engine code;
 * templates travel as their compact bytes. Works from the compiled package and from TypeScript
 * sources (vitest, tsx), where workers load the sources through tsx.
 */
export class FingerprintPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { request: PoolRequest; resolve: (r: PoolResponse) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: PoolResponse) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size = Math.max(1, availableParallelism())) {
    const { url, execArgv } = workerEntry(import.meta.url, 'pool-worker');
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { execArgv });
      worker.on('message', (response: PoolResponse) => {
        const waiting = this.pending.get(response.id);
        this.pending.delete(response.id);
        this.idle.push(worker);
        this.dispatch();
        if (!waiting) return;
        if (response.kind === 'error') waiting.reject(new Error(`fingerprint pool worker: ${response.message}`));
        else waiting.resolve(response);
      });
      // A dead worker leaves the pool unusable: fail everything now rather than hang.
      const fail = (error: Error) => {
        this.closed = true;
        for (const [, waiting] of this.pending) waiting.reject(error);
        this.pending.clear();
        for (const q of this.queue.splice(0)) q.reject(error);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!this.closed) fail(new Error(`fingerprint pool worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Extracts every image; failures are reported per image, in order. */
  async extractAll(images: readonly FingerprintImage[]): Promise<PooledExtraction[]> {
    const tasks: Promise<ExtractOutcome[]>[] = [];
    for (let i = 0; i < images.length; i += IMAGES_PER_TASK) {
      const batch = images.slice(i, i + IMAGES_PER_TASK);
      tasks.push(this.send({ id: 0, kind: 'extract', images: batch }).then((r) => (r.kind === 'extract' ? r.outcomes : [])));
    }
    const outcomes = (await Promise.all(tasks)).flat();
    return outcomes.map((o) => (o.ok ? { ok: true, template: decodeTemplate(o.template), usable: o.usable, quality: o.quality, problems: o.problems } : o));
  }

  /** Scores each (probe, candidate) pair of indices into `templates`, in order. */
  async compareAll(templates: readonly FingerprintTemplate[], pairs: readonly { probe: number; candidate: number }[]): Promise<Float64Array> {
    const bytes = templates.map(encodeTemplate);
    // Group by probe so each worker builds a probe's matcher once per task.
    const order = pairs.map((_, i) => i).sort((a, b) => pairs[a]!.probe - pairs[b]!.probe || a - b);
    const scores = new Float64Array(pairs.length);
    const tasks: Promise<void>[] = [];
    for (let start = 0; start < order.length; start += COMPARISONS_PER_TASK) {
      const slice = order.slice(start, start + COMPARISONS_PER_TASK);
      const probes = Int32Array.from(slice, (i) => pairs[i]!.probe);
      const candidates = Int32Array.from(slice, (i) => pairs[i]!.candidate);
      for (const i of [...probes, ...candidates]) if (!(i >= 0 && i < templates.length)) throw new RangeError(`pair refers to template ${i} of ${templates.length}`);
      tasks.push(
        this.send({ id: 0, kind: 'compare', templates: bytes, probes, candidates }).then((r) => {
          if (r.kind === 'compare') slice.forEach((pairIndex, k) => (scores[pairIndex] = r.scores[k]!));
        }),
      );
    }
    await Promise.all(tasks);
    return scores;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('fingerprint pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(request: PoolRequest): Promise<PoolResponse> {
    if (this.closed) return Promise.reject(new Error('fingerprint pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { ...request, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.pending.set(task.request.id, task);
      worker.postMessage(task.request);
    }
  }
}
