import type { BinaryImage } from './grid.js';
import { stepLength } from './ridge-direction.js';
import { scratchInt32, scratchUint8 } from './scratch.js';

/**
 * The skeleton as a graph: nodes are ridge endings and junctions, ridges are the skeleton paths
 * between them. Every cleaning filter works on this graph (removing a spur is deleting one edge),
 * which is simpler and safer than editing pixels.
 */
export interface SkeletonNode {
  x: number;
  y: number;
  /** Ridges leaving this node, each oriented away from it (start === this node). */
  ridges: SkeletonRidge[];
}

export interface SkeletonRidge {
  start: SkeletonNode;
  end: SkeletonNode;
  /** Pixel path from start to end: x0, y0, x1, y1, … */
  points: Int32Array;
  /** The same ridge walked from `end` to `start` (held by `end.ridges`). */
  twin: SkeletonRidge;
  /** Arc length in pixels (diagonal steps count √2). */
  length: number;
}

export class SkeletonGraph {
  readonly nodes = new Set<SkeletonNode>();

  addNode(x: number, y: number): SkeletonNode {
    const node: SkeletonNode = { x, y, ridges: [] };
    this.nodes.add(node);
    return node;
  }

  /** Adds a ridge and its twin; `points` run from `start` to `end`. */
  addRidge(start: SkeletonNode, end: SkeletonNode, points: Int32Array): SkeletonRidge {
    const length = arcLength(points);
    const reversed = new Int32Array(points.length);
    for (let k = 0; k < points.length; k += 2) {
      reversed[points.length - 2 - k] = points[k]!;
      reversed[points.length - 1 - k] = points[k + 1]!;
    }
    const forward = { start, end, points, length } as SkeletonRidge;
    const backward = { start: end, end: start, points: reversed, length, twin: forward } as SkeletonRidge;
    forward.twin = backward;
    start.ridges.push(forward);
    end.ridges.push(backward);
    return forward;
  }

  removeRidge(ridge: SkeletonRidge): void {
    detach(ridge.start, ridge);
    detach(ridge.end, ridge.twin);
  }

  removeNode(node: SkeletonNode): void {
    for (const ridge of [...node.ridges]) this.removeRidge(ridge);
    this.nodes.delete(node);
  }

  /** Distinct ridges (one of each twin pair). */
  ridges(): SkeletonRidge[] {
    const seen = new Set<SkeletonRidge>();
    const out: SkeletonRidge[] = [];
    for (const node of this.nodes) {
      for (const ridge of node.ridges) {
        if (seen.has(ridge.twin)) continue;
        seen.add(ridge);
        out.push(ridge);
      }
    }
    return out;
  }
}

function detach(node: SkeletonNode, ridge: SkeletonRidge): void {
  const k = node.ridges.indexOf(ridge);
  if (k >= 0) node.ridges.splice(k, 1);
}

function arcLength(points: Int32Array): number {
  let length = 0;
  for (let k = 2; k < points.length; k += 2) length += stepLength(points[k]! - points[k - 2]!, points[k + 1]! - points[k - 1]!);
  return length;
}

const OFFSETS_X = [0, 1, 1, 1, 0, -1, -1, -1];
const OFFSETS_Y = [-1, -1, 0, 1, 1, 1, 0, -1];

/**
 * Builds the graph from a thinned image (outer frame clear, pixels 0 or 1). Skeleton pixels with other than two
 * neighbours are node pixels; touching node pixels form one node (a junction can span a few pixels).
 * Closed loops with no node at all carry no minutia and are left out.
 */
