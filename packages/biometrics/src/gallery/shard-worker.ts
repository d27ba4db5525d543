import { parentPort } from 'node:worker_threads';
import { forEachCheckedBatchFinger } from './batch-codec.js';
import { PACKED_HEADER_BYTES, readPackedTemplate } from './packed-finger.js';
import { PREFILTER_WORDS } from './prefilter/index.js';
import type { ShardRequest, ShardResponse, WireProbeFinger } from './shard-protocol.js';
import { Shard } from './shard.js';
import { compareWithSubject, prefilterShard, ProbeFinger, rescoreShard } from './shard-search.js';

/** One gallery worker: owns one shard and answers each request once, in the order received. */
const shard = new Shard();

/**
 * The probes of the latest requests, unpacked, with the matchers built for them: a search sends
 * the same probe to its pre-filter and re-scoring passes (and evidence comparisons follow), so the
 * probe is unpacked and its matchers built once. Two, for searches that overlap.
 */
const recentProbes: { wire: readonly WireProbeFinger[]; fingers: ProbeFinger[] }[] = [];
const RECENT_PROBES = 2;

function probeFingers(wire: readonly WireProbeFinger[]): ProbeFinger[] {
  const at = recentProbes.findIndex((recent) => sameProbe(recent.wire, wire));
  if (at >= 0) {
    const [recent] = recentProbes.splice(at, 1);
    recentProbes.unshift(recent!);
    return recent!.fingers;
  }
  const fingers = wire.map((f) => new ProbeFinger(f.position, readPackedTemplate(f.packed, 0, PACKED_HEADER_BYTES + PREFILTER_WORDS * 4)));
  recentProbes.unshift({ wire, fingers });
  recentProbes.length = Math.min(recentProbes.length, RECENT_PROBES);
  return fingers;
}

function sameProbe(a: readonly WireProbeFinger[], b: readonly WireProbeFinger[]): boolean {
  if (a.length !== b.length) return false;
  for (let f = 0; f < a.length; f++) {
    const x = a[f]!;
    const y = b[f]!;
    if (x.position !== y.position || x.packed.length !== y.packed.length) return false;
    for (let i = 0; i < x.packed.length; i++) if (x.packed[i] !== y.packed[i]) return false;
  }
  return true;
}

function handle(request: ShardRequest): ShardResponse {
  switch (request.kind) {
    case 'ping':
      return { id: request.id, kind: 'done' };
    case 'add': {
      const batch = request.batch;
      let rows = 0;
      let arenaBytes = 0;
      let subjects = 0;
      let previous = -1;
      forEachCheckedBatchFinger(batch, (subjectId, _position, _start, length) => {
        rows++;
        arenaBytes += length - PREFILTER_WORDS * 4;
        // A subject's fingers usually come together: count the runs (more subjects only regrow).
        if (subjectId !== previous) subjects++;
        previous = subjectId;
      });
      // One reservation for the whole batch: loading copies bytes, it does not regrow arrays.
      shard.reserve(rows, arenaBytes, subjects);
      forEachCheckedBatchFinger(batch, (subjectId, position, start, length) => shard.addFinger(subjectId, position, batch, start, length));
      shard.maybeCompact();
      return { id: request.id, kind: 'done' };
    }
    case 'reserve':
      // A hint: never past a shard's 4 GB arena limit (a real overflow is refused when adding).
      shard.reserve(request.rows, Math.min(request.arenaBytes, 0xffffffff - shard.arenaUsed), 0);
      return { id: request.id, kind: 'done' };
    case 'remove':
      for (const subjectId of request.subjectIds) shard.removeSubject(subjectId);
      shard.maybeCompact();
      return { id: request.id, kind: 'done' };
    case 'prefilter': {
      const result = prefilterShard(shard, probeFingers(request.probe), request.k, new Set(request.exclude));
      return { id: request.id, kind: 'prefilter', ...result };
    }
    case 'rescore':
      return { id: request.id, kind: 'rescore', ...rescoreShard(shard, probeFingers(request.probe), request.subjectIds, request.minScore) };
    case 'compare': {
      const result = compareWithSubject(shard, probeFingers(request.probe), request.subjectId, true);
      return { id: request.id, kind: 'compare', result: result ? { candidate: result.candidate, pairs: result.pairs } : null };
    }
    case 'stats':
      return { id: request.id, kind: 'stats', subjects: shard.subjects, fingers: shard.fingers, residentBytes: shard.residentBytes };
  }
}

parentPort?.on('message', (request: ShardRequest) => {
  let response: ShardResponse;
  try {
    response = handle(request);
  } catch (error) {
    response = { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
