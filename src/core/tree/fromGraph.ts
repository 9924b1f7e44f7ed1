import type { CallGraph, CallTree } from '../model';
import { sameWeight, sharedFrames } from './estimated';
import { accumulateTotals } from './grow';
import { scratch, slab } from '../io/scratch';

/**
 * Rebuilds a call tree from a call graph (pstats and callgrind keep caller -> callee pairs, not
 * whole stacks). The rule, the same for both formats:
 *  - the root's total is the profile's total; its children are the functions nobody calls,
 *    weighted by their inclusive cost;
 *  - a node of function f with weight T gets one child per callee c of f, weighted by the
 *    inclusive cost recorded on the edge f -> c, times T / inclusive(f): a function's time is
 *    shared among the places it is reached from in proportion to what its callers recorded;
 *  - a callee already on the path from the root is not expanded again (recursion and cycles are
 *    cut), so the walk always ends; it becomes a leaf of its own, marked in `recursion`, whose
 *    total is the edge's share. Its time is not the caller's self: adding it there made the
 *    chart give `is_odd` twice its self time in pstats' own numbers, and "colour by self time"
 *    point at functions that spend nothing themselves;
 *  - children never sum to more than their parent: where the recorded edges do (cProfile counts
 *    recursive time twice), they are scaled down to fit; what is left is the node's self;
 *  - children under `minWeight`, and everything past `maxNodes`, stay in their parent's self so
 *    that no total changes; the tree just stops refining there.
 * Such a tree shows where time went on average, not real stacks: two paths through one function
 * get the same split of its callees. Each node says whether its weight is such an estimate or
 * the profile's own number (`estimated`, by the rule in estimated.ts).
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

/**
 * The cut-off of the tree an import builds, as a fraction of the total. Nodes under it are not
 * built: 1/100 000 is a tenth of the smallest slice the chart can show at the root (0.5 px of a
 * 5 000 px ring), and a refined subtree is built when the chart zooms into a node whose
 * resolution is too coarse for it (subtreeFromGraph). A finer tree up front cost a 25 MB .prof
 * 570 000 nodes, ~100 ms and ~40 MB, for detail that only deep zooms show.
 */
export const GRAPH_TREE_CUTOFF = 1e-5;

export function treeFromGraph(input: GraphTreeInput): CallTree {
  const { total } = input;
  const minWeight = input.minWeight ?? Math.abs(total) * GRAPH_TREE_CUTOFF;

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
  const overflowed = !(kidSum < Infinity);
  if (overflowed) kidSum = shareOut(rootKidWeights, rootKidWeights, rootKidWeights.length, total);
  // a total of 0 or less (negative costs) leaves the children nothing; total / kidSum could be -Infinity
  const rootScale = kidSum > total && kidSum > 0 ? Math.max(0, total) / kidSum : 1;
  const shared = sharedFrames(input.graph, input.frameCount, rootKids);
  const walk = new GraphWalk(input.graph, input.frameCount, input.inclusive, shared, minWeight, input.maxNodes ?? 1_000_000);
  const root = walk.addRoot(input.rootFrame, Math.max(0, total - kidSum * rootScale));
  const scaled = overflowed || !sameWeight(rootScale, 1);
  for (let k = rootKids.length - 1; k >= 0; k--) walk.push(rootKids[k], rootKidWeights[k] * rootScale, root, scaled || shared[rootKids[k]] === 1);
  return walk.run();
}

export interface GraphSubtreeInput {
  graph: CallGraph;
  frameCount: number;
  inclusive: Float64Array;
  /** the subtree's top node: its frame and weight (its total in the tree it belongs to) */
  frame: number;
  weight: number;
  /** frames on the path above it, the root's excepted: they are cut below, as in the whole tree */
  ancestors: ArrayLike<number>;
  /** the frames of the whole tree's root children (topFrames): a frame there has a source at the top */
  tops: ArrayLike<number>;
  /** whether the node itself is estimated in the tree it belongs to: its subtree then is too */
  estimated: boolean;
  minWeight: number;
  maxNodes?: number;
}

/**
 * The subtree under one node of a tree made by treeFromGraph, built again with a finer cut-off:
 * the same rule, so it is what treeFromGraph would have built there with that cut-off (node 0 is
 * the node itself, with the same total). The chart splices it in when it zooms in (spliceSubtree).
 */
export function subtreeFromGraph(input: GraphSubtreeInput): CallTree {
  const shared = sharedFrames(input.graph, input.frameCount, input.tops);
  const walk = new GraphWalk(input.graph, input.frameCount, input.inclusive, shared, input.minWeight, input.maxNodes ?? 1_000_000);
  for (let i = 0; i < input.ancestors.length; i++) walk.above(input.ancestors[i]);
  walk.push(input.frame, input.weight, -1, input.estimated);
  return walk.run();
}

