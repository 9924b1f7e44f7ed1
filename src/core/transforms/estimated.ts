import type { CallTree } from '../model';

/**
 * The estimate flags (CallTree.estimated) of a tree rewritten by a stack transform, from the old
 * tree's and `map` (old node -> new node, -1 dropped). Every new node's total is the sum of the
 * old selves sent into its subtree, so:
 *  - a new node is estimated when an old estimated node was sent to it (merged into it, or two
 *    nodes joined where one was estimated);
 *  - a new node is estimated when an estimated old node under it was dropped (drop function):
 *    its total lost an estimated amount, and so did every total above it up to the root.
 * Only the topmost dropped node of a dropped subtree counts: the subtree went whole, and the
 * total of its top is what left. undefined for trees of real stacks, which have no flags.
 */
export function carryEstimated(old: CallTree, map: Int32Array, tree: CallTree): Uint8Array | undefined {
  const flags = old.estimated;
  if (!flags) return undefined;
  const out = new Uint8Array(tree.size);
  const lost = new Uint8Array(tree.size);
  for (let i = 0; i < old.size; i++) {
    if (!flags[i]) continue;
    const n = map[i];
    if (n >= 0) out[n] = 1;
    else {
      const p = old.parent[i];
      if (p >= 0 && map[p] >= 0) lost[map[p]] = 1;
    }
  }
  // preorder puts parents first: one backward pass carries a loss up to the root
  for (let n = tree.size - 1; n > 0; n--) if (lost[n]) lost[tree.parent[n]] = 1;
  for (let n = 0; n < tree.size; n++) out[n] |= lost[n];
  return out;
}
