import type { SkeletonGraph } from '../skeleton-graph.js';

/**
 * Pores and holes inside a ridge thin into small loops: a ridge returning to its own node, or two
 * short ridges between the same two junctions. The loop is opened by removing one of its ridges
 * (the longer), leaving one ridge where the finger has one.
 */
export function removePoreLoops(graph: SkeletonGraph, maxLoopLength: number): void {
  for (const ridge of graph.ridges()) {
    if (!graph.nodes.has(ridge.start)) continue;
    if (ridge.start === ridge.end) {
      if (ridge.length < maxLoopLength && ridge.start.ridges.includes(ridge)) graph.removeRidge(ridge);
      continue;
    }
    if (!ridge.start.ridges.includes(ridge)) continue;
    for (const other of ridge.start.ridges) {
      if (other === ridge || other.end !== ridge.end) continue;
      if (ridge.length + other.length < maxLoopLength) {
        graph.removeRidge(ridge.length >= other.length ? ridge : other);
        break;
      }
    }
  }
}
