import { scratch } from '../io/scratch';
import type { CallGraph, CallTree } from '../model';

/**
 * Which weights of a tree rebuilt from a call graph (treeFromGraph) are estimates.
 *
 * The walk gives a node of function f, weighing T, children weighing edge(f -> c) * T / inclusive(f)
 * and a self of what they leave. Those are the profile's own numbers only where T is the whole of
 * f's inclusive cost, i.e. where this node is the only place f's cost goes to. So, exactly as the
 * walk computes it:
 *  - a frame is *shared* when it has two or more sources: caller edges in the graph (each recorded
 *    caller -> f pair, f itself included when it calls itself) and a place at the top of the tree
 *    (a root child: called from outside the profile, or the entry root of a cycle nobody calls,
 *    see entryPoints.ts). A shared frame's cost is apportioned among its sources by edge cost;
 *  - the root is exact; a root child is estimated when its frame is shared, or when the roots'
 *    weights were scaled down to fit the total;
 *  - any other node is estimated when its parent is, when its frame is shared, when its parent's
 *    children were scaled down to fit the parent (cProfile counting recursive time twice), or
 *    when it is a recursion leaf (a call back into a frame on its path: the recursive edge's
 *    share, never a stack);
 *  - and any node whose weight is not its frame's whole inclusive cost is estimated: its self and
 *    its children are then shares of that cost. With one source this happens where the numbers
 *    disagree: a merge on the graph (transforms/graph.ts) gives the callers of a merged function
 *    new edges that are estimates themselves, so their inclusive cost is no longer their recorded
 *    total, and a file may record a call's cost unlike the callee's own sum.
 * Everything under an estimated node is estimated. So a node is exact when every frame on its path
 * from the root has exactly one source and every node on it weighs its frame's whole inclusive
 * cost with its children unscaled: nothing was apportioned, and its total is the file's number
 * for the function (cumtime). The cut-off (GRAPH_TREE_CUTOFF, and maxNodes) marks nothing:
 * callees under it stay in their caller's self, no weight is shared, and a refined subtree
 * (subtreeFromGraph) gets the same flags a whole build would.
 */

/**
 * Per frame 1 when it has two or more sources (see above); `tops` are the frames of the root's
 * children. A scratch view (see scratch.ts), valid until the next call.
 */
export function sharedFrames(graph: CallGraph, frameCount: number, tops: ArrayLike<number>): Uint8Array {
  const sources = scratch('shared.sources', Uint8Array, frameCount, true); // counts up to 2: enough to tell one from several
  const add = (f: number) => {
    if (f >= 0 && f < frameCount && sources[f] < 2) sources[f]++;
  };
  for (let e = 0; e < graph.size; e++) add(graph.callee[e]);
  for (let i = 0; i < tops.length; i++) add(tops[i]);
  for (let f = 0; f < frameCount; f++) sources[f] = sources[f] >= 2 ? 1 : 0;
  return sources;
}

/** The frames of the root's children: the tops a tree rebuilt from a graph was built from. */
export function topFrames(tree: CallTree): Int32Array {
  const out: number[] = [];
  for (let i = 1; i < tree.size; i++) if (tree.parent[i] === 0) out.push(tree.frame[i]);
  return Int32Array.from(out);
}

/**
 * Two weights are the same number when they differ by rounding alone: a sum of recorded edges that
 * exceeds its parent by a few ulps is not an estimate.
 */
export function sameWeight(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** How many nodes of the tree are estimated (0 for trees of real stacks). */
export function countEstimated(tree: CallTree): number {
  const flags = tree.estimated;
  if (!flags) return 0;
  let n = 0;
  for (let i = 0; i < tree.size; i++) n += flags[i];
  return n;
}
