/** Worker-thread entry of SynthWorkerPool: runs jobs, sends results back (pixel buffers transferred). */
import { parentPort } from 'node:worker_threads';
import { type GalleryTemplatesJob, runGalleryTemplatesJob } from './gallery-templates.js';
import { type SynthJob, runSynthJob } from './synth-job.js';

parentPort?.on('message', (message: { id: number; job: SynthJob | GalleryTemplatesJob }) => {
  try {
    if (message.job.mode === 'gallery-templates') {
      const batch = runGalleryTemplatesJob(message.job);
      parentPort!.postMessage({ id: message.id, result: batch }, [batch.bytes.buffer as ArrayBuffer, batch.offsets.buffer as ArrayBuffer]);
      return;
    }
    const result = runSynthJob(message.job);
    parentPort!.postMessage(
      { id: message.id, result },
      result.images.map((image) => image.pixels.buffer as ArrayBuffer),
    );
  } catch (error) {
    const e = error as Error & { code?: string; field?: string };
    parentPort!.postMessage({ id: message.id, error: { name: e.name, message: e.message, code: e.code, field: e.field } });
  }
});
