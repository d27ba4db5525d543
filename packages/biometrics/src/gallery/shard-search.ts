import { FingerprintMatcher, type MinutiaPair } from '../fingerprint/match/matcher.js';
import type { FingerprintTemplate } from '../fingerprint/template.js';
import { PREFILTER_WORDS, preparePrefilterProbe, prefilterScore, type PrefilterProbe } from './prefilter/index.js';
import { fuseFingerScores } from './fusion.js';
import type { Shard } from './shard.js';
import { TopSubjects } from './top-subjects.js';
import type { FingerPosition, FingerScore, GalleryCandidate } from './types.js';

/** A probe finger as a worker uses it: the (unpacked) template, its pre-filter form and matcher made on demand. */
export class ProbeFinger {
  private prefilterProbe: PrefilterProbe | undefined;
  private fullMatcher: FingerprintMatcher | undefined;
  constructor(
    readonly position: FingerPosition,
    readonly template: FingerprintTemplate,
  ) {}
  get prefilter(): PrefilterProbe {
    return (this.prefilterProbe ??= preparePrefilterProbe(this.template));
  }
  get matcher(): FingerprintMatcher {
    return (this.fullMatcher ??= new FingerprintMatcher(this.template));
  }
}

/** Per-subject fused pre-filter scores, reused between searches (a worker runs one at a time). */
let fusedScratch = new Float64Array(0);

/**
 * Pre-filter pass: every live finger at a probe finger's position is scored against it, the
 * scores summed per subject, and the best `k` subjects kept (subjects with nothing at the
 * probe's positions are not candidates).
 */
export function prefilterShard(shard: Shard, probe: readonly ProbeFinger[], k: number, exclude: ReadonlySet<number>): { subjectIds: Uint32Array; scores: Float64Array; comparisons: number } {
  const probeAt = new Array<PrefilterProbe | undefined>(11).fill(undefined);
  for (const finger of probe) probeAt[finger.position] = finger.prefilter;
  if (fusedScratch.length < shard.slotCount) fusedScratch = new Float64Array(Math.ceil(shard.slotCount * 1.25));
  const fused = fusedScratch;
  fused.fill(-1, 0, shard.slotCount);
  const { rowPosition, rowSlot, codes, rows } = shard;
  let comparisons = 0;
  for (let row = 0; row < rows; row++) {
    const p = probeAt[rowPosition[row]!];
    if (p === undefined) continue;
    const score = prefilterScore(p, codes, row * PREFILTER_WORDS);
    const slot = rowSlot[row]!;
    fused[slot] = Math.max(0, fused[slot]!) + score;
    comparisons++;
  }
  const top = new TopSubjects(k);
  for (let slot = 0; slot < shard.slotCount; slot++) {
    if (fused[slot]! < 0) continue;
    const subjectId = shard.slotSubject[slot]!;
    if (!exclude.has(subjectId)) top.offer(fused[slot]!, subjectId);
  }
  return { ...top.sorted(), comparisons };
}

/**
 * Full comparison of the probe with one subject: each finger of the subject at a probe
 * position is unpacked and scored by that probe finger's matcher. Undefined when the subject is
 * not in this shard; `pairs` only when asked (evidence).
 */
export function compareWithSubject(
  shard: Shard,
  probe: readonly ProbeFinger[],
  subjectId: number,
  withPairs: boolean,
): { candidate: GalleryCandidate; comparisons: number; pairs: Record<number, MinutiaPair[]> } | undefined {
  const slot = shard.slotOf(subjectId);
  if (slot < 0) return undefined;
  const fingers: FingerScore[] = [];
  const pairs: Record<number, MinutiaPair[]> = {};
  for (let row = shard.slotHead[slot]!; row !== -1; row = shard.rowNext[row]!) {
    const finger = probe.find((f) => f.position === shard.rowPosition[row]);
    if (!finger) continue;
    const candidate = shard.template(row);
    if (withPairs) {
      const result = finger.matcher.matchWithPairs(candidate);
      fingers.push({ position: finger.position, score: result.score });
      pairs[finger.position] = result.pairs;
    } else fingers.push({ position: finger.position, score: finger.matcher.match(candidate) });
  }
  fingers.sort((a, b) => a.position - b.position);
  return { candidate: { subjectId, score: fuseFingerScores(fingers), fingers }, comparisons: fingers.length, pairs };
}

/** Re-scoring pass: the full comparison of the probe with each listed subject of this shard. */
export function rescoreShard(shard: Shard, probe: readonly ProbeFinger[], subjectIds: Uint32Array, minScore: number): { candidates: GalleryCandidate[]; comparisons: number } {
  const candidates: GalleryCandidate[] = [];
  let comparisons = 0;
  for (const subjectId of subjectIds) {
    const result = compareWithSubject(shard, probe, subjectId, false);
    if (!result) continue; // removed since the pre-filter pass
    comparisons += result.comparisons;
    if (result.candidate.score >= minScore) candidates.push(result.candidate);
  }
  return { candidates, comparisons };
}
