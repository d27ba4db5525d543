import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@kura/biometrics';
import type { BuildJob, BuildJobResult } from './build-job.js';

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * Worker threads that generate, pack and encode synthetic fingers (one per core by default).
 * A job goes to the least busy worker; a dead worker fails every job still waiting.
 */
export class BuildPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (r: BuildJobResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(readonly size = availableParallelism()) {
    const { url, execArgv } = workerEntry(import.meta.url, 'build-worker');
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(url, { execArgv }), busy: 0 };
      slot.worker.on('message', (message: { id: number; result?: BuildJobResult; error?: string }) => {
        slot.busy--;
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!waiting) return;
        if (message.result) waiting.resolve({ ...message.result, bytes: new Uint8Array(message.result.bytes) });
        else waiting.reject(new Error(`build worker: ${message.error}`));
      });
      slot.worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      this.slots.push(slot);
    }
  }

  run(job: BuildJob): Promise<BuildJobResult> {
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
