import { existsSync, readFileSync } from 'node:fs';
import { SynthWorkerPool, type GalleryTemplatesBatch, decodeTemplate, galleryTemplateBytes, templateToIso19794_2 } from '@kura/biometrics';
import { DomainError, type Enrollment, type EnrollmentInput, type FingerOutcome, type GeneratedPerson, type Registry, generatePopulation } from '@kura/registry';
import { cliActor, CliError } from '../config.js';
import { missingFingersOf } from './synth-plan.js';
import { writeAtomically } from './synth.js';

/**
 * Loads a synthetic population straight into a Kura register through the enrollment service
 * (issue 6 `--into`, and `kura demo`): each person's demographics plus ten template-only
 * synthetic fingers sent as ISO/IEC 19794-2 templates, so every person goes through the
 * quality gate and the 1:N search exactly like a real enrollment. A few people can be
 * enrolled a second time under another spelling with other impressions (planted duplicates):
 * they open dedup cases for adjudicators to train on.
 */
export interface LoadPopulationOptions {
  people: number;
  seed: number;
  threads: number;
  /** People enrolled a second time (other impressions, altered names): each opens a dedup case. */
  duplicates?: number;
  /** JSON file recording progress, so an interrupted load resumes where it stopped. */
  checkpoint?: string | undefined;
  onProgress?: (done: number, total: number) => void;
}

export interface LoadPopulationReport {
  people: number;
  enrolled: number;
  pendingAdjudication: number;
  resumedFrom: number;
  duplicatesPlanted: number;
  seconds: number;
}

/** People generated per worker job: large enough to amortise messaging, small enough for a smooth progress bar. */
const BATCH_PEOPLE = 20;
/** Template-only person numbers: populations of different seeds never share a finger. */
const PERSON_NUMBERS_PER_SEED = 10_000_000;

export function syntheticPersonNumber(seed: number, index: number): number {
  return seed * PERSON_NUMBERS_PER_SEED + index;
}

interface Checkpoint {
  seed: number;
  people: number;
  done: number;
  /** Planted duplicates already enrolled. */
  duplicatesDone: number;
}

