import { type PackedGalleryFinger, type FingerPosition, encodeGalleryBatch, packFinger } from '@kura/biometrics';
import { IDENTIFY_BENCH } from './parameters.js';
import { encodeProbes } from './probe-codec.js';
import { ALL_POSITIONS, syntheticFingers } from './synthetic-people.js';

/** Work sent to a build worker: a chunk of enrolled people, or a set of probe people. */
export type BuildJob =
  | { kind: 'gallery'; seed: number; firstPerson: number; people: number }
  | { kind: 'probes'; seed: number; persons: number[] };

export interface BuildJobResult {
  /** encodeGalleryBatch bytes (gallery) or encodeProbes bytes (probes). */
  bytes: Uint8Array;
  fingers: number;
}

/**
 * Runs one job: every finger generated (template-only synthesis), packed in the gallery's
 * resident form and encoded, so that the main thread only writes bytes and loads them.
 */
export function runBuildJob(job: BuildJob): BuildJobResult {
  if (job.kind === 'gallery') {
    const fingers: PackedGalleryFinger[] = [];
    for (let person = job.firstPerson; person < job.firstPerson + job.people; person++) {
      for (const position of ALL_POSITIONS) {
        const [template] = syntheticFingers(job.seed, person, position, [IDENTIFY_BENCH.enrolledImpression]);
        fingers.push({ subjectId: person + 1, position: position as FingerPosition, packed: packFinger(template!) });
      }
    }
    return { bytes: encodeGalleryBatch(fingers), fingers: fingers.length };
  }
  const people = job.persons.map((person) => ({
    person,
    fingers: ALL_POSITIONS.map((position) => ({ position, template: syntheticFingers(job.seed, person, position, [IDENTIFY_BENCH.searchedImpression])[0]! })),
  }));
  return { bytes: encodeProbes(people), fingers: people.length * ALL_POSITIONS.length };
}
