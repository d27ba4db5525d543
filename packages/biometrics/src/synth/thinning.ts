/**
 * Zhang–Suen thinning of a binary image (1 = foreground) to one-pixel-wide lines, in place.
 * The outermost rows and columns must be 0. Only foreground pixels are visited; whether a
 * pixel may go is looked up from its 8 neighbours (one table per sub-pass). A pixel is looked
 * at again in a sub-pass only when a neighbour went since that sub-pass last saw it: with the
 * same neighbours it gets the same answer, so the result is plain Zhang–Suen's.
 */
export function thinInPlace(image: Uint8Array, width: number): void {
  // Branch-free bookkeeping (foreground and removals are unpredictable): write, then advance by 0 or 1.
  const candidates = new Int32Array(image.length + 1);
  let count = 0;
  for (let i = 0; i < image.length; i++) {
    candidates[count] = i;
    count += image[i]! & 1;
  }
  const remove = new Int32Array(count + 1);
  // Bit 0 / bit 1: the pixel must be looked at again in sub-pass 0 / 1 (only foreground pixels are read).
  const dirty = new Uint8Array(image.length).fill(3);
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      const table = pass === 0 ? REMOVABLE_FIRST : REMOVABLE_SECOND;
      const bit = pass === 0 ? 1 : 2;
      let removed = 0;
      for (let k = 0; k < count; k++) {
        const p = candidates[k]!;
        if (!(dirty[p]! & bit)) continue;
        dirty[p] = dirty[p]! & ~bit;
        remove[removed] = p;
        removed += table[neighbourMask(image, width, p)]!;
      }
      for (let k = 0; k < removed; k++) {
        const p = remove[k]!;
        image[p] = 0;
        dirty[p - width - 1] = dirty[p - width] = dirty[p - width + 1] = dirty[p - 1] = dirty[p + 1] = dirty[p + width - 1] = dirty[p + width] = dirty[p + width + 1] = 3;
      }
      if (removed) changed = true;
    }
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const p = candidates[k]!;
      candidates[kept] = p;
      kept += image[p]! & 1;
    }
    count = kept;
  }
}

/** Number of 0→1 transitions around a skeleton pixel: 1 = line end, 2 = line, 3+ = branch point. */
export function crossingNumber(image: Uint8Array, width: number, p: number): number {
  return TRANSITIONS[neighbourMask(image, width, p)]!;
}

/** The 8 neighbours as bits, clockwise from north: n, ne, e, se, s, sw, w, nw = bits 0…7. */
function neighbourMask(image: Uint8Array, width: number, p: number): number {
  return (
    image[p - width]! |
    (image[p - width + 1]! << 1) |
    (image[p + 1]! << 2) |
    (image[p + width + 1]! << 3) |
    (image[p + width]! << 4) |
    (image[p + width - 1]! << 5) |
    (image[p - 1]! << 6) |
    (image[p - width - 1]! << 7)
  );
}

const TRANSITIONS = new Uint8Array(256);
const REMOVABLE_FIRST = new Uint8Array(256);
const REMOVABLE_SECOND = new Uint8Array(256);
for (let mask = 0; mask < 256; mask++) {
  const bit = (i: number) => (mask >> i) & 1;
  const [n, e, s, w] = [bit(0), bit(2), bit(4), bit(6)];
  let transitions = 0;
  let count = 0;
  for (let i = 0; i < 8; i++) {
    count += bit(i);
    if (!bit(i) && bit((i + 1) % 8)) transitions++;
  }
  TRANSITIONS[mask] = transitions;
  // Zhang–Suen: 2–6 neighbours, one 0→1 transition, and a sub-pass-specific pair of products.
  const thinnable = count >= 2 && count <= 6 && transitions === 1;
  REMOVABLE_FIRST[mask] = thinnable && n * e * s === 0 && e * s * w === 0 ? 1 : 0;
  REMOVABLE_SECOND[mask] = thinnable && n * e * w === 0 && n * s * w === 0 ? 1 : 0;
}
