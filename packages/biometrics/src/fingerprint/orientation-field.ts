import type { BlockFields } from './extract/index.js';

/**
 * The ridge flow of a print, coarsely: one orientation per 16-px block of foreground, quantised to
 * 16 levels over [0, π) (4 bits), 0 meaning background. The matcher uses it to measure how much two
 * aligned prints really overlap and whether their ridges flow the same way there — unrelated prints
 * whose minutiae happen to line up rarely also share their ridge flow.
 */
export interface OrientationField {
  /** Block side in pixels at 500 ppi. */
  readonly blockSize: number;
  readonly columns: number;
  readonly rows: number;
  /** Per block: 0 = background, k = 1…ORIENTATION_LEVELS = orientation (k − 0.5)·π/LEVELS, counter-clockwise from +x with y up. */
  readonly levels: Uint8Array;
}

export const ORIENTATION_BLOCK_SIZE = 16;
export const ORIENTATION_LEVELS = 15;

/** Orientation (radians in [0, π)) of a block level, or NaN for background. */
export function levelAngle(level: number): number {
  return level === 0 ? Number.NaN : ((level - 0.5) * Math.PI) / ORIENTATION_LEVELS;
}

export function angleLevel(angle: number): number {
  const a = ((angle % Math.PI) + Math.PI) % Math.PI;
  return Math.min(ORIENTATION_LEVELS, Math.floor((a / Math.PI) * ORIENTATION_LEVELS) + 1);
}

/**
 * Builds the coarse field from finer block fields (e.g. the extractor's 8-px blocks): each coarse
 * block averages the doubled-angle vectors of its foreground fine blocks, weighted by coherence,
 * and is foreground when at least half of its fine blocks are.
 */
export function coarseOrientationField(fine: Pick<BlockFields, 'size' | 'columns' | 'rows' | 'mask' | 'orientation' | 'coherence'>): OrientationField {
  const factor = Math.max(1, Math.round(ORIENTATION_BLOCK_SIZE / fine.size));
  const blockSize = fine.size * factor;
  const columns = Math.ceil(fine.columns / factor);
  const rows = Math.ceil(fine.rows / factor);
  const levels = new Uint8Array(columns * rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      let cos2 = 0;
      let sin2 = 0;
      let foreground = 0;
      let total = 0;
      for (let fr = r * factor; fr < Math.min(fine.rows, (r + 1) * factor); fr++)
        for (let fc = c * factor; fc < Math.min(fine.columns, (c + 1) * factor); fc++) {
          const i = fr * fine.columns + fc;
          total++;
          if (!fine.mask[i]) continue;
          foreground++;
          const w = Math.max(1e-3, fine.coherence[i]!);
          cos2 += w * Math.cos(2 * fine.orientation[i]!);
          sin2 += w * Math.sin(2 * fine.orientation[i]!);
        }
      if (foreground * 2 < total || foreground === 0) continue;
      levels[r * columns + c] = angleLevel(Math.atan2(sin2, cos2) / 2);
    }
  return { blockSize, columns, rows, levels };
}
