import type { CallTree } from '../model';

/**
 * Each node's share of its function's exact self time, for trees rebuilt from a call graph.
 *
 * In such a tree a node's `self` is what its drawn callees leave of its weight: it also holds
 * callees under the cut-off, and where a function's nodes together weigh more than its inclusive
 * time (recursive callers whose edges count nested time again) it adds up past the function's own
 * time. The chart's "self" must never say more than the profile does, so a node of function f is
 * given at most total(node) * exact self(f) / weight of f's nodes, and at most its tree self.
 * Summed over f's nodes that is at most f's exact self, whatever the tree's shape; a recursion
 * leaf (`recursion`) is a call, not time spent in f itself, and gets none.
 *
 * Trees of real stacks (no `recursion` array) already add up to the exact self: their self is
 * returned as it is.
 */
export function nodeSelfShares(tree: CallTree, functionSelf: Float64Array): Float64Array {
  const { size, frame, self, total, recursion } = tree;
  if (!recursion) return self;
  const weight = new Float64Array(functionSelf.length);
  for (let i = 1; i < size; i++) if (!recursion[i]) weight[frame[i]] += Math.max(0, total[i]);
  const out = new Float64Array(size);
  out[0] = self[0];
  for (let i = 1; i < size; i++) {
    if (recursion[i]) continue;
    const f = frame[i];
    const exact = Math.max(0, functionSelf[f]);
    const share = weight[f] > 0 ? (Math.max(0, total[i]) * exact) / weight[f] : 0;
    out[i] = Math.max(0, Math.min(self[i], share));
  }
  return out;
}
