import type { SkeletonGraph } from '../skeleton-graph.js';

/**
 * Nodes left with exactly two ridges (after other filters removed a branch) are not minutiae:
 * the two ridges are joined into one through them.
 */
export function mergeKnots(graph: SkeletonGraph): void {
  for (const node of [...graph.nodes]) {
    if (node.ridges.length !== 2) continue;
    const [a, b] = node.ridges as [typeof node.ridges[0], typeof node.ridges[0]];
    if (a.twin === b) continue; // a closed loop through this node alone: leave it
    const first = a.twin; // runs from a's far end into node
    const second = b; // runs from node to b's far end
    const joined = new Int32Array(first.points.length + second.points.length - 2);
    joined.set(first.points);
    joined.set(second.points.subarray(2), first.points.length);
    const start = first.start;
    const end = second.end;
    graph.removeNode(node);
    graph.addRidge(start, end, joined);
  }
}

/** Nodes without any ridge (isolated dots) are dropped. */
export function removeDots(graph: SkeletonGraph): void {
  for (const node of [...graph.nodes]) if (node.ridges.length === 0) graph.nodes.delete(node);
}
