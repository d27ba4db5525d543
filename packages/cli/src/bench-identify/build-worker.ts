import { parentPort } from 'node:worker_threads';
import { type BuildJob, runBuildJob } from './build-job.js';

/** Build worker: runs jobs one at a time and hands the bytes back without copying them. */
parentPort?.on('message', ({ id, job }: { id: number; job: BuildJob }) => {
  try {
    const result = runBuildJob(job);
    parentPort?.postMessage({ id, result }, [result.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
