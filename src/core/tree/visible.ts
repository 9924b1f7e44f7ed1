import type { CallTree } from '../model';

/**
 * The part of a call tree a chart draws: the subtree of `root`, at most `maxDepth` levels below
 * it, without nodes whose total is under `cutoff` of root's total. What is left out is counted,
 * never dropped from totals: a drawn node's span is still its full total, the hidden part shows
 * as the unlabelled rest of it. Breadth-first over the preorder layout, no recursion.
 */
export interface VisibleTree {
  /** tree node index per visible node, parents before children */
  nodes: Int32Array;
  /** position in `nodes` of each visible node's parent (-1 for the root) */
  parentSlot: Int32Array;
  depth: Uint16Array;
  count: number;
  hiddenNodes: number;
  hiddenWeight: number;
}

export function visibleSubtree(
  tree: CallTree,
  subtreeSize: Int32Array,
  root: number,
  maxDepth: number,
  cutoff: number,
  maxNodes = 200_000,
): VisibleTree {
  const minWeight = Math.abs(tree.total[root]) * cutoff;
  const nodes: number[] = [root];
  const parentSlot: number[] = [-1];
  const depth: number[] = [0];
  let hiddenNodes = 0;
  let hiddenWeight = 0;
  for (let slot = 0; slot < nodes.length; slot++) {
    const node = nodes[slot];
    const end = node + subtreeSize[node];
    if (depth[slot] >= maxDepth) {
      hiddenNodes += subtreeSize[node] - 1;
      continue;
    }
    for (let child = node + 1; child < end; child += subtreeSize[child]) {
      if (tree.total[child] < minWeight || tree.total[child] <= 0 || nodes.length >= maxNodes) {
        hiddenNodes += subtreeSize[child];
        hiddenWeight += tree.total[child];
        continue;
      }
      nodes.push(child);
      parentSlot.push(slot);
      depth.push(depth[slot] + 1);
    }
  }
  return {
    nodes: Int32Array.from(nodes),
    parentSlot: Int32Array.from(parentSlot),
    depth: Uint16Array.from(depth),
    count: nodes.length,
    hiddenNodes,
    hiddenWeight,
  };
}

/** Tree nodes from the root down to `node`, the root first: the breadcrumb trail. */
export function pathToNode(tree: CallTree, node: number): number[] {
  const path: number[] = [];
  for (let n = node; n >= 0; n = tree.parent[n]) path.push(n);
  return path.reverse();
}
