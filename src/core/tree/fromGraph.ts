import type { CallGraph, CallTree } from '../model';
import { TreeBuilder } from './grow';

/**
 * Rebuilds a call tree from a call graph (pstats and callgrind keep caller -> callee pairs, not
 * whole stacks). The rule, the same for both formats:
 *  - the root's total is the profile's total; its children are the functions nobody calls,
 *    weighted by their inclusive cost;
 *  - a node of function f with weight T gets one child per callee c of f, weighted by the
 *    inclusive cost recorded on the edge f -> c, times T / inclusive(f): a function's time is
 *    shared among the places it is reached from in proportion to what its callers recorded;
 *  - a callee already on the path from the root is not expanded again (recursion and cycles are
 *    cut), so the walk always ends;
 *  - children never sum to more than their parent: where the recorded edges do (cProfile counts
 *    recursive time twice), they are scaled down to fit; what is left is the node's self;
 *  - children under `minWeight`, and everything past `maxNodes`, stay in their parent's self so
 *    that no total changes; the tree just stops refining there.
 * Such a tree shows where time went on average, not real stacks: two paths through one function
 * get the same split of its callees.
 */
export interface GraphTreeInput {
  graph: CallGraph;
  frameCount: number;
  /** per frame: the inclusive cost that the edges out of it share */
  inclusive: Float64Array;
  /** frames at the top and their weights */
  roots: ArrayLike<number>;
  rootWeights: ArrayLike<number>;
  rootFrame: number;
  total: number;
  minWeight?: number;
  maxNodes?: number;
}

export function treeFromGraph(input: GraphTreeInput): CallTree {
  const { graph, frameCount, inclusive, rootFrame, total } = input;
  const minWeight = input.minWeight ?? Math.abs(total) * 1e-7;
  const maxNodes = input.maxNodes ?? 1_000_000;

  // out-edges per caller, CSR
  const start = new Int32Array(frameCount + 1);
  for (let e = 0; e < graph.size; e++) start[graph.caller[e] + 1]++;
  for (let f = 0; f < frameCount; f++) start[f + 1] += start[f];
  const fill = start.slice(0, frameCount);
  const edges = new Int32Array(graph.size);
  for (let e = 0; e < graph.size; e++) edges[fill[graph.caller[e]]++] = e;

  const builder = new TreeBuilder();
  const onPath = new Int32Array(frameCount);
  const path: number[] = []; // tree indexes of the current path
  const stackFrame: number[] = [];
  const stackWeight: number[] = [];
  const stackParent: number[] = [];

  // the root: its children are the uncalled functions
  const rootKids: number[] = [];
  const rootKidWeights: number[] = [];
  let kidSum = 0;
  for (let r = 0; r < input.roots.length; r++) {
    const w = input.rootWeights[r];
    if (!(w > 0)) continue;
    rootKids.push(input.roots[r]);
    rootKidWeights.push(w);
    kidSum += w;
  }
  const rootScale = kidSum > total && kidSum > 0 ? total / kidSum : 1;
  const root = builder.push(-1, rootFrame, Math.max(0, total - kidSum * rootScale));
  for (let k = rootKids.length - 1; k >= 0; k--) {
    stackFrame.push(rootKids[k]);
    stackWeight.push(rootKidWeights[k] * rootScale);
    stackParent.push(root);
  }
  path.push(root);
  const nodeFrame: number[] = [rootFrame]; // frame per tree node, to unwind onPath

  // children of the node being visited; sized for the widest fan-out so the hot loop allocates nothing
  let widest = 0;
  for (let f = 0; f < frameCount; f++) widest = Math.max(widest, start[f + 1] - start[f]);
  const kidFrames = new Int32Array(widest);
  const kidWeights = new Float64Array(widest);
  while (stackFrame.length > 0) {
    const f = stackFrame.pop()!;
    const weight = stackWeight.pop()!;
    const parent = stackParent.pop()!;
    while (path.length > 0 && path[path.length - 1] !== parent) {
      const left = path.pop()!;
      if (left !== root) onPath[nodeFrame[left]]--;
    }

    let kids = 0;
    let sum = 0;
    const share = inclusive[f] > 0 ? weight / inclusive[f] : 0;
    if (builder.size + stackFrame.length < maxNodes) {
      onPath[f]++; // so a callee equal to f itself is cut too
      for (let k = start[f]; k < start[f + 1]; k++) {
        const e = edges[k];
        const c = graph.callee[e];
        if (onPath[c] > 0) continue;
        const w = graph.total[e] * share;
        if (!(w >= minWeight) || w <= 0) continue;
        kidFrames[kids] = c;
        kidWeights[kids++] = w;
        sum += w;
      }
      onPath[f]--;
    }
    const scale = sum > weight && sum > 0 ? weight / sum : 1;
    const node = builder.push(parent, f, Math.max(0, weight - sum * scale));
    nodeFrame.push(f);
    onPath[f]++;
    path.push(node);
    for (let k = kids - 1; k >= 0; k--) {
      stackFrame.push(kidFrames[k]);
      stackWeight.push(kidWeights[k] * scale);
      stackParent.push(node);
    }
  }
  return builder.finish();
}
