import { CLASS_FREQUENCIES } from './parameters.js';
import type { SeededRandom } from './random.js';
import { SynthError } from './synth-error.js';

/** The five Henry classes a master fingerprint is drawn from. */
export type FingerprintClass = keyof typeof CLASS_FREQUENCIES;

export const FINGERPRINT_CLASSES = Object.keys(CLASS_FREQUENCIES) as FingerprintClass[];

/** Draws a class with its natural frequency. */
export function drawFingerprintClass(random: SeededRandom): FingerprintClass {
  let u = random.next();
  for (const c of FINGERPRINT_CLASSES) {
    u -= CLASS_FREQUENCIES[c];
    if (u < 0) return c;
  }
  return 'left-loop';
}

export function parseFingerprintClass(value: unknown): FingerprintClass {
  if (typeof value === 'string' && (FINGERPRINT_CLASSES as string[]).includes(value)) return value as FingerprintClass;
  throw new SynthError('BAD_CLASS', 'class', `must be one of ${FINGERPRINT_CLASSES.join(', ')} (got ${String(value)})`);
}
