import { describe, expect, it } from 'vitest';
import { binarize } from '../src/fingerprint/extract/binarize.js';
import type { BinaryImage, FloatImage } from '../src/fingerprint/extract/grid.js';
import { withScratchReuse } from '../src/fingerprint/extract/scratch.js';
import { buildSkeletonGraph, type SkeletonGraph } from '../src/fingerprint/extract/skeleton-graph.js';
import { thin } from '../src/fingerprint/extract/thinning.js';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A ridge-like response: a wavy stripe pattern with noise, specks and holes, so every stage has work. */
function ridgeResponse(width: number, height: number, seed: number, ridgeShare = 0.5): { enhanced: FloatImage; mask: Uint8Array } {
  const next = random(seed);
  const angle = next() * Math.PI;
  const period = 7 + 12 * ridgeShare * next();
  const bias = Math.cos(Math.PI * ridgeShare); // share of the period where the sine is below −bias
  const data = new Float32Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bend = 6 * Math.sin((x + y) / 23);
      const phase = ((x * Math.cos(angle) + y * Math.sin(angle) + bend) * 2 * Math.PI) / period;
      data[y * width + x] = Math.sin(phase) + bias + 0.9 * (next() - 0.5);
      // an irregular foreground, background all around
      mask[y * width + x] = Math.hypot((x - width / 2) / (0.42 * width), (y - height / 2) / (0.4 * height)) < 1 + 0.08 * Math.sin(x / 5) ? 1 : 0;
    }
  }
  return { enhanced: { width, height, data }, mask };
}

/** The plain definition: ridge = negative response in the mask, then small 4-connected islands and holes flipped (pixel flood fill). */
function referenceBinarize(enhanced: FloatImage, mask: Uint8Array, minArea: number): Uint8Array {
  const { width, height, data } = enhanced;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = mask[i] && data[i]! < 0 ? 1 : 0;
  for (const value of [1, 0]) {
    const seen = new Uint8Array(out.length);
    for (let s = 0; s < out.length; s++) {
      if (seen[s] || out[s] !== value) continue;
      const members = [s];
      seen[s] = 1;
      let edge = false;
      for (let m = 0; m < members.length; m++) {
        const i = members[m]!;
        const x = i % width;
        const y = Math.floor(i / width);
        if (x === 0 || y === 0 || x === width - 1 || y === height - 1) edge = true;
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const k = ny * width + nx;
          if (!seen[k] && out[k] === value) {
            seen[k] = 1;
            members.push(k);
          }
        }
      }
      if (members.length < minArea && !edge) for (const i of members) out[i] = 1 - value;
    }
  }
  return out;
}

/** Zhang–Suen as usually written: whole-image passes until nothing changes, then the staircase corners in index order. */
function referenceThin(binary: BinaryImage): Uint8Array {
  const { width, height } = binary;
  const data = binary.data.slice();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (x === 0 || y === 0 || x === width - 1 || y === height - 1) data[y * width + x] = 0;
  }
  // neighbours clockwise from north: N, NE, E, SE, S, SW, W, NW
  const ring = (i: number) => [i - width, i - width + 1, i + 1, i + width + 1, i + width, i + width - 1, i - 1, i - width - 1].map((k) => data[k]!);
  const removable = (i: number, step: number) => {
    const [n, ne, e, se, s, sw, w, nw] = ring(i) as [number, number, number, number, number, number, number, number];
    const around = [n, ne, e, se, s, sw, w, nw];
    const count = around.reduce((a, b) => a + b, 0);
    let transitions = 0;
    for (let k = 0; k < 8; k++) if (!around[k] && around[(k + 1) % 8]) transitions++;
    const sides = step === 0 ? !(n && e && s) && !(e && s && w) : !(n && e && w) && !(n && s && w);
    return count >= 2 && count <= 6 && transitions === 1 && sides;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of [0, 1]) {
      const remove: number[] = [];
      for (let i = 0; i < data.length; i++) if (data[i] && removable(i, step)) remove.push(i);
      for (const i of remove) data[i] = 0;
      if (remove.length > 0) changed = true;
    }
  }
  for (let i = 0; i < data.length; i++) {
    if (!data[i]) continue;
    const [n, ne, e, se, s, sw, w, nw] = ring(i) as [number, number, number, number, number, number, number, number];
    const corner = (n && e) || (e && s) || (s && w) || (w && n);
    // Yokoi's 8-connectivity number on the complemented ring, starting east and counter-clockwise
    const c = [e, ne, n, nw, w, sw, s, se].map((v) => 1 - v);
    let connectivity = 0;
    for (let k = 0; k < 8; k += 2) connectivity += c[k]! - c[k]! * c[(k + 1) % 8]! * c[(k + 2) % 8]!;
    if (corner && n + ne + e + se + s + sw + w + nw >= 2 && connectivity === 1) data[i] = 0;
  }
  return data;
}

