import { TWO_PI } from './angle.js';
import { edgeLengthTolerance } from './edge-hash.js';
import type { EdgeTable } from './edge-table.js';
import { matchParameters } from './parameters.js';

/**
 * How far probe edge `e` is from candidate edge `f`: the sum of each difference divided by its
 * tolerance (0 = identical), or −1 when any difference exceeds its tolerance.
 */
export function edgeMismatch(probe: EdgeTable, e: number, candidate: EdgeTable, f: number, parameters = matchParameters): number {
  const pl = probe.length[e]!;
  const dl = Math.abs(pl - candidate.length[f]!);
  const lengthTolerance = edgeLengthTolerance(pl, parameters);
  if (dl > lengthTolerance) return -1;
  let da = Math.abs(probe.referenceAngle[e]! - candidate.referenceAngle[f]!);
  if (da > Math.PI) da = TWO_PI - da;
  if (da > parameters.edgeAngleTolerance) return -1;
  let db = Math.abs(probe.neighbourAngle[e]! - candidate.neighbourAngle[f]!);
  if (db > Math.PI) db = TWO_PI - db;
  if (db > parameters.edgeAngleTolerance) return -1;
  return dl / lengthTolerance + (da + db) / parameters.edgeAngleTolerance;
}
