import { createTemplate } from '../fingerprint/template.js';
import { encodeTemplate } from '../fingerprint/template-codec.js';
import { type SyntheticTemplate, impressionTemplate } from './impression-template.js';
import { createMasterFingerprint } from './master-fingerprint.js';
import { masterMinutiae } from './master-minutiae.js';
import { SynthError, assertCount, assertSeed } from './synth-error.js';

/**
 * Bulk template-only synthesis for 1:N galleries (issue 7): the ten fingers of numbered
 * synthetic people, each finger its own master (grown on the template raster), each
 * impression its minutiae through that impression's placement, distortion and contact.
 * The same (person, position, impression) always gives the same template.
 */

/** ANSI/NIST finger positions: 1 right thumb … 5 right little, 6 left thumb … 10 left little. */
export const FINGER_POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * Master seed of one finger of one synthetic person: a different master for every
 * (person, position), the same every time; a safe integer. `person` is any safe integer ≥ 0.
 */
export function fingerMasterSeed(person: number, position: number): number {
  assertSeed(person, 'person');
  assertPosition(position);
  const high = mix32(mix32(Math.floor(person / 4294967296) ^ 0x9e3779b9) ^ mix32((person >>> 0) + 0x85ebca6b) ^ position);
  const low = mix32(high ^ mix32(Math.imul(person >>> 0, 31) + position + 0xc2b2ae35));
  return (high & 0x1fffff) * 2 ** 32 + low;
}

/** Template-only impressions (0-based indices) of finger `position` of synthetic person `person`, at 500 ppi. */
export function syntheticFingerTemplates(person: number, position: number, impressions: readonly number[]): SyntheticTemplate[] {
  impressions.forEach((i) => assertCount(i, 'impression', 1_000_000));
  const master = createMasterFingerprint(fingerMasterSeed(person, position), { raster: 'template' });
  const minutiae = masterMinutiae(master);
  return impressions.map((i) => impressionTemplate(master, i, {}, minutiae));
}

/** A batch of people for SynthWorkerPool.runGallery: people firstPerson … firstPerson + people − 1. */
export interface GalleryTemplatesJob {
  mode: 'gallery-templates';
  firstPerson: number;
  people: number;
  /** Finger positions 1–10 (default all ten). */
  positions?: readonly number[];
  /** Impression indices (0-based) per finger. */
  impressions: readonly number[];
}

/**
 * The batch's templates in Kura's template encoding (encodeTemplate), back to back in one
 * buffer: template k = bytes[offsets[k] … offsets[k + 1]), k = (person × positions + finger) ×
 * impressions + impression (indices into the job's lists). Both buffers transfer between threads.
 */
export interface GalleryTemplatesBatch {
  firstPerson: number;
  people: number;
  positions: number[];
  impressions: number[];
  offsets: Uint32Array;
  bytes: Uint8Array;
}

export function runGalleryTemplatesJob(job: GalleryTemplatesJob): GalleryTemplatesBatch {
  assertSeed(job.firstPerson, 'firstPerson');
  assertCount(job.people, 'people', 100_000);
  assertSeed(job.firstPerson + job.people, 'firstPerson');
  const positions = [...(job.positions ?? FINGER_POSITIONS)];
  positions.forEach(assertPosition);
  if (!Array.isArray(job.impressions) || job.impressions.length === 0) throw new SynthError('BAD_COUNT', 'impressions', 'must list at least one impression index');
  const impressions = [...job.impressions];
  impressions.forEach((i) => assertCount(i, 'impression', 1_000_000));
  const encoded: Uint8Array[] = [];
  let total = 0;
  for (let p = 0; p < job.people; p++) {
    for (const position of positions) {
      for (const template of syntheticFingerTemplates(job.firstPerson + p, position, impressions)) {
        const bytes = encodeTemplate(createTemplate(template));
        encoded.push(bytes);
        total += bytes.length;
      }
    }
  }
  const bytes = new Uint8Array(total);
  const offsets = new Uint32Array(encoded.length + 1);
  encoded.forEach((e, k) => {
    bytes.set(e, offsets[k]!);
    offsets[k + 1] = offsets[k]! + e.length;
  });
  return { firstPerson: job.firstPerson, people: job.people, positions, impressions, offsets, bytes };
}

/** Template k of a batch (see GalleryTemplatesBatch), as bytes for decodeTemplate. */
export function galleryTemplateBytes(batch: GalleryTemplatesBatch, person: number, position: number, impression: number): Uint8Array {
  const p = person - batch.firstPerson;
  const f = batch.positions.indexOf(position);
  const i = batch.impressions.indexOf(impression);
  if (p < 0 || p >= batch.people || f < 0 || i < 0) throw new SynthError('BAD_COUNT', 'template', `person ${person}, position ${position}, impression ${impression} is not in this batch`);
  const k = (p * batch.positions.length + f) * batch.impressions.length + i;
  return batch.bytes.subarray(batch.offsets[k]!, batch.offsets[k + 1]!);
}

function assertPosition(position: unknown): asserts position is number {
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 1 || position > 10) {
    throw new SynthError('BAD_COUNT', 'position', `must be a finger position from 1 to 10 (got ${String(position)})`);
  }
}

function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
