import type { CallTree } from '../model';
import { TreeBuilder } from './grow';

/**
 * Lays out a tree given as "node i has parent p[i]" (any order, -1 for a root) in preorder.
 * Several roots are put under a synthetic root of frame `rootFrame`. Iterative, so a chain of
 * 100 000 frames is fine; a node met twice (a cycle or a shared child in a broken file) is kept
 * once, where it was first reached. Returns the tree and, per input node, its index in it (-1
 * when unreachable).
 */
export function treeFromParents(
  parentOf: Int32Array,
  frameOf: Int32Array,
  selfOf: Float64Array,
  rootFrame: number,
): { tree: CallTree; indexOf: Int32Array } {
  const n = parentOf.length;
  if (inPreorder(parentOf)) {
    // already laid out (V8 writes its nodes so): the same tree without the child lists and the walk
    const builder = new TreeBuilder(n);
    const indexOf = new Int32Array(n);
    for (let i = 0; i < n; i++) indexOf[i] = builder.push(parentOf[i], frameOf[i], selfOf[i]);
    return { tree: builder.finish(), indexOf };
  }
  // children in CSR form: counts, then offsets, then a fill in input order
  const start = new Int32Array(n + 1);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parentOf[i];
    if (p < 0) roots.push(i);
    else start[p + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const child = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) {
    const p = parentOf[i];
    if (p >= 0) child[fill[p]++] = i;
  }

  // n nodes, plus a synthetic root when there are several roots
  const builder = new TreeBuilder(roots.length === 1 ? n : n + 1);
  const indexOf = new Int32Array(n).fill(-1);
  const stack: number[] = []; // pairs: input node, parent's tree index
  if (roots.length === 1) {
    stack.push(roots[0], -1);
  } else {
    const top = builder.push(-1, rootFrame, 0);
    for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r], top);
  }
  while (stack.length > 0) {
    const parentIndex = stack.pop()!;
    const node = stack.pop()!;
    if (indexOf[node] !== -1) continue;
    const index = builder.push(parentIndex, frameOf[node], selfOf[node]);
    indexOf[node] = index;
    for (let c = start[node + 1] - 1; c >= start[node]; c--) {
      if (indexOf[child[c]] === -1) stack.push(child[c], index);
    }
  }
  if (builder.size === 0) builder.push(-1, rootFrame, 0);
  return { tree: builder.finish(), indexOf };
}

/**
 * Whether the nodes are one tree in preorder with children in input order, the layout the walk
 * below would give: node 0 the only root, and each node's parent on the path to the node before it.
 */
function inPreorder(parentOf: Int32Array): boolean {
  const n = parentOf.length;
  if (n === 0 || parentOf[0] !== -1) return false;
  const path = new Int32Array(n); // only its deepest level is ever touched
  let depth = 1;
  for (let i = 1; i < n; i++) {
    const p = parentOf[i];
    if (p < 0 || p >= i) return false;
    while (depth > 0 && path[depth - 1] !== p) depth--;
    if (depth === 0) return false;
    path[depth++] = i;
  }
  return true;
}