export function buildSkeletonGraph(skeleton: BinaryImage): SkeletonGraph {
  const { width, height, data } = skeleton;
  const n = width * height;
  const neighbourCount = scratchUint8('skeleton-graph.neighbour-count', n);
  const offsets = OFFSETS_X.map((dx, k) => OFFSETS_Y[k]! * width + dx);
  // the skeleton is sparse: list its pixels (in index order) once, then work on the list
  const pixels = setPixels(data);
  const pixelCount = pixels.length;
  for (let p = 0; p < pixelCount; p++) {
    const i = pixels[p]!;
    const y = (i / width) | 0;
    const x = i - y * width;
    if (y < 1 || x < 1 || y >= height - 1 || x >= width - 1) continue;
    // pixels are 0 or 1
    neighbourCount[i] = data[i - width - 1]! + data[i - width]! + data[i - width + 1]! + data[i - 1]! + data[i + 1]! + data[i + width - 1]! + data[i + width]! + data[i + width + 1]!;
  }
  const graph = new SkeletonGraph();
  // node id + 1 of each node pixel, 0 elsewhere (a zeroed buffer needs no fill)
  const nodeOf = scratchInt32('skeleton-graph.node-of', n);
  const nodes: SkeletonNode[] = [];
  const clusterPixels: number[][] = [];
  for (let p = 0; p < pixelCount; p++) {
    const i = pixels[p]!;
    if (neighbourCount[i] === 2 || nodeOf[i]! > 0) continue;
    // flood the cluster of touching node pixels
    const id = nodes.length;
    const members = [i];
    nodeOf[i] = id + 1;
    for (let m = 0; m < members.length; m++) {
      const j = members[m]!;
      for (const o of offsets) {
        const k = j + o;
        if (data[k] && neighbourCount[k] !== 2 && nodeOf[k] === 0) {
          nodeOf[k] = id + 1;
          members.push(k);
        }
      }
    }
    let sx = 0;
    let sy = 0;
    for (const j of members) {
      sx += j % width;
      sy += Math.floor(j / width);
    }
    nodes.push(graph.addNode(Math.round(sx / members.length), Math.round(sy / members.length)));
    clusterPixels.push(members);
  }
  const visited = scratchUint8('skeleton-graph.visited', n);
  const directLinks = new Set<string>();
  const path: number[] = [];
  for (let id = 0; id < nodes.length; id++) {
    for (const origin of clusterPixels[id]!) {
      for (const o of offsets) {
        const first = origin + o;
        if (!data[first] || nodeOf[first] === id + 1) continue;
        if (nodeOf[first]! > 0) {
          // two nodes touching directly: one ridge of two pixels
          const other = nodeOf[first]! - 1;
          const key = id < other ? `${id}:${other}` : `${other}:${id}`;
          if (directLinks.has(key)) continue;
          directLinks.add(key);
          graph.addRidge(nodes[id]!, nodes[other]!, pixelsToPoints([origin, first], width));
          continue;
        }
        if (visited[first]) continue;
        path.length = 0;
        path.push(origin, first);
        visited[first] = 1;
        let previous = origin;
        let current = first;
        let endNode = -1;
        for (;;) {
          let next = -1;
          for (const q of offsets) {
            const k = current + q;
            if (!data[k] || k === previous) continue;
            if (nodeOf[k]! > 0 && nodeOf[k] !== nodeOf[origin]) {
              next = k; // reaching another node wins
              break;
            }
            if (nodeOf[k]! > 0 && path.length > 2) {
              next = k; // looping back to the origin node
              break;
            }
            if (!visited[k] && nodeOf[k] === 0) next = k;
          }
          if (next < 0) break; // dead end inside a loop already walked
          path.push(next);
          if (nodeOf[next]! > 0) {
            endNode = nodeOf[next]! - 1;
            break;
          }
          visited[next] = 1;
          previous = current;
          current = next;
        }
        if (endNode >= 0) graph.addRidge(nodes[id]!, nodes[endNode]!, pixelsToPoints(path, width));
      }
    }
  }
  return graph;
}

/** Indices of the set pixels (0 or 1), in order. The image is mostly 0: four pixels are read at once where aligned. */
function setPixels(data: Uint8Array): Int32Array {
  const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : new Uint32Array(0);
  const tail = words.length << 2;
  let count = 0;
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    const i = w << 2;
    count += data[i]! + data[i + 1]! + data[i + 2]! + data[i + 3]!;
  }
  for (let i = tail; i < data.length; i++) count += data[i]!;
  // (branch-free inside a word: every index is written, and the count advances by the pixel's 0 or 1)
  const pixels = new Int32Array(count + 1);
  let p = 0;
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let i = w << 2, end = i + 4; i < end; i++) {
      pixels[p] = i;
      p += data[i]!;
    }
  }
  for (let i = tail; i < data.length; i++) {
    pixels[p] = i;
    p += data[i]!;
  }
  return pixels.subarray(0, count);
}

function pixelsToPoints(pixels: number[], width: number): Int32Array {
  const points = new Int32Array(pixels.length * 2);
  for (let k = 0; k < pixels.length; k++) {
    points[2 * k] = pixels[k]! % width;
    points[2 * k + 1] = Math.floor(pixels[k]! / width);
  }
  return points;
}
