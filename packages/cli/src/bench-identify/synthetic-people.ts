import { createHash } from 'node:crypto';
import { type FingerprintTemplate, createTemplate, encodeTemplate, packFinger, syntheticFingerTemplates } from '@kura/biometrics';
import { GALLERY_GENERATOR } from './parameters.js';

/** The ten ANSI/NIST finger positions of every synthetic person. */
export const ALL_POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** People per seed: the synthesiser's person number is seed × this + the benchmark's person index. */
export const PEOPLE_PER_SEED = 1_000_000_000;
/** Largest seed keeping the synthesiser's person numbers safe integers. */
export const MAX_SEED = Math.floor(Number.MAX_SAFE_INTEGER / PEOPLE_PER_SEED) - 1;

/**
 * Templates of some impressions (0-based) of one finger of one synthetic person of the benchmark
 * population `seed` (template-only synthesis: minutiae from a grown master's ridge skeleton).
 */
export function syntheticFingers(seed: number, person: number, position: number, impressions: readonly number[]): FingerprintTemplate[] {
  return syntheticFingerTemplates(seed * PEOPLE_PER_SEED + person, position, impressions).map(createTemplate);
}

/**
 * What a cache's name records about how it was made: this benchmark's own version plus digests of
 * a few sample fingers — their templates (`probes`: tracks the synthesiser) and, for the gallery,
 * also their packed resident form (tracks the gallery's packing and pre-filter code) — so a change
 * in either never reuses a stale cache.
 */
export function generatorVersions(): { probes: string; gallery: string } {
  const templates = createHash('sha256');
  const packed = createHash('sha256');
  for (const position of [2, 7]) {
    for (const t of syntheticFingers(0, 0, position, [0, 1])) {
      templates.update(encodeTemplate(t));
      packed.update(packFinger(t));
    }
  }
  const probes = `${GALLERY_GENERATOR}-${templates.digest('hex').slice(0, 10)}`;
  return { probes, gallery: `${probes}-${packed.digest('hex').slice(0, 6)}` };
}
