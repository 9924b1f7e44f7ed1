import type { CallTree } from '../model';

/**
 * The tree with the subtree under `node` replaced by `sub` (whose node 0 stands for `node`
 * itself: same frame, same total). Preorder keeps every node before `node` where it was, and
 * moves every node after its old subtree by the difference in size, so the zoomed node and its
 * ancestors keep their indexes. A few typed-array copies: cheap enough for the page's thread.
 */
export function spliceSubtree(tree: CallTree, sizes: Int32Array, node: number, sub: CallTree): CallTree {
  const oldEnd = node + sizes[node];
  const delta = sub.size - sizes[node];
  const size = tree.size + delta;
  const parent = new Int32Array(size);
  const frame = new Int32Array(size);
  const self = new Float64Array(size);
  const total = new Float64Array(size);
  parent.set(tree.parent.subarray(0, node));
  frame.set(tree.frame.subarray(0, node));
  self.set(tree.self.subarray(0, node));
  total.set(tree.total.subarray(0, node));

  frame.set(sub.frame, node);
  self.set(sub.self, node);
  total.set(sub.total, node);
  parent[node] = tree.parent[node];
  for (let i = 1; i < sub.size; i++) parent[node + i] = sub.parent[i] + node;

  const after = node + sub.size;
  frame.set(tree.frame.subarray(oldEnd), after);
  self.set(tree.self.subarray(oldEnd), after);
  total.set(tree.total.subarray(oldEnd), after);
  for (let i = oldEnd; i < tree.size; i++) {
    const p = tree.parent[i];
    // a later node's parent is an ancestor of `node` (before it) or a node after the old subtree
    parent[i + delta] = p >= oldEnd ? p + delta : p;
  }
  const out: CallTree = { size, parent, frame, self, total };
  // per-node flags move with their nodes, the subtree's own replacing the old ones
  const flags = (a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined => {
    if (!a && !b) return undefined;
    const out = new Uint8Array(size);
    if (a) {
      out.set(a.subarray(0, node));
      out.set(a.subarray(oldEnd), after);
    }
    if (b) out.set(b, node);
    return out;
  };
  const recursion = flags(tree.recursion, sub.recursion);
  if (recursion) out.recursion = recursion;
  const estimated = flags(tree.estimated, sub.estimated);
  if (estimated) out.estimated = estimated;
  return out;
}
