import type { CallTree } from '../model';

/**
 * The part of a call tree a chart draws: the subtree of `root`, at most `maxDepth` levels below
 * it, without nodes whose total is under `cutoff` of root's total. What is left out is counted,
 * never dropped from totals: a drawn node's span is still its full total, the hidden part shows
 * as the unlabelled rest of it. Breadth-first over the preorder layout, no recursion.
 */
export interface VisibleTree {
  /** tree node index per visible node, parents before children (with folding: the top of its band) */
  nodes: Int32Array;
  /**
   * The bottom of each visible node's band: a chain of nodes each with only one child drawn,
   * folded into one level (`fold`); the node itself when nothing was folded. Its children are
   * the visible node's children.
   */
  ends: Int32Array;
  /** position in `nodes` of each visible node's parent (-1 for the root) */
  parentSlot: Int32Array;
  depth: Uint16Array;
  count: number;
  /** every node left out, for whatever reason (the three counts below summed) */
  hiddenNodes: number;
  /** weight of the children left out for being small or over the cap (not the deep ones) */
  hiddenWeight: number;
  /** nodes (whole subtrees) under the cut-off or narrower than half a pixel, and their weight */
  smallNodes: number;
  smallWeight: number;
  /** nodes deeper than maxDepth, and the weight of the children of the last drawn level */
  deepNodes: number;
  deepWeight: number;
  /** nodes under frames set aside, and their weight: the chart spans the zoomed total without it */
  asideNodes: number;
  asideWeight: number;
  /** nodes left out because maxNodes were already drawn */
  cappedNodes: number;
  cappedWeight: number;
}

export interface VisibleOptions {
  /**
   * Hard cap on visible nodes. Breadth-first, so the cap trims the deepest levels. The default
   * view (depth 10, cut-off 0.1%) can never need more than 10 000 (at most 1 000 nodes of 0.1%
   * per level); 15 000 keeps hierarchy + partition + our indexes around 2-3 µs a node, ~40 ms at
   * worst on a slow shared machine, so even cut-off 0 at depth 200 never stalls a click.
   */
  maxNodes?: number;
  /**
   * The chart's extent in CSS pixels along the zoomed total (icicle width, or the sunburst's
   * outer circumference). A child narrower than half a pixel there is hidden before layout, so a
   * cut-off of 0 on a huge tree still costs only what the screen can show.
   */
  pixels?: number;
  /**
   * Fold chains of nodes that each have a single drawn child into one band, so that the levels
   * on screen show where the tree branches (a Node profile's first ten levels were all its module
   * loader, one frame under the other); maxDepth then counts bands.
   */
  fold?: boolean;
  /**
   * Tree nodes whose band the user opened in place (a click on a band): a chain never folds past
   * one of them, so opening a band's top and every node of it down to its bottom draws the chain
   * one frame a row while the rest of the chart stays folded. The opened chain still counts as
   * one level of maxDepth.
   */
  unfolded?: ReadonlySet<number> | null;
  /**
   * Frames set aside (1): their nodes are not drawn and their weight is taken off the zoomed
   * total the chart spans, e.g. a browser trace's (idle), which filled 65-87% of the chart.
   */
  setAside?: Uint8Array | null;
}

export const DEFAULT_MAX_NODES = 15_000;

export function visibleSubtree(
  tree: CallTree,
  subtreeSize: Int32Array,
  root: number,
  maxDepth: number,
  cutoff: number,
  options: VisibleOptions = {},
): VisibleTree {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const rootTotal = Math.abs(tree.total[root]);
  const pixels = options.pixels ?? Infinity;
  const minWeight = Math.max(rootTotal * cutoff, pixels > 0 ? (rootTotal * 0.5) / pixels : 0);
  const fold = options.fold ?? false;
  const unfolded = options.unfolded ?? null;
  const aside = options.setAside ?? null;
  let asideNodes = 0, asideWeight = 0;
  const nodes: number[] = [root];
  const ends: number[] = [root];
  const parentSlot: number[] = [-1];
  const depth: number[] = [0];
  // the levels maxDepth counts: an opened band's frames share one, as they did folded, so opening
  // the module loader's chain does not push everything under it past the depth limit
  const level: number[] = [0];
  let smallNodes = 0, smallWeight = 0, deepNodes = 0, deepWeight = 0, cappedNodes = 0, cappedWeight = 0;
  /** the bottom of the band starting at `top`: down while a node has exactly one child drawn */
  const bandEnd = (top: number): number => {
    let n = top;
    for (;;) {
      if (unfolded?.has(n)) return n;
      let only = -1, drawn = 0;
      for (let c = n + 1; c < n + subtreeSize[n] && drawn < 2; c += subtreeSize[c]) {
        const w = tree.total[c];
        if (w >= minWeight && w > 0) { only = c; drawn++; }
      }
      if (drawn !== 1) return n;
      // the other children are small: count them hidden here, as the loop below would have
      for (let c = n + 1; c < n + subtreeSize[n]; c += subtreeSize[c]) {
        if (c === only) continue;
        smallNodes += subtreeSize[c];
        smallWeight += tree.total[c];
      }
      n = only;
    }
  };
  for (let slot = 0; slot < nodes.length; slot++) {
    const node = ends[slot];
    const end = node + subtreeSize[node];
    if (level[slot] >= maxDepth) {
      if (subtreeSize[node] > 1) {
        deepNodes += subtreeSize[node] - 1;
        deepWeight += tree.total[node] - tree.self[node];
      }
      continue;
    }
    for (let child = node + 1; child < end; child += subtreeSize[child]) {
      const w = tree.total[child];
      if (aside && aside[tree.frame[child]] === 1) {
        asideNodes += subtreeSize[child];
        asideWeight += w;
      } else if (w < minWeight || w <= 0) {
        smallNodes += subtreeSize[child];
        smallWeight += w;
      } else if (nodes.length >= maxNodes) {
        cappedNodes += subtreeSize[child];
        cappedWeight += w;
      } else {
        nodes.push(child);
        ends.push(fold ? bandEnd(child) : child);
        parentSlot.push(slot);
        depth.push(depth[slot] + 1);
        level.push(unfolded?.has(node) && unfolded.has(child) ? level[slot] : level[slot] + 1);
      }
    }
  }
  return {
    nodes: Int32Array.from(nodes),
    ends: Int32Array.from(ends),
    parentSlot: Int32Array.from(parentSlot),
    depth: Uint16Array.from(depth),
    count: nodes.length,
    hiddenNodes: smallNodes + deepNodes + cappedNodes,
    hiddenWeight: smallWeight + cappedWeight,
    smallNodes,
    smallWeight,
    deepNodes,
    deepWeight,
    cappedNodes,
    cappedWeight,
    asideNodes,
    asideWeight,
  };
}

/** Tree nodes from the root down to `node`, the root first: the breadcrumb trail. */
export function pathToNode(tree: CallTree, node: number): number[] {
  const path: number[] = [];
  for (let n = node; n >= 0; n = tree.parent[n]) path.push(n);
  return path.reverse();
}

/** Whether `node` is `ancestor` or lies in its subtree: the preorder range test. */
export function isInSubtree(subtreeSize: Int32Array, ancestor: number, node: number): boolean {
  return node >= ancestor && node < ancestor + subtreeSize[ancestor];
}

/** The node of `frame` with the largest total (the first in preorder on ties), or -1. */
export function largestNodeOf(tree: CallTree, frame: number): number {
  let best = -1;
  for (let i = 0; i < tree.size; i++) {
    if (tree.frame[i] === frame && (best < 0 || tree.total[i] > tree.total[best])) best = i;
  }
  return best;
}