export async function loadPopulation(registry: Registry, options: LoadPopulationOptions): Promise<LoadPopulationReport> {
  const { people: count, seed, threads } = options;
  const duplicates = options.duplicates ?? 0;
  if (!Number.isSafeInteger(syntheticPersonNumber(seed, count + duplicates))) throw new CliError(`seed ${seed} is too large for a population of ${count}`);
  if (duplicates > count) throw new CliError(`duplicates: at most one per person (${count}), got ${duplicates}`);
  const started = performance.now();
  const checkpoint = readCheckpoint(options.checkpoint, seed, count);
  const population = generatePopulation(count, seed);
  const actor = cliActor('synthetic population');
  const report: LoadPopulationReport = { people: count, enrolled: 0, pendingAdjudication: 0, resumedFrom: checkpoint.done, duplicatesPlanted: 0, seconds: 0 };
  const pool = new SynthWorkerPool(threads);
  const batchOf = (first: number) =>
    pool.runGallery({ firstPerson: syntheticPersonNumber(seed, first), people: Math.min(BATCH_PEOPLE, count - first), impressions: [0, 1] });
  try {
    let first = checkpoint.done;
    let next = first < count ? batchOf(first) : undefined;
    let checkResume = checkpoint.done > 0;
    while (next) {
      const batch = await next;
      const after = first + batch.people;
      next = after < count ? batchOf(after) : undefined; // generate the next batch while this one enrolls
      for (let index = first; index < after; index++) {
        const input = enrollmentOf(population[index]!, batch, seed, index, 0);
        // A load killed between an enrollment and its checkpoint must not enroll that person twice.
        if (checkResume && (await alreadyEnrolled(registry, input, actor))) {
          checkResume = false;
          continue;
        }
        checkResume = false;
        const enrollment = await enrollWithRetakes(registry, input, actor);
        if (enrollment.status === 'enrolled') report.enrolled++;
        else report.pendingAdjudication++;
        saveCheckpoint(options.checkpoint, { seed, people: count, done: index + 1, duplicatesDone: 0 });
        options.onProgress?.(index + 1, count + duplicates);
      }
      first = after;
    }
    // Planted duplicates: the first people again, second impressions, another spelling of their names.
    for (let k = checkpoint.duplicatesDone; k < duplicates; k++) {
      const index = Math.floor((k * count) / duplicates);
      const batch = await pool.runGallery({ firstPerson: syntheticPersonNumber(seed, index), people: 1, impressions: [0, 1] });
      const input = enrollmentOf(respelled(population[index]!), batch, seed, index, 1);
      const enrollment = await enrollWithRetakes(registry, input, actor);
      if (enrollment.status === 'enrolled') report.enrolled++;
      else report.pendingAdjudication++;
      report.duplicatesPlanted++;
      saveCheckpoint(options.checkpoint, { seed, people: count, done: count, duplicatesDone: k + 1 });
      options.onProgress?.(count + k + 1, count + duplicates);
    }
  } finally {
    await pool.close();
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * Enrolls; a finger the quality gate does not accept (a synthetic impression can be as poor as
 * a real one) is recorded as unusable, as an operator would after failed retakes.
 */
async function enrollWithRetakes(registry: Registry, input: EnrollmentInput, actor: ReturnType<typeof cliActor>): Promise<Enrollment> {
  try {
    return await registry.biometrics.enroll(input, actor);
  } catch (error) {
    // Synthetic NINAs are drawn per population: one already held in this register is dropped, not forced.
    if (error instanceof DomainError && error.code === 'DUPLICATE_NINA' && input.person.nina) {
      return enrollWithRetakes(registry, { ...input, person: { ...input.person, nina: null } }, actor);
    }
    if (!(error instanceof DomainError) || error.code !== 'FINGERS_NOT_ACCEPTED') throw error;
    const outcomes = (error.details?.fingers ?? []) as FingerOutcome[];
    const refused = new Set(outcomes.filter((f) => f.outcome !== 'accepted').map((f) => f.position));
    if (refused.size === 0) throw error;
    return enrollWithRetakes(
      registry,
      {
        ...input,
        fingers: input.fingers.filter((f) => !refused.has(f.position)),
        missingFingers: [...(input.missingFingers ?? []), ...[...refused].map((position) => ({ position, reason: 'unusable' as const }))],
      },
      actor,
    );
  }
}

function enrollmentOf(person: GeneratedPerson, batch: GalleryTemplatesBatch, seed: number, index: number, impression: number): EnrollmentInput {
  const missing = missingFingersOf(seed, index);
  const fingers = batch.positions
    .filter((position) => !missing.has(position))
    .map((position) => {
      const template = decodeTemplate(galleryTemplateBytes(batch, syntheticPersonNumber(seed, index), position, impression));
      return { position, format: 'iso19794-2' as const, data: Buffer.from(templateToIso19794_2(template, { fingerPosition: position })).toString('base64') };
    });
  return { person, fingers, missingFingers: [...missing].map((position) => ({ position, reason: 'amputated' as const })) };
}

/** Another spelling of the same names, as a second enrollment under a variant would show. */
function respelled(person: GeneratedPerson): GeneratedPerson {
  const swap = (s: string) => s.replace(/ou/gi, 'u').replace(/y$/i, 'i').replace(/ss/gi, 's');
  const family = swap(person.familyNames);
  return { ...person, familyNames: family === person.familyNames ? `${family}E` : family, nina: null };
}

async function alreadyEnrolled(registry: Registry, input: EnrollmentInput, actor: ReturnType<typeof cliActor>): Promise<boolean> {
  if (input.fingers.length === 0) return false;
  const result = await registry.biometrics.identify({ fingers: input.fingers, maxResults: 1, fpir: 0.0001 }, actor);
  return result.candidates.length > 0;
}

function readCheckpoint(path: string | undefined, seed: number, people: number): Checkpoint {
  if (!path || !existsSync(path)) return { seed, people, done: 0, duplicatesDone: 0 };
  let saved: Checkpoint;
  try {
    saved = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  } catch (error) {
    throw new CliError(`cannot read the checkpoint ${path}: ${(error as Error).message}`);
  }
  if (saved.seed !== seed) throw new CliError(`${path} records a load with seed ${saved.seed}, not ${seed}: give the same seed or remove the file`);
  const done = Math.min(people, Math.max(0, Math.floor(saved.done)));
  // Duplicates are planted after everyone is in: a larger population starts them over.
  return { seed, people, done, duplicatesDone: done === people ? Math.max(0, Math.floor(saved.duplicatesDone ?? 0)) : 0 };
}

function saveCheckpoint(path: string | undefined, checkpoint: Checkpoint): void {
  if (path) writeAtomically(path, Buffer.from(`${JSON.stringify(checkpoint)}\n`));
}
