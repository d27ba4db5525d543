import type { SkeletonGraph } from '../skeleton-graph.js';

/** Short spurs (a junction to an ending, shorter than `minTailLength`) come from ridge-edge noise. */
export function removeTails(graph: SkeletonGraph, minTailLength: number): void {
  for (const node of [...graph.nodes]) {
    if (!graph.nodes.has(node) || node.ridges.length !== 1) continue;
    const ridge = node.ridges[0]!;
    if (ridge.end.ridges.length >= 3 && ridge.length < minTailLength) graph.removeNode(node);
  }
}
