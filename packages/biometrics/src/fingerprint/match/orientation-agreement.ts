import type { OrientationField } from '../orientation-field.js';
import { levelAngle } from '../orientation-field.js';
import type { RigidMotion } from './rigid-consistency.js';
import { matchParameters } from './parameters.js';

/**
 * Compares the ridge flow of two aligned prints: for every foreground block of the probe that lands
 * on the candidate's foreground, whether the two orientations agree (after turning the probe's by
 * the motion's rotation). Returns the number of overlapping blocks and of agreeing ones in `out`.
 */
export function orientationAgreement(
  probe: OrientationField,
  candidate: OrientationField,
  motion: RigidMotion,
  out: { overlapBlocks: number; agreeingBlocks: number },
  parameters = matchParameters,
): void {
  const { cos, sin } = motion;
  let overlap = 0;
  let agree = 0;
  const half = probe.blockSize / 2;
  for (let r = 0; r < probe.rows; r++)
    for (let c = 0; c < probe.columns; c++) {
      const level = probe.levels[r * probe.columns + c]!;
      if (level === 0) continue;
      const ax = c * probe.blockSize + half - motion.probeX;
      const ay = -(r * probe.blockSize + half) - motion.probeY;
      const x = cos * ax - sin * ay + motion.candidateX;
      const y = -(sin * ax + cos * ay + motion.candidateY);
      const cc = Math.floor(x / candidate.blockSize);
      const cr = Math.floor(y / candidate.blockSize);
      if (cc < 0 || cr < 0 || cc >= candidate.columns || cr >= candidate.rows) continue;
      const other = candidate.levels[cr * candidate.columns + cc]!;
      if (other === 0) continue;
      overlap++;
      let d = Math.abs(levelAngle(level) + motion.rotation - levelAngle(other)) % Math.PI;
      if (d > Math.PI / 2) d = Math.PI - d;
      if (d <= parameters.orientationAgreementTolerance) agree++;
    }
  out.overlapBlocks = overlap;
  out.agreeingBlocks = agree;
}