/** A depth-first walk of the graph that appends tree nodes in preorder, without recursion. */
class GraphWalk {
  // out-edges per caller, CSR: the edges of caller f are order[start[f]] .. order[start[f + 1] - 1]
  // (an index, not copies of callee and weight: 4 bytes an edge instead of 12, at the import's peak)
  private readonly start: Int32Array;
  private readonly order: Int32Array;
  private readonly callee: Int32Array;
  private readonly edgeTotal: Float64Array;
  // the tree being built: parent, frame and self per node (grown by doubling; first sized by the
  // graph, since a folder of a thousand small per-request profiles builds a thousand trees)
  private parentOf: Int32Array;
  private frameOf: Int32Array;
  private selfOf: Float64Array;
  private recursionOf: Uint8Array;
  private estimatedOf: Uint8Array;
  private size = 0;
  /** per frame: how often it is on the current path (or above the subtree being built) */
  private readonly onPath: Int32Array;
  /** the current path (tree indexes); the root, if any, is on it but not counted in onPath */
  private path: Int32Array;
  private pathLength = 0;
  private root = -1;
  // nodes waiting to be visited: frame, weight, parent's tree index
  private stackFrame: Int32Array;
  private stackWeight: Float64Array;
  private stackParent: Int32Array;
  /** 1 for a call into a frame already on the path: a recursion leaf, not expanded */
  private stackRecursion: Uint8Array;
  /** 1 for a node whose weight is an estimate (see estimated.ts) */
  private stackEstimated: Uint8Array;
  private top = 0;

  constructor(
    graph: CallGraph,
    private readonly frameCount: number,
    private readonly inclusive: Float64Array,
    /** per frame: 1 when its cost is shared among several sources (sharedFrames) */
    private readonly shared: Uint8Array,
    private readonly minWeight: number,
    private readonly maxNodes: number,
  ) {
    // working arrays: views of ones kept between imports (see scratch.ts), all written before read
    const start = scratch('walk.start', Int32Array, frameCount + 1, true);
    for (let e = 0; e < graph.size; e++) start[graph.caller[e] + 1]++;
    for (let f = 0; f < frameCount; f++) start[f + 1] += start[f];
    const fill = scratch('walk.fill', Int32Array, frameCount, false);
    fill.set(start.subarray(0, frameCount));
    this.order = scratch('walk.order', Int32Array, graph.size, false);
    for (let e = 0; e < graph.size; e++) this.order[fill[graph.caller[e]]++] = e;
    this.start = start;
    this.callee = graph.callee;
    this.edgeTotal = graph.total;
    this.onPath = scratch('walk.onPath', Int32Array, frameCount, true);
    this.path = scratch('walk.path', Int32Array, 256, false);
    const nodes = Math.min(4096, Math.max(64, 2 * frameCount));
    this.parentOf = scratch('walk.parent', Int32Array, nodes, false);
    this.frameOf = scratch('walk.frame', Int32Array, nodes, false);
    this.selfOf = scratch('walk.self', Float64Array, nodes, false);
    this.recursionOf = scratch('walk.recursion', Uint8Array, nodes, true);
    this.estimatedOf = scratch('walk.estimated', Uint8Array, nodes, true);
    const waiting = Math.min(1024, Math.max(64, graph.size + 1));
    this.stackFrame = scratch('walk.stackFrame', Int32Array, waiting, false);
    this.stackWeight = scratch('walk.stackWeight', Float64Array, waiting, false);
    this.stackParent = scratch('walk.stackParent', Int32Array, waiting, false);
    this.stackRecursion = scratch('walk.stackRecursion', Uint8Array, waiting, false);
    this.stackEstimated = scratch('walk.stackEstimated', Uint8Array, waiting, false);
  }

  /** the root node, whose frame is not a function and cuts nothing */
  addRoot(frame: number, self: number): number {
    const root = this.addNode(-1, frame, self);
    this.root = root;
    this.path[this.pathLength++] = root;
    return root;
  }

  /** a frame on the path above the subtree being built */
  above(frame: number): void {
    if (frame >= 0 && frame < this.frameCount) this.onPath[frame]++;
  }

  push(frame: number, weight: number, parent: number, estimated: boolean): void {
    if (this.top === this.stackFrame.length) this.growStack(this.top + 1);
    this.stackFrame[this.top] = frame;
    this.stackWeight[this.top] = weight;
    this.stackRecursion[this.top] = 0;
    this.stackEstimated[this.top] = estimated ? 1 : 0;
    this.stackParent[this.top++] = parent;
  }

