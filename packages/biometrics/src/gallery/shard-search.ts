import { FingerprintMatcher, type MinutiaPair } from '../fingerprint/match/matcher.js';
import type { FingerprintTemplate } from '../fingerprint/template.js';
import { PREFILTER_WORDS, PRESENT_WORDS, preparePrefilterProbeInto, prefilterScore } from './prefilter/index.js';
import { FEATURE_SPACE } from './prefilter/triplet-feature.js';
import { fuseFingerScores } from './fusion.js';
import type { Shard } from './shard.js';
import { TopSubjects } from './top-subjects.js';
import type { FingerPosition, FingerScore, GalleryCandidate } from './types.js';

/** A probe finger as a worker uses it: the (unpacked) template and its matcher, made on demand. */
export class ProbeFinger {
  private fullMatcher: FingerprintMatcher | undefined;
  constructor(
    readonly position: FingerPosition,
    readonly template: FingerprintTemplate,
  ) {}
  get matcher(): FingerprintMatcher {
    return (this.fullMatcher ??= new FingerprintMatcher(this.template));
  }
}

/** Scratch of the pre-filter pass, reused between searches (a worker runs one at a time). */
let fusedScratch = new Float64Array(0);
let rowScoreScratch = new Float64Array(0);
let probeTable: Uint16Array | undefined;
let probePresent: Uint32Array | undefined;

/**
 * Pre-filter pass: every live finger at a probe finger's position is scored against it, the
 * scores summed per subject, and the best `k` subjects kept (subjects with nothing at the
 * probe's positions are not candidates). One probe finger at a time: its 512 KB table is built
 * in one reused array and stays in cache while the fingers at its position are scored; the
 * per-subject sums are then added up in row order, as a single pass over the rows would.
 */
export function prefilterShard(shard: Shard, probe: readonly ProbeFinger[], k: number, exclude: ReadonlySet<number>): { subjectIds: Uint32Array; scores: Float64Array; comparisons: number } {
  const { rowPosition, rowSlot, codes, rows } = shard;
  if (rowScoreScratch.length < rows) rowScoreScratch = new Float64Array(Math.ceil(rows * 1.25));
  const rowScore = rowScoreScratch;
  const probed = new Uint8Array(11);
  const table = (probeTable ??= new Uint16Array(FEATURE_SPACE));
  const present = (probePresent ??= new Uint32Array(PRESENT_WORDS));
  for (const finger of probe) {
    const position = finger.position;
    probed[position] = 1;
    table.fill(0);
    present.fill(0);
    const p = preparePrefilterProbeInto(finger.template, table, present);
    for (let row = 0; row < rows; row++) if (rowPosition[row] === position) rowScore[row] = prefilterScore(p, codes, row * PREFILTER_WORDS);
  }
  if (fusedScratch.length < shard.slotCount) fusedScratch = new Float64Array(Math.ceil(shard.slotCount * 1.25));
  const fused = fusedScratch;
  fused.fill(-1, 0, shard.slotCount);
  let comparisons = 0;
  for (let row = 0; row < rows; row++) {
    if (probed[rowPosition[row]!] === 0) continue;
    const slot = rowSlot[row]!;
    fused[slot] = Math.max(0, fused[slot]!) + rowScore[row]!;
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
    // Gallery fingers keep no orientation field: the edge table is all the matcher reads of them.
    const candidate = shard.edges(row);
    if (withPairs) {
      const result = finger.matcher.matchEdgesWithPairs(candidate);
      fingers.push({ position: finger.position, score: result.score });
      pairs[finger.position] = result.pairs;
    } else fingers.push({ position: finger.position, score: finger.matcher.matchEdges(candidate) });
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
