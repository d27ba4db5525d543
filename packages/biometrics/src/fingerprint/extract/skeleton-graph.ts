import type { BinaryImage } from './grid.js';
import { stepLength } from './ridge-direction.js';
import { unzeroedScratchInt32, unzeroedScratchUint8 } from './scratch.js';
import { neighbourCode } from './thinning.js';

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

/*
 * Ridge point arrays are views into a few shared chunks rather than arrays of their own: a graph has
 * hundreds of short ridges, and each typed array with its own backing store costs an allocation
 * outside the JS heap. The chunks belong to the graph (never reused), so a view stays valid as long
 * as its ridge is held.
 */
const POINT_CHUNK_LENGTH = 1 << 14;

class PointArena {
  private chunk = new Int32Array(0);
  private used = 0;

  /** A zeroed view of `length` ints no other take returns. */
  take(length: number): Int32Array {
    if (this.used + length > this.chunk.length) {
      this.chunk = new Int32Array(Math.max(POINT_CHUNK_LENGTH, length));
      this.used = 0;
    }
    const view = this.chunk.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }
}

export class SkeletonGraph {
  readonly nodes = new Set<SkeletonNode>();
  private readonly arena = new PointArena();

  /** A zeroed array for `pointCount` points (x, y), for a ridge of this graph. */
  newPoints(pointCount: number): Int32Array {
    return this.arena.take(2 * pointCount);
  }

  addNode(x: number, y: number): SkeletonNode {
    const node: SkeletonNode = { x, y, ridges: [] };
    this.nodes.add(node);
    return node;
  }

