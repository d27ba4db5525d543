/** Runs of set pixels in a pixel mask: the pixels the Gabor passes filter (see gabor.ts). */

/** A mask's runs of set pixels, row by row: run k is row runs[3k], columns runs[3k + 1] … runs[3k + 2] − 1. */
export interface MaskRuns {
  runs: Int32Array;
  count: number;
}

const keptRuns = new Map<string, Int32Array>();

/**
 * The runs of `mask`'s set pixels, stepping four pixels at a time where four are all 0 or all 1 (a
 * mask of whole blocks has long stretches of either). Kept in the named slot until its next call.
 */
export function maskRuns(mask: Uint8Array, width: number, height: number, slot: string): MaskRuns {
  // at most one run per two pixels of a row (a run and the gap after it)
  const most = 3 * height * Math.ceil(width / 2);
  let runs = keptRuns.get(slot);
  if (!runs || runs.length < most) keptRuns.set(slot, (runs = new Int32Array(most)));
  // the mask's bytes as the aligned words that hold them (only words wholly inside the mask are read)
  const quadBase = mask.byteOffset & 3;
  const quads = new Uint32Array(mask.buffer, mask.byteOffset - quadBase, (quadBase + mask.length) >> 2);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let open = -1;
    for (let x = 0; x < width; ) {
      const at = quadBase + row + x;
      let set = 0;
      let step = 1;
      const quad = (at & 3) === 0 && x + 4 <= width ? quads[at >> 2]! : -1;
      if (quad === 0 || quad === ALL_SET) {
        set = quad;
        step = 4;
      } else {
        set = mask[row + x]!;
      }
      if (set) {
        if (open < 0) open = x;
      } else if (open >= 0) {
        runs[count++] = y;
        runs[count++] = open;
        runs[count++] = x;
        open = -1;
      }
      x += step;
    }
    if (open >= 0) {
      runs[count++] = y;
      runs[count++] = open;
      runs[count++] = width;
    }
  }
  return { runs, count: count / 3 };
}

/** Four set mask bytes read as one word (the same in either byte order). */
const ALL_SET = 0x01010101;

