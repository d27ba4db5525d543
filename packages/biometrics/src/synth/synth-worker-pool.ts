import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GalleryTemplatesBatch, GalleryTemplatesJob } from './gallery-templates.js';
import type { SynthJob, SynthJobResult } from './synth-job.js';
import { SynthError, type SynthErrorCode } from './synth-error.js';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Runs synthesis jobs on worker threads, one per core by default. Jobs go to the least busy
 * worker; results come back in the order each job finishes (await each promise for order).
 * Works from the built JavaScript and from TypeScript source under tsx (workers inherit its loader).
 */
export class SynthWorkerPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(readonly threads: number = availableParallelism()) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new SynthError('BAD_COUNT', 'threads', `must be an integer from 1 to 256 (got ${threads})`);
    }
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(`./synth-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);
    // Running from TypeScript source (tsx): the loader is not inherited by workers, so each
    // worker registers it before loading its entry.
    const source = fromSource
      ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`
      : undefined;
    for (let i = 0; i < threads; i++) {
      const worker = source === undefined ? new Worker(url) : new Worker(source, { eval: true });
      const slot = { worker, busy: 0 };
      worker.on('message', (message: { id: number; result?: SynthJobResult | GalleryTemplatesBatch; error?: { name: string; message: string; code?: string; field?: string } }) => {
        slot.busy--;
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.result) pending.resolve(message.result);
        else if (message.error?.name === 'SynthError') {
          pending.reject(new SynthError(message.error.code as SynthErrorCode, message.error.field ?? 'job', message.error.message.replace(/^[^:]*: /, '')));
        } else pending.reject(new Error(message.error?.message ?? 'synthesis worker failed'));
      });
      worker.on('error', (error) => {
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
      this.workers.push(slot);
    }
  }

  run(job: SynthJob): Promise<SynthJobResult> {
    return this.post(job);
  }

  /**
   * Template-only gallery batch (see gallery-templates.ts): encoded templates of people
   * firstPerson … firstPerson + people − 1, transferred, not copied. Batches of 50–200 people
   * keep both threads busy with little messaging.
   */
  runGallery(job: Omit<GalleryTemplatesJob, 'mode'>): Promise<GalleryTemplatesBatch> {
    return this.post({ ...job, mode: 'gallery-templates' });
  }

  private post<T>(job: SynthJob | GalleryTemplatesJob): Promise<T> {
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