  /** Adds a ridge and its twin; `points` run from `start` to `end`. */
  addRidge(start: SkeletonNode, end: SkeletonNode, points: Int32Array): SkeletonRidge {
    const length = arcLength(points);
    const reversed = this.arena.take(points.length);
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

/** Neighbour k, clockwise from north (0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW). */
const OFFSETS_X = [0, 1, 1, 1, 0, -1, -1, -1];
const OFFSETS_Y = [-1, -1, 0, 1, 1, 1, 0, -1];
const STEP_X = Int32Array.from(OFFSETS_X);
const STEP_Y = Int32Array.from(OFFSETS_Y);

/**
 * Builds the graph from a thinned image (outer frame clear, pixels 0 or 1). Skeleton pixels with other than two
 * neighbours are node pixels; touching node pixels form one node (a junction can span a few pixels).
 * Closed loops with no node at all carry no minutia and are left out.
 */
export function buildSkeletonGraph(skeleton: BinaryImage): SkeletonGraph {
  const { width, height, data } = skeleton;
  const n = width * height;
  const offsets = Int32Array.from(OFFSETS_X, (dx, k) => OFFSETS_Y[k]! * width + dx);
  // the skeleton is sparse: list its pixels (in index order) once, then work on the list
  const pixels = setPixels(data);
  const pixelCount = pixels.length;
  // The per-pixel buffers below are read only at skeleton pixels, which this loop writes first
  // (so a kept buffer need not be cleared): the neighbour count, "no node" and "not visited".
  const neighbourCount = unzeroedScratchUint8('skeleton-graph.neighbour-count', n);
  // node id + 1 of each node pixel, 0 elsewhere
  const nodeOf = unzeroedScratchInt32('skeleton-graph.node-of', n);
  const visited = unzeroedScratchUint8('skeleton-graph.visited', n);
  for (let p = 0; p < pixelCount; p++) {
    const i = pixels[p]!;
    nodeOf[i] = 0;
    visited[i] = 0;
    const y = (i / width) | 0;
    const x = i - y * width;
    // (a pixel on the frame has no neighbours: a node)
    // pixels are 0 or 1
    neighbourCount[i] = y < 1 || x < 1 || y >= height - 1 || x >= width - 1 ? 0 : data[i - width - 1]! + data[i - width]! + data[i - width + 1]! + data[i - 1]! + data[i + 1]! + data[i + width - 1]! + data[i + width]! + data[i + width + 1]!;
  }
  const graph = new SkeletonGraph();
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
  // (node pairs a ⩽ b as a · nodeCount + b)
  const directLinks = new Set<number>();
  const nodeCount = nodes.length;
  // The walked path's points x, y (a path holds each pixel once, and its end node's pixel again),
  // followed step by step: with the frame clear no step crosses to another row, so a step of offset
  // dy · width + dx moves x by dx and y by dy.
  const path = unzeroedScratchInt32('skeleton-graph.path', 2 * (pixelCount + 1));
  for (let id = 0; id < nodeCount; id++) {
    for (const origin of clusterPixels[id]!) {
      const originY = (origin / width) | 0;
      const originX = origin - originY * width;
      for (let direction = 0; direction < 8; direction++) {
        const first = origin + offsets[direction]!;
        if (!data[first] || nodeOf[first] === id + 1) continue;
        if (nodeOf[first]! > 0) {
          // two nodes touching directly: one ridge of two pixels
          const other = nodeOf[first]! - 1;
          const key = id < other ? id * nodeCount + other : other * nodeCount + id;
          if (directLinks.has(key)) continue;
          directLinks.add(key);
          const points = graph.newPoints(2);
          points[0] = originX;
          points[1] = originY;
          points[2] = originX + STEP_X[direction]!;
          points[3] = originY + STEP_Y[direction]!;
          graph.addRidge(nodes[id]!, nodes[other]!, points);
          continue;
        }
        if (visited[first]) continue;
        path[0] = originX;
        path[1] = originY;
        let x = originX + STEP_X[direction]!;
        let y = originY + STEP_Y[direction]!;
        path[2] = x;
        path[3] = y;
        let pointCount = 2;
        visited[first] = 1;
        // Walk along the ridge. Off the nodes a skeleton pixel has exactly two neighbours: the
        // one it was entered from (direction `back`) and the next.
        let current = first;
        let back = (direction + 4) & 7;
        let endNode = -1;
        for (;;) {
          const ahead = 31 - Math.clz32(neighbourCode(data, current, width) & ~(1 << back));
          const next = current + offsets[ahead]!;
          x += STEP_X[ahead]!;
          y += STEP_Y[ahead]!;
          if (nodeOf[next]! > 0) {
            // another node, or back to the origin node once the ridge has left it (a loop)
            if (nodeOf[next] !== id + 1 || pointCount > 2) {
              path[2 * pointCount] = x;
              path[2 * pointCount + 1] = y;
              pointCount++;
              endNode = nodeOf[next]! - 1;
            }
            break;
          }
          if (visited[next]) break; // a loop already walked from its other end
          path[2 * pointCount] = x;
          path[2 * pointCount + 1] = y;
          pointCount++;
          visited[next] = 1;
          current = next;
          back = (ahead + 4) & 7;
        }
        if (endNode < 0) continue;
        const points = graph.newPoints(pointCount);
        for (let k = 0; k < 2 * pointCount; k++) points[k] = path[k]!;
        graph.addRidge(nodes[id]!, nodes[endNode]!, points);
      }
    }
  }
  return graph;
}

/**
 * Indices of the set pixels (0 or 1), in order, in one pass. The image is mostly 0: four pixels are
 * read at once where aligned, and a word of 0s skipped. Inside a word, every index is written and
 * the count advances by the pixel's 0 or 1 (no branch per pixel).
 */
function setPixels(data: Uint8Array): Int32Array {
  const pixels = unzeroedScratchInt32('skeleton-graph.pixels', data.length + 1);
  const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : new Uint32Array(0);
  let p = 0;
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    const i = w << 2;
    pixels[p] = i;
    p += data[i]!;
    pixels[p] = i + 1;
    p += data[i + 1]!;
    pixels[p] = i + 2;
    p += data[i + 2]!;
    pixels[p] = i + 3;
    p += data[i + 3]!;
  }
  for (let i = words.length << 2; i < data.length; i++) {
    pixels[p] = i;
    p += data[i]!;
  }
  return pixels.subarray(0, p);
}