/** Everything a graph holds, in its order. */
function describeGraph(graph: SkeletonGraph): unknown {
  const ids = new Map([...graph.nodes].map((node, k) => [node, k]));
  return [...graph.nodes].map((node) => ({ x: node.x, y: node.y, ridges: node.ridges.map((r) => ({ end: ids.get(r.end), length: r.length, points: Array.from(r.points) })) }));
}

const sizes = [
  [97, 83],
  [160, 121],
  [64, 200],
] as const;

describe('binarization, thinning and skeleton graph', () => {
  it('binarize flips exactly the small islands and holes a pixel flood fill finds', () => {
    sizes.forEach(([width, height], seed) => {
      const { enhanced, mask } = ridgeResponse(width, height, seed + 1);
      expect(Array.from(binarize(enhanced, mask, 20).data)).toEqual(Array.from(referenceBinarize(enhanced, mask, 20)));
      // foreground up to the image edge, and a mask of other non-zero bytes
      const everywhere = new Uint8Array(mask.length).fill(255);
      expect(Array.from(binarize(enhanced, everywhere, 20).data)).toEqual(Array.from(referenceBinarize(enhanced, everywhere, 20)));
    });
  });

  it('thin gives the skeleton of whole-image Zhang–Suen passes', () => {
    // thin ridges and thick ones (which take many passes)
    [...sizes, ...sizes].forEach(([width, height], seed) => {
      const { enhanced, mask } = ridgeResponse(width, height, seed + 11, seed < sizes.length ? 0.5 : 0.85);
      const binary = binarize(enhanced, mask, 20);
      expect(Array.from(thin(binary).data)).toEqual(Array.from(referenceThin(binary)));
    });
  });

  it('thin gives the same skeleton at every width around the 32-pixel words it packs rows into, and on solid blocks', () => {
    [3, 4, 31, 32, 33, 34, 63, 64, 65, 66, 97].forEach((width, seed) => {
      const { enhanced, mask } = ridgeResponse(width, 45 + seed, seed + 31, 0.5 + 0.04 * seed);
      const binary = binarize(enhanced, mask, 20);
      expect(Array.from(thin(binary).data)).toEqual(Array.from(referenceThin(binary)));
      // set up to the image edge, and one solid block (many steps from one side to the other)
      const solid = { width, height: 40, data: new Uint8Array(width * 40).fill(1) };
      expect(Array.from(thin(solid).data)).toEqual(Array.from(referenceThin(solid)));
    });
  });

  it('gives the same results in reused, uncleared work buffers as in fresh ones, whatever ran before', () => {
    const inputs = sizes.map(([width, height], seed) => ridgeResponse(width, height, seed + 21, 0.5 + 0.15 * seed));
    const run = (k: number) => {
      const { enhanced, mask } = inputs[k]!;
      const binary = binarize(enhanced, mask, 20);
      const binaryCopy = Array.from(binary.data);
      const skeleton = thin(binary);
      const skeletonCopy = Array.from(skeleton.data);
      return { binary: binaryCopy, skeleton: skeletonCopy, graph: describeGraph(buildSkeletonGraph(skeleton)) };
    };
    const fresh = inputs.map((_, k) => run(k));
    for (const k of [1, 0, 2, 2, 1, 0]) expect(withScratchReuse(() => run(k))).toEqual(fresh[k]);
  });
});
