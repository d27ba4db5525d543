import { seededRandom } from '@kura/registry';

/**
 * What a synthetic person's seed decides about their hands, shared by the file output
 * (`kura synth population --out`) and the register loader (`--into`, `kura demo`), so one
 * seed gives the same people with the same missing fingers either way.
 */

/** Share of people missing one or more fingers, and of fingers bearing scars, as in real enrollments. */
export const POPULATION = { missingFingerPeople: 0.02, scarredFingers: 0.04, manifestVersion: 1 } as const;

/** The person's own random stream (missing fingers first, then scars). */
export function personRandom(seed: number, person: number): () => number {
  return seededRandom(fingerSeed(seed, person, 99));
}

/** Fingers (0-based: 0 right thumb … 9 left little) a person lacks, drawn from their stream. */
export function drawMissingFingers(random: () => number): Set<number> {
  const missing = new Set<number>();
  if (random() < POPULATION.missingFingerPeople) {
    missing.add(Math.floor(random() * 10));
    if (random() < 0.3) missing.add(Math.floor(random() * 10));
  }
  return missing;
}

/** ANSI/NIST positions (1–10) a person lacks. */
export function missingFingersOf(seed: number, person: number): Set<number> {
  return new Set([...drawMissingFingers(personRandom(seed, person))].map((f) => f + 1));
}

/** A finger's own seed from the population seed, person and finger: a safe integer. */
export function fingerSeed(seed: number, person: number, finger: number): number {
  const r = seededRandom((seed * 2654435761 + person * 40503 + finger * 97) >>> 0);
  return Math.floor(r() * 2 ** 21) * 2 ** 32 + Math.floor(r() * 2 ** 32);
}
