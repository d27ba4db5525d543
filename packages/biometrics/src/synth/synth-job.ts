import type { FingerprintClass } from './fingerprint-class.js';
import { type SyntheticImage, renderImpression } from './impression-image.js';
import type { ImpressionOptions } from './impression-plan.js';
import { type SyntheticTemplate, impressionTemplate } from './impression-template.js';
import { createMasterFingerprint } from './master-fingerprint.js';
import { masterMinutiae } from './master-minutiae.js';
import { assertCount, assertSeed } from './synth-error.js';

/** One unit of batch work: a finger (master) and some of its impressions. */
export interface SynthJob {
  seed: number;
  /** Impressions 0 … count − 1 (or these exact indices). */
  impressions: number | number[];
  /** 'image': rendered impressions; 'template': minutiae only. */
  mode: 'image' | 'template';
  /**
   * Raster of the master (MasterOptions.raster): 'image' (default; templates match rendered
   * impressions of the same seed) or 'template' (about 5× faster, for template-only galleries).
   */
  raster?: 'image' | 'template';
  options?: ImpressionOptions;
  fingerClass?: FingerprintClass;
  scars?: number;
}

export interface SynthJobResult {
  seed: number;
  fingerClass: FingerprintClass;
  indices: number[];
  images: SyntheticImage[];
  templates: SyntheticTemplate[];
}

export function impressionIndices(impressions: number | number[]): number[] {
  if (Array.isArray(impressions)) {
    impressions.forEach((i) => assertCount(i, 'impression', 1_000_000));
    return impressions;
  }
  assertCount(impressions, 'impressions', 10_000);
  return Array.from({ length: impressions }, (_, i) => i);
}

export function runSynthJob(job: SynthJob): SynthJobResult {
  assertSeed(job.seed);
  const indices = impressionIndices(job.impressions);
  const master = createMasterFingerprint(job.seed, {
    ...(job.fingerClass === undefined ? {} : { fingerClass: job.fingerClass }),
    ...(job.scars === undefined ? {} : { scars: job.scars }),
    ...(job.raster === undefined ? {} : { raster: job.raster }),
  });
  const result: SynthJobResult = { seed: job.seed, fingerClass: master.fingerClass, indices, images: [], templates: [] };
  if (job.mode === 'image') {
    for (const i of indices) result.images.push(renderImpression(master, i, job.options));
  } else {
    const minutiae = masterMinutiae(master);
    for (const i of indices) result.templates.push(impressionTemplate(master, i, job.options, minutiae));
  }
  return result;
}
