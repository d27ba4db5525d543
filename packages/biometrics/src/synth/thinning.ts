/**
 * Zhang–Suen thinning of a binary image (1 = foreground) to one-pixel-wide lines, in place.
 * The outermost rows and columns must be 0. Only foreground pixels are visited; whether a
 * pixel may go is looked up from its 8 neighbours (one table per sub-pass).
 */
export function thinInPlace(image: Uint8Array, width: number): void {
  let count = 0;
  for (let i = 0; i < image.length; i++) if (image[i]) count++;
  let candidates = new Int32Array(count);
  for (let i = 0, k = 0; i < image.length; i++) if (image[i]) candidates[k++] = i;
  const remove = new Int32Array(count);
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      const table = pass === 0 ? REMOVABLE_FIRST : REMOVABLE_SECOND;
      let removed = 0;
      for (let k = 0; k < count; k++) {
        const p = candidates[k]!;
        if (table[neighbourMask(image, width, p)]) remove[removed++] = p;
      }
      for (let k = 0; k < removed; k++) image[remove[k]!] = 0;
      if (removed) changed = true;
    }
    let kept = 0;
    for (let k = 0; k < count; k++) if (image[candidates[k]!]) candidates[kept++] = candidates[k]!;
    count = kept;
    candidates = candidates.subarray(0, count);
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
