import type { CallGraph, FunctionStats, Profile } from '../model';
import { inclusiveCosts } from '../formats/callgrind/inclusive';
import { NodeChildIndex } from '../tree/childIndex';
import { GRAPH_TREE_CUTOFF, treeFromGraph } from '../tree/fromGraph';
import { mergedFrames } from './frameMap';
import { pstatsRoots } from './roots';

/**
 * Merges profiles that record a call graph (pstats, callgrind) the way their own tools would:
 * per function ncalls, primcalls, self and total summed; per caller -> callee edge the same
 * (pstats.Stats(a, b) adds the callers' tuples; summing callgrind_annotate over the files adds
 * each function's and each call's costs). Then the tree is rebuilt from the merged graph with
 * the importers' own rule (treeFromGraph), not glued from the inputs' trees, which are estimates.
 * Times are scaled to the merge's unit first; a scale of exactly 1 keeps sums bit-exact.
 */
export function mergeGraphs(profiles: readonly Profile[], scale: readonly number[]): Omit<Profile, 'name' | 'unit' | 'events' | 'event'> {
  const { table, maps } = mergedFrames(profiles);
  const frameCount = table.frames.length;
  const withPrimcalls = profiles.every((p) => p.functions.primcalls !== null && p.graph!.primcalls !== null);
  const withEdgeSelf = profiles.every((p) => p.graph!.self !== null);
  const allPstats = profiles.every((p) => p.format === 'pstats');
  const order = additionOrder(profiles.length, allPstats);

  const functions: FunctionStats = {
    ncalls: new Float64Array(frameCount),
    primcalls: withPrimcalls ? new Float64Array(frameCount) : null,
    self: new Float64Array(frameCount),
    total: new Float64Array(frameCount),
  };
  // a frame with an entry of its own in some file (pstats: a key of the dict), not only a caller
  const hasEntry = new Uint8Array(frameCount);
  let total = 0;
  for (const i of order) {
    const p = profiles[i], map = maps[i], s = scale[i], f = p.functions;
    total += p.total * s;
    for (let k = 0; k < map.length; k++) {
      const m = map[k];
      if (m === 0) continue; // the root is no function
      if (f.ncalls) functions.ncalls![m] += f.ncalls[k];
      if (functions.primcalls) functions.primcalls[m] += f.primcalls![k];
      functions.self[m] += f.self[k] * s;
      functions.total[m] += f.total[k] * s;
      if (f.self[k] !== 0 || f.total[k] !== 0 || (f.ncalls !== null && f.ncalls[k] !== 0)) hasEntry[m] = 1;
    }
  }

  const graph = mergeEdges(profiles, order, maps, scale, withPrimcalls, withEdgeSelf);
  for (let e = 0; e < graph.size; e++) hasEntry[graph.callee[e]] = 1;

  const minWeight = Math.abs(total) * GRAPH_TREE_CUTOFF;
  let inclusive = functions.total;
  let top: { roots: ArrayLike<number>; rootWeights: ArrayLike<number> };
  if (allPstats) {
    top = pstatsRoots(graph, functions, hasEntry, 0);
  } else {
    // the tree's shares and roots from the summed self costs and edges (see inclusive.ts). A
    // function's total stays the sum of each file's, as summing callgrind_annotate gives it: from
    // the merged edges alone, a function that one file records uncalled (a part dumped while main
    // ran) would lose that file's cost, and each file's bound on a recursive one is the tighter
    const inc = inclusiveCosts(functions.self, graph.caller, graph.callee, graph.ncalls, graph.total, graph.size, total, 0);
    inclusive = inc.share;
    top = inc;
  }
  const tree = treeFromGraph({ graph, frameCount, inclusive, ...top, rootFrame: 0, total, minWeight });
  return {
    format: allPstats ? 'pstats' : 'callgrind',
    total,
    frames: table.frames,
    tree,
    functions,
    graph,
    graphTree: { inclusive, minWeight },
  };
}

/**
 * The order in which the files' numbers are added: pstats.Stats(a, b, c, d) loads a, then adds
 * the others last first (`add` walks `reversed(arg_list)`: a + d + c + b), and floating-point sums
 * depend on the order, in the last bit. Other formats in the order given.
 */
function additionOrder(count: number, pstats: boolean): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return pstats ? [0, ...order.slice(1).reverse()] : order;
}

/** Edges summed per (caller, callee) of the merged frames, in order of first appearance (in addition order). */
function mergeEdges(profiles: readonly Profile[], order: readonly number[], maps: Int32Array[], scale: readonly number[], withPrimcalls: boolean, withEdgeSelf: boolean): CallGraph {
  let capacity = 0;
  for (const p of profiles) capacity += p.graph!.size;
  const caller = new Int32Array(capacity), callee = new Int32Array(capacity);
  const ncalls = new Float64Array(capacity), totals = new Float64Array(capacity);
  const primcalls = withPrimcalls ? new Float64Array(capacity) : null;
  const self = withEdgeSelf ? new Float64Array(capacity) : null;
  const edgeOf = new NodeChildIndex(); // (caller, callee) -> edge: the tree's child table serves as well
  let size = 0;
  for (const i of order) {
    const g = profiles[i].graph!, map = maps[i], s = scale[i];
    for (let e = 0; e < g.size; e++) {
      const from = map[g.caller[e]], to = map[g.callee[e]];
      let at = edgeOf.get(from, to);
      if (at < 0) {
        at = size++;
        edgeOf.set(from, to, at);
        caller[at] = from;
        callee[at] = to;
      }
      ncalls[at] += g.ncalls[e];
      if (primcalls) primcalls[at] += g.primcalls![e];
      if (self) self[at] += g.self![e] * s;
      totals[at] += g.total[e] * s;
    }
  }
  return {
    size,
    caller: caller.slice(0, size),
    callee: callee.slice(0, size),
    ncalls: ncalls.slice(0, size),
    primcalls: primcalls && primcalls.slice(0, size),
    self: self && self.slice(0, size),
    total: totals.slice(0, size),
  };
}
