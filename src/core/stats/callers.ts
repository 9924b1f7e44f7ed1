import type { CallGraph, CallTree, Profile } from '../model';

/**
 * Callers and callees: the one place they are computed, for the page's function panel, for
 * `profburst stats --callers/--callees` and for the writers (callgrind's calls=, pstats' callers).
 *
 * Formats that record a call graph (pstats, callgrind) give it as they recorded it. Sampled
 * formats have only a call tree, so the edges are derived from it (edgesFromTree), counting a
 * recursive edge once per stack.
 */
export interface CallEdges {
  graph: CallGraph;
  /** true when derived from the call tree: ncalls then counts tree edges (distinct stacks), not calls */
  fromTree: boolean;
}

/**
 * The profile's caller -> callee edges. `only` (a frame) keeps, for a derived graph, just the
 * edges into and out of that frame: what one selection needs, without a map lookup per node.
 */
export function callEdges(profile: Profile, only = -1): CallEdges {
  if (profile.graph) return { graph: profile.graph, fromTree: false };
  return { graph: edgesFromTree(profile.tree, profile.frames.length, only), fromTree: true };
}

/**
 * One edge per (parent frame, child frame) pair of the tree:
 *  - ncalls: how many tree edges join the pair;
 *  - self: the child nodes' self, which belongs to exactly one tree edge each, so simply summed;
 *  - total: the child nodes' totals, but only where the same pair is not already on the path
 *    above: in a stack A B A B the inner A -> B lies inside the outer one, and adding both would
 *    count those samples twice. So each sample counts once per edge, as DevTools counts a
 *    recursive function's total once.
 * The root's frame is the caller of the top-level functions. With `only` >= 0, pairs that do not
 * involve that frame are left out. One preorder pass with an explicit path stack (trees can be
 * 100 000 deep).
 */
export function edgesFromTree(tree: CallTree, frameCount: number, only = -1): CallGraph {
  return edgesFromTreeInSteps(tree, frameCount, only).step(Infinity)!;
}

/**
 * edgesFromTree as a pass that can stop and go on: each `step(n)` walks up to n more nodes and
 * returns the graph once the last node is walked, else null. The page walks a million-node tree
 * in steps between which it yields, so that no step is a long task.
 */
export function edgesFromTreeInSteps(tree: CallTree, frameCount: number, only = -1): { step: (nodes: number) => CallGraph | null } {
  const { parent, frame } = tree;
  const index = new Map<number, number>(); // caller * frameCount + callee -> edge
  const caller: number[] = [];
  const callee: number[] = [];
  const ncalls: number[] = [];
  const self: number[] = [];
  const total: number[] = [];
  const active: number[] = []; // per edge: how many nodes on the current path came through it
  // made by the first step: the page creates the walk in React's commit, the steps come later
  let edgeOfKept: Int32Array | null = null;
  let pathKept: Int32Array | null = null;
  let depthKept = tree.size > 0 ? 1 : 0; // path[0] = the root, an ancestor of every node
  let next = 1;

  const step = (nodes: number): CallGraph | null => {
    // edge + 1 per node, 0 for none: no fill(-1), which wrote the whole array up front (30-70 ms
    // at two million nodes, its pages touched at once)
    const edgeOf = (edgeOfKept ??= new Int32Array(tree.size));
    const path = (pathKept ??= new Int32Array(Math.max(1, tree.size)));
    let depth = depthKept; // a local in the loop, kept between steps
    const end = Math.min(tree.size, next + nodes);
    for (let i = next; i < end; i++) {
      const p = parent[i];
      while (depth > 1 && path[depth - 1] !== p) {
        const left = edgeOf[path[--depth]] - 1;
        if (left >= 0) active[left]--;
      }
      path[depth++] = i;
      if (only >= 0 && frame[p] !== only && frame[i] !== only) continue;
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
      edgeOf[i] = e + 1;
      ncalls[e]++;
      self[e] += tree.self[i];
      if (active[e] === 0) total[e] += tree.total[i];
      active[e]++;
    }
    depthKept = depth;
    next = Math.max(next, end);
    if (next < tree.size) return null;
    return {
      size: caller.length,
      caller: Int32Array.from(caller),
      callee: Int32Array.from(callee),
      ncalls: Float64Array.from(ncalls),
      primcalls: null,
      self: Float64Array.from(self),
      total: Float64Array.from(total),
    };
  };
  return { step };
}

/** One caller (or callee) of a function, with the numbers of that call edge. */
export interface EdgeEntry {
  frame: number;
  /** calls along this edge; null where there are none to count (edges derived from a call tree) */
  ncalls: number | null;
  primcalls: number | null;
  /** self time of the callee under this caller; null when the format does not say */
  self: number | null;
  /** inclusive time of the callee under this caller */
  total: number;
}

export type Direction = 'callers' | 'callees';

/**
 * For each of `frames`, its callers (or callees) as pstats' print_callers (print_callees) lists
 * them: one entry per other function, pairs the graph records more than once summed (callgrind
 * records a pair per file of the caller), largest total first.
 */
export function edgeEntries({ graph, fromTree }: CallEdges, frames: Iterable<number>, direction: Direction): Map<number, EdgeEntry[]> {
  const byFrame = new Map<number, Map<number, EdgeEntry>>();
  for (const f of frames) byFrame.set(f, new Map());
  const [mine, theirs] = direction === 'callers' ? [graph.callee, graph.caller] : [graph.caller, graph.callee];
  // one frame (the function panel's selection): a comparison per edge, not a map lookup, which
  // was most of the panel's time on a 100 000-edge callgrind graph
  const [only] = byFrame.size === 1 ? byFrame.keys() : [-1];
  for (let e = 0; e < graph.size; e++) {
    if (only >= 0 && mine[e] !== only) continue;
    const into = byFrame.get(mine[e]);
    if (!into) continue;
    const other = theirs[e];
    let entry = into.get(other);
    if (!entry) {
      entry = { frame: other, ncalls: fromTree ? null : 0, primcalls: fromTree || !graph.primcalls ? null : 0, self: graph.self ? 0 : null, total: 0 };
      into.set(other, entry);
    }
    if (entry.ncalls !== null) entry.ncalls += graph.ncalls[e];
    if (entry.primcalls !== null) entry.primcalls += graph.primcalls![e];
    if (entry.self !== null) entry.self += graph.self![e];
    entry.total += graph.total[e];
  }
  const out = new Map<number, EdgeEntry[]>();
  for (const [f, entries] of byFrame) out.set(f, [...entries.values()].sort((a, b) => b.total - a.total || a.frame - b.frame));
  return out;
}

export interface CallersAndCallees {
  callers: EdgeEntry[];
  callees: EdgeEntry[];
  /** where the numbers come from: the recorded call graph, or derived from the call tree */
  source: 'graph' | 'tree';
}

/** The callers and callees of one function: the page's function panel. */
export function callersAndCallees(profile: Profile, frame: number): CallersAndCallees {
  return callersAndCalleesOf(callEdges(profile, frame), frame);
}

/** The same from edges already worked out (callEdges, or edgesFromTreeInSteps with `only` = frame). */
export function callersAndCalleesOf(edges: CallEdges, frame: number): CallersAndCallees {
  return {
    callers: edgeEntries(edges, [frame], 'callers').get(frame)!,
    callees: edgeEntries(edges, [frame], 'callees').get(frame)!,
    source: edges.fromTree ? 'tree' : 'graph',
  };
}
