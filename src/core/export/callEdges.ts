import type { CallGraph, CallTree, Profile } from '../model';

/**
 * Caller -> callee edges with call counts and costs, for the callgrind writer and for
 * `profburst stats --callers/--callees`. Formats that record a graph (pstats, callgrind) give it
 * as they recorded it; sampled formats have only a call tree, so the edges are derived from it.
 */
export interface CallEdges {
  graph: CallGraph;
  /** true when derived from the call tree: ncalls then counts tree edges (distinct stacks), not calls */
  fromTree: boolean;
}

export function callEdges(profile: Profile): CallEdges {
  if (profile.graph) return { graph: profile.graph, fromTree: false };
  return { graph: edgesFromTree(profile.tree, profile.frames.length), fromTree: true };
}

/**
 * One edge per (parent frame, child frame) pair of the tree:
 *  - ncalls: how many tree edges join the pair;
 *  - self: the child nodes' self, which belongs to exactly one tree edge each, so simply summed;
 *  - total: the child nodes' totals, but only where the same pair is not already on the path
 *    above: in a stack A B A B the inner A -> B lies inside the outer one, and adding both would
 *    count those samples twice. So each sample counts once per edge, as DevTools counts a
 *    recursive function's total once.
 * One preorder pass with an explicit path stack (trees can be 100 000 deep).
 */
export function edgesFromTree(tree: CallTree, frameCount: number): CallGraph {
  const { parent, frame } = tree;
  const index = new Map<number, number>(); // caller * frameCount + callee -> edge
  const caller: number[] = [];
  const callee: number[] = [];
  const ncalls: number[] = [];
  const self: number[] = [];
  const total: number[] = [];
  const active: number[] = []; // per edge: how many nodes on the current path came through it
  const edgeOf = new Int32Array(tree.size).fill(-1);
  const path = new Int32Array(Math.max(1, tree.size));
  let depth = tree.size > 0 ? 1 : 0; // path[0] = the root, an ancestor of every node

  for (let i = 1; i < tree.size; i++) {
    const p = parent[i];
    while (depth > 1 && path[depth - 1] !== p) {
      const left = edgeOf[path[--depth]];
      if (left >= 0) active[left]--;
    }
    const key = frame[p] * frameCount + frame[i];
    let e = index.get(key);
    if (e === undefined) {
      e = caller.length;
      index.set(key, e);
      caller.push(frame[p]);
      callee.push(frame[i]);
      ncalls.push(0);
      self.push(0);
      total.push(0);
      active.push(0);
    }
    edgeOf[i] = e;
    ncalls[e]++;
    self[e] += tree.self[i];
    if (active[e] === 0) total[e] += tree.total[i];
    active[e]++;
    path[depth++] = i;
  }
  return {
    size: caller.length,
    caller: Int32Array.from(caller),
    callee: Int32Array.from(callee),
    ncalls: Float64Array.from(ncalls),
    primcalls: null,
    self: Float64Array.from(self),
    total: Float64Array.from(total),
  };
}
