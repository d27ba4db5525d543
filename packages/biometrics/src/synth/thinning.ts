/**
 * Zhang–Suen thinning of a binary image (1 = foreground) to one-pixel-wide lines, in place.
 * The outermost rows and columns must be 0. Only foreground pixels are visited.
 */
export function thinInPlace(image: Uint8Array, width: number): void {
  let candidates: number[] = [];
  for (let i = 0; i < image.length; i++) if (image[i]) candidates.push(i);
  const remove: number[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      remove.length = 0;
      for (const p of candidates) {
        if (!image[p]) continue;
        const n = image[p - width]!;
        const ne = image[p - width + 1]!;
        const e = image[p + 1]!;
        const se = image[p + width + 1]!;
        const s = image[p + width]!;
        const sw = image[p + width - 1]!;
        const w = image[p - 1]!;
        const nw = image[p - width - 1]!;
        const count = n + ne + e + se + s + sw + w + nw;
        if (count < 2 || count > 6) continue;
        const transitions =
          (+(!n && ne)) + (+(!ne && e)) + (+(!e && se)) + (+(!se && s)) + (+(!s && sw)) + (+(!sw && w)) + (+(!w && nw)) + (+(!nw && n));
        if (transitions !== 1) continue;
        if (pass === 0 ? n * e * s === 0 && e * s * w === 0 : n * e * w === 0 && n * s * w === 0) remove.push(p);
      }
      for (const p of remove) image[p] = 0;
      if (remove.length) changed = true;
    }
    candidates = candidates.filter((p) => image[p]);
  }
}

/** Number of 0→1 transitions around a skeleton pixel: 1 = line end, 2 = line, 3+ = branch point. */
export function crossingNumber(image: Uint8Array, width: number, p: number): number {
  const ring = [p - width, p - width + 1, p + 1, p + width + 1, p + width, p + width - 1, p - 1, p - width - 1];
  let transitions = 0;
  for (let i = 0; i < 8; i++) if (!image[ring[i]!] && image[ring[(i + 1) % 8]!]) transitions++;
  return transitions;
}
