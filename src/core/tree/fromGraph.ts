import type { CallGraph, CallTree } from '../model';
import { accumulateTotals } from './grow';

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
  // a millionth of the total is far below a pixel of any chart (a 2 000 px sunburst ring shows
  // 1/6 000 at best), and refining the tree below it only costs time and memory
  const minWeight = input.minWeight ?? Math.abs(total) * 1e-6;
  const maxNodes = input.maxNodes ?? 1_000_000;

  // out-edges per caller, CSR, with callee and weight copied in that order (no indirection in the loop)
  const start = new Int32Array(frameCount + 1);
  for (let e = 0; e < graph.size; e++) start[graph.caller[e] + 1]++;
  for (let f = 0; f < frameCount; f++) start[f + 1] += start[f];
  const fill = start.slice(0, frameCount);
  const outCallee = new Int32Array(graph.size);
  const outTotal = new Float64Array(graph.size);
  for (let e = 0; e < graph.size; e++) {
    const k = fill[graph.caller[e]]++;
    outCallee[k] = graph.callee[e];
    outTotal[k] = graph.total[e];
  }

  // the tree being built, in preorder: parent, frame and self per node (grown by doubling)
  let parentOf: Int32Array = new Int32Array(4096);
  let frameOf: Int32Array = new Int32Array(4096);
  let selfOf: Float64Array = new Float64Array(4096);
  let size = 0;
  const onPath = new Int32Array(frameCount);
  // the current path (tree indexes)
  let path: Int32Array = new Int32Array(256);
  let pathLength = 0;
  // nodes waiting to be visited: frame, weight, parent's tree index
  let stackFrame: Int32Array = new Int32Array(1024);
  let stackWeight: Float64Array = new Float64Array(1024);
  let stackParent: Int32Array = new Int32Array(1024);
  let top = 0;

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
  if (!(kidSum < Infinity)) kidSum = shareOut(rootKidWeights, rootKidWeights, rootKidWeights.length, total);
  // a total of 0 or less (negative costs) leaves the children nothing; total / kidSum could be -Infinity
  const rootScale = kidSum > total && kidSum > 0 ? Math.max(0, total) / kidSum : 1;
  const root = size++;
  parentOf[root] = -1;
  frameOf[root] = rootFrame;
  selfOf[root] = Math.max(0, total - kidSum * rootScale);
  if (rootKids.length > stackFrame.length) {
    stackFrame = growInt(stackFrame, rootKids.length);
    stackWeight = growFloat(stackWeight, rootKids.length);
    stackParent = growInt(stackParent, rootKids.length);
  }
  for (let k = rootKids.length - 1; k >= 0; k--) {
    stackFrame[top] = rootKids[k];
    stackWeight[top] = rootKidWeights[k] * rootScale;
    stackParent[top++] = root;
  }
  path[pathLength++] = root;

  // children of the node being visited; sized for the widest fan-out so the hot loop allocates nothing
  let widest = 0;
  for (let f = 0; f < frameCount; f++) widest = Math.max(widest, start[f + 1] - start[f]);
  const kidFrames = new Int32Array(widest);
  const kidWeights = new Float64Array(widest);
  const kidEdgeTotals = new Float64Array(widest);
  while (top > 0) {
    top--;
    const f = stackFrame[top];
    const weight = stackWeight[top];
    const parent = stackParent[top];
    while (pathLength > 0 && path[pathLength - 1] !== parent) {
      const left = path[--pathLength];
      if (left !== root) onPath[frameOf[left]]--;
    }

    let kids = 0;
    let sum = 0;
    const share = inclusive[f] > 0 ? weight / inclusive[f] : 0;
    if (size + top < maxNodes) {
      onPath[f]++; // so a callee equal to f itself is cut too
      const end = start[f + 1];
      for (let k = start[f]; k < end; k++) {
        const c = outCallee[k];
        if (onPath[c] > 0) continue;
        const w = outTotal[k] * share;
        if (!(w >= minWeight) || w <= 0) continue;
        kidFrames[kids] = c;
        kidEdgeTotals[kids] = outTotal[k];
        kidWeights[kids++] = w;
        sum += w;
      }
      onPath[f]--;
    }
    // w overflowed (a tiny inclusive cost under a big weight, or huge costs in a hostile file)
    if (!(sum < Infinity)) sum = shareOut(kidEdgeTotals, kidWeights, kids, weight);
    const scale = sum > weight && sum > 0 ? weight / sum : 1;
    if (size === parentOf.length) {
      parentOf = growInt(parentOf, size * 2);
      frameOf = growInt(frameOf, size * 2);
      selfOf = growFloat(selfOf, size * 2);
    }
    const node = size++;
    parentOf[node] = parent;
    frameOf[node] = f;
    selfOf[node] = Math.max(0, weight - sum * scale);
    onPath[f]++;
    if (pathLength === path.length) path = growInt(path, pathLength * 2);
    path[pathLength++] = node;
    if (top + kids > stackFrame.length) {
      const n = Math.max(2 * stackFrame.length, top + kids);
      stackFrame = growInt(stackFrame, n);
      stackWeight = growFloat(stackWeight, n);
      stackParent = growInt(stackParent, n);
    }
    for (let k = kids - 1; k >= 0; k--) {
      stackFrame[top] = kidFrames[k];
      stackWeight[top] = kidWeights[k] * scale;
      stackParent[top++] = node;
    }
  }
  const tree: CallTree = {
    size,
    parent: parentOf.slice(0, size),
    frame: frameOf.slice(0, size),
    self: selfOf.slice(0, size),
    total: new Float64Array(size),
  };
  accumulateTotals(tree);
  return tree;
}

function growInt(a: Int32Array, n: number): Int32Array {
  const next = new Int32Array(n);
  next.set(a);
  return next;
}

function growFloat(a: Float64Array, n: number): Float64Array {
  const next = new Float64Array(n);
  next.set(a);
  return next;
}

/**
 * Splits `weight` among `count` children in proportion to `parts` (all positive, finite or not)
 * without overflowing, into `out`; returns the new sum. It is only needed when the children's
 * weights overflowed, so they outweigh their parent and would be scaled to it anyway: then
 * only the proportions matter.
 */
function shareOut(parts: ArrayLike<number>, out: { [k: number]: number }, count: number, weight: number): number {
  let max = 0;
  for (let k = 0; k < count; k++) max = Math.max(max, parts[k]);
  const big = max === Infinity;
  const part = (k: number) => (big ? (parts[k] === Infinity ? 1 : 0) : parts[k] / max);
  let sum = 0;
  for (let k = 0; k < count; k++) sum += part(k);
  let total = 0;
  for (let k = 0; k < count; k++) {
    out[k] = sum > 0 ? weight * (part(k) / sum) : 0;
    total += out[k];
  }
  return total;
}
