/**
 * Symmetric extension of a subband beyond its ends, as the WSQ specification prescribes.
 * WS: whole-sample mirror (the edge sample is not repeated); HS: half-sample mirror (it is repeated);
 * WSZ: antisymmetric whole-sample mirror about a virtual zero sample just past the end.
 * In antisymmetric extensions the mirrored samples change sign.
 */
export type LeftEdge = 'WS' | 'HS';
export type RightEdge = 'WS' | 'HS' | 'WSZ';

export interface Extension {
  left: LeftEdge;
  right: RightEdge;
  antisymmetric: boolean;
}

/** Where extended index m reads from: the sample index (or -1 for a zero) and the sign to apply. */
export interface ExtendedSample {
  index: number;
  sign: 1 | -1;
}

export function extendedSample(m: number, length: number, ext: Extension): ExtendedSample {
  if (length === 0) return { index: -1, sign: 1 };
  if (length === 1 && ext.left === 'WS' && ext.right === 'WS') return { index: 0, sign: 1 };
  let sign: 1 | -1 = 1;
  const flip = ext.antisymmetric;
  // Each mirror moves m strictly closer to the signal, so this ends; the bound is a safety net.
  for (let guard = 0; guard < 1 << 16; guard++) {
    if (m < 0) {
      m = ext.left === 'WS' ? -m : -1 - m;
      if (flip) sign = sign === 1 ? -1 : 1;
    } else if (m >= length) {
      if (ext.right === 'WSZ') {
        if (m === length) return { index: -1, sign: 1 };
        m = 2 * length - m;
      } else {
        m = ext.right === 'WS' ? 2 * (length - 1) - m : 2 * length - 1 - m;
      }
      if (flip) sign = sign === 1 ? -1 : 1;
    } else {
      return { index: m, sign };
    }
  }
  return { index: -1, sign: 1 };
}