  run(): CallTree {
    const { start, order, callee, edgeTotal, onPath, inclusive, shared, minWeight, maxNodes } = this;
    // children of the node being visited; sized for the widest fan-out so the hot loop allocates nothing
    let widest = 0;
    for (let f = 0; f < this.frameCount; f++) widest = Math.max(widest, start[f + 1] - start[f]);
    const kidFrames = scratch('walk.kidFrames', Int32Array, widest, false);
    const kidWeights = scratch('walk.kidWeights', Float64Array, widest, false);
    const kidEdgeTotals = scratch('walk.kidEdgeTotals', Float64Array, widest, false);
    const kidRecursion = scratch('walk.kidRecursion', Uint8Array, widest, false);
    while (this.top > 0) {
      const top = --this.top;
      const f = this.stackFrame[top];
      const weight = this.stackWeight[top];
      const parent = this.stackParent[top];
      const estimated = this.stackEstimated[top];
      while (this.pathLength > 0 && this.path[this.pathLength - 1] !== parent) {
        const left = this.path[--this.pathLength];
        if (left !== this.root) onPath[this.frameOf[left]]--;
      }
      if (this.stackRecursion[top]) {
        // a leaf: its whole weight is the recursive call's, and it never joins the path; that
        // share of a recursive edge is never a stack's number
        const leaf = this.addNode(parent, f, weight);
        this.recursionOf[leaf] = 1;
        this.estimatedOf[leaf] = 1;
        continue;
      }

      let kids = 0;
      let sum = 0;
      const share = inclusive[f] > 0 ? weight / inclusive[f] : 0;
      if (this.size + top < maxNodes) {
        onPath[f]++; // so a callee equal to f itself is cut too
        const end = start[f + 1];
        for (let k = start[f]; k < end; k++) {
          const e = order[k];
          const c = callee[e];
          const w = edgeTotal[e] * share;
          if (!(w >= minWeight) || w <= 0) continue;
          kidRecursion[kids] = onPath[c] > 0 ? 1 : 0;
          kidFrames[kids] = c;
          kidEdgeTotals[kids] = edgeTotal[e];
          kidWeights[kids++] = w;
          sum += w;
        }
        onPath[f]--;
      }
      // w overflowed (a tiny inclusive cost under a big weight, or huge costs in a hostile file)
      const overflowed = !(sum < Infinity);
      if (overflowed) sum = shareOut(kidEdgeTotals, kidWeights, kids, weight);
      const scale = sum > weight && sum > 0 ? weight / sum : 1;
      const node = this.addNode(parent, f, Math.max(0, weight - sum * scale));
      // a node that is not the whole of its function gives its self and children shares of it
      const mine = estimated === 1 || !sameWeight(weight, inclusive[f]) ? 1 : 0;
      this.estimatedOf[node] = mine;
      // children fitted into their parent are no longer the recorded edges' numbers
      const kidsEstimated = mine === 1 || overflowed || !sameWeight(scale, 1) ? 1 : 0;
      onPath[f]++;
      if (this.pathLength === this.path.length) this.path = growInt(this.path, this.pathLength * 2);
      this.path[this.pathLength++] = node;
      if (this.top + kids > this.stackFrame.length) this.growStack(this.top + kids);
      for (let k = kids - 1; k >= 0; k--) {
        this.stackFrame[this.top] = kidFrames[k];
        this.stackWeight[this.top] = kidWeights[k] * scale;
        this.stackRecursion[this.top] = kidRecursion[k];
        this.stackEstimated[this.top] = kidsEstimated | shared[kidFrames[k]];
        this.stackParent[this.top++] = node;
      }
    }
    const size = this.size;
    // the tree's columns in one backing store: one allocation instead of seven per tree
    const { f, i, u } = slab([size, size], [size, size], [size, size]);
    f[0].set(this.selfOf.subarray(0, size));
    i[0].set(this.parentOf.subarray(0, size));
    i[1].set(this.frameOf.subarray(0, size));
    u[0].set(this.recursionOf.subarray(0, size));
    u[1].set(this.estimatedOf.subarray(0, size));
    const tree: CallTree = {
      size, parent: i[0], frame: i[1], self: f[0], total: f[1], recursion: u[0], estimated: u[1],
    };
    accumulateTotals(tree);
    return tree;
  }

  private addNode(parent: number, frame: number, self: number): number {
    if (this.size === this.parentOf.length) {
      const n = this.size * 2;
      this.parentOf = growInt(this.parentOf, n);
      this.frameOf = growInt(this.frameOf, n);
      this.selfOf = growFloat(this.selfOf, n);
      this.recursionOf = growBytes(this.recursionOf, n);
      this.estimatedOf = growBytes(this.estimatedOf, n);
    }
    const node = this.size++;
    this.parentOf[node] = parent;
    this.frameOf[node] = frame;
    this.selfOf[node] = self;
    return node;
  }

  private growStack(atLeast: number): void {
    const n = Math.max(2 * this.stackFrame.length, atLeast);
    this.stackFrame = growInt(this.stackFrame, n);
    this.stackWeight = growFloat(this.stackWeight, n);
    this.stackParent = growInt(this.stackParent, n);
    this.stackRecursion = growBytes(this.stackRecursion, n);
    this.stackEstimated = growBytes(this.stackEstimated, n);
  }
}

function growInt(a: Int32Array, n: number): Int32Array {
  const next = new Int32Array(n);
  next.set(a);
  return next;
}

function growBytes(a: Uint8Array, n: number): Uint8Array {
  const next = new Uint8Array(n);
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
