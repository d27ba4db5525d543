import type { SkeletonGraph } from '../skeleton-graph.js';

/** Free ridges (ending to ending) shorter than `minFragmentLength` are dust or dots, not ridges. */
export function removeFragments(graph: SkeletonGraph, minFragmentLength: number): void {
  for (const node of [...graph.nodes]) {
    if (!graph.nodes.has(node) || node.ridges.length !== 1) continue;
    const ridge = node.ridges[0]!;
    if (ridge.end.ridges.length === 1 && ridge.length < minFragmentLength) {
      graph.removeNode(ridge.end);
      graph.removeNode(node);
    }
  }
}
