import type { CallGraph, CallTree, Profile } from '../model';

/** One caller (or callee) of a function, with the time of the call edge. */
export interface EdgeEntry {
  frame: number;
  /** inclusive time of the callee under this caller */
  total: number;
  /** self time of the callee under this caller; null when the format does not say */
  self: number | null;
  /** calls along this edge; null for sampled profiles */
  ncalls: number | null;
  primcalls: number | null;
}

export interface CallersAndCallees {
  callers: EdgeEntry[];
  callees: EdgeEntry[];
  /** where the numbers come from: the recorded call graph, or derived from the call tree */
  source: 'graph' | 'tree';
}

/** Callers and callees of `frame`: from the call graph when the format records one, else from the tree. */
export function callersAndCallees(profile: Profile, frame: number): CallersAndCallees {
  if (profile.graph) return { ...callersFromGraph(profile.graph, frame), source: 'graph' };
  return { ...callersFromTree(profile.tree, frame, profile.frames.length), source: 'tree' };
}

/** The recorded edges into and out of `frame` (pstats, callgrind); equal pairs are summed. */
export function callersFromGraph(graph: CallGraph, frame: number): { callers: EdgeEntry[]; callees: EdgeEntry[] } {
  const callers = new Map<number, EdgeEntry>();
  const callees = new Map<number, EdgeEntry>();
  for (let e = 0; e < graph.size; e++) {
    if (graph.callee[e] === frame) add(callers, graph.caller[e], e);
    if (graph.caller[e] === frame) add(callees, graph.callee[e], e);
  }
  function add(into: Map<number, EdgeEntry>, other: number, e: number): void {
    const entry = into.get(other) ?? { frame: other, total: 0, self: graph.self ? 0 : null, ncalls: 0, primcalls: graph.primcalls ? 0 : null };
    entry.total += graph.total[e];
    if (entry.self !== null) entry.self += graph.self![e];
    entry.ncalls! += graph.ncalls[e];
    if (entry.primcalls !== null) entry.primcalls += graph.primcalls![e];
    into.set(other, entry);
  }
  return { callers: byTotal(callers), callees: byTotal(callees) };
}

/**
 * Callers and callees of `frame` derived from a call tree (sampled profiles keep no graph).
 * The time of an edge g -> f is the total of every node of f whose parent is a node of g,
 * counted once per stack: a node is skipped when one of its ancestors already is the same edge
 * (so `g > f > g > f` adds only the outer f's total to g -> f; recursion is not counted twice).
 * Self time is per node and never overlaps, so it is summed over every node of the edge.
 * One preorder pass with an explicit path and, per other frame, how many nodes of the edge are
 * on the current path.
 */
export function callersFromTree(tree: CallTree, frame: number, frameCount: number): { callers: EdgeEntry[]; callees: EdgeEntry[] } {
  const { parent, total, self, size } = tree;
  const frameOf = tree.frame;
  const onPathAsCaller = new Int32Array(frameCount); // g -> frame edges on the path, per g
  const onPathAsCallee = new Int32Array(frameCount); // frame -> c edges on the path, per c
  const callers = new Map<number, EdgeEntry>();
  const callees = new Map<number, EdgeEntry>();
  const path = new Int32Array(size);
  let depth = 0;

  const leave = (k: number) => {
    const p = parent[k];
    if (p < 0) return;
    if (frameOf[k] === frame) onPathAsCaller[frameOf[p]]--;
    if (frameOf[p] === frame) onPathAsCallee[frameOf[k]]--;
  };
  const add = (into: Map<number, EdgeEntry>, other: number, node: number, outermost: boolean) => {
    let entry = into.get(other);
    if (!entry) {
      entry = { frame: other, total: 0, self: 0, ncalls: null, primcalls: null };
      into.set(other, entry);
    }
    if (outermost) entry.total += total[node];
    entry.self! += self[node];
  };

  for (let i = 0; i < size; i++) {
    const p = parent[i];
    while (depth > 0 && path[depth - 1] !== p) leave(path[--depth]);
    if (p >= 0) {
      const g = frameOf[p], c = frameOf[i];
      if (c === frame) add(callers, g, i, onPathAsCaller[g]++ === 0);
      if (g === frame) add(callees, c, i, onPathAsCallee[c]++ === 0);
    }
    path[depth++] = i;
  }
  return { callers: byTotal(callers), callees: byTotal(callees) };
}

function byTotal(entries: Map<number, EdgeEntry>): EdgeEntry[] {
  return [...entries.values()].sort((a, b) => b.total - a.total || a.frame - b.frame);
}
