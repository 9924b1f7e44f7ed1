import type { CallTree } from '../model';
import { treeFromParents } from './fromParents';
import { TreeBuilder } from './grow';

/**
 * The bottom-up (inverted) call tree, as DevTools' Bottom-Up and speedscope's sandwich show it:
 * the root's children are the functions that have self time, each weighted by that self time;
 * a node's children are its callers, weighted by the part of the leaf's self time that went
 * through them. Same model as any call tree (preorder struct-of-arrays, total = self + children),
 * so the chart, breadcrumbs and hit-testing need nothing special.
 *
 * Built by walking, for every node with self time, from it up to the root and inserting that
 * frame sequence into a trie (equal frames merge per level). A node's self in the result is the
 * weight whose stack ends there, at the outermost caller.
 *
 * Recursion: a run of direct recursion (f called by f called by f) is one step, so
 * `main > f > f > f` gives `f ← main`, not `f ← f ← f ← main`. Deep recursion then costs nothing
 * and the first caller listed is the one outside the recursion, which is what one looks for.
 * Indirect recursion (f ← g ← f) is kept as it was on the stack. Totals are never counted twice:
 * every node's self time is added along exactly one path.
 *
 * Bounds, so a hostile or huge profile cannot stall the worker: at most `maxNodes` nodes, and
 * each path is at most `maxDepth` callers long, where maxDepth shrinks so that the walk does at
 * most `maxSteps` steps in all. A path cut by either bound leaves its weight as self on the last
 * node it reached (the view stops refining there; no total changes).
 */
export interface InvertOptions {
  maxNodes?: number;
  maxDepth?: number;
  maxSteps?: number;
}

export function invertTree(tree: CallTree, options: InvertOptions = {}): CallTree {
  const maxNodes = options.maxNodes ?? 2_000_000;
  const { size, parent, frame, self } = tree;

  // skip[i]: the nearest ancestor of i whose frame differs from i's (collapses direct recursion)
  const skip = new Int32Array(size);
  let selfNodes = 0;
  let frameCount = 1;
  for (let i = 0; i < size; i++) {
    const p = parent[i];
    skip[i] = p >= 0 && frame[p] === frame[i] ? skip[p] : p;
    if (self[i] !== 0 && i > 0) selfNodes++;
    if (frame[i] >= frameCount) frameCount = frame[i] + 1;
  }
  const maxSteps = options.maxSteps ?? 50_000_000;
  const maxDepth = Math.max(1, Math.min(options.maxDepth ?? 4096, Math.floor(maxSteps / Math.max(1, selfNodes))));

  const trie = new TreeBuilder();
  const root = trie.push(-1, frame[0], size > 0 ? self[0] : 0);
  // child of trie node t with frame f, keyed t * frameCount + f (well under 2^53)
  const childOf = new Map<number, number>();
  for (let i = 1; i < size; i++) {
    const w = self[i];
    if (w === 0) continue;
    let at = root;
    let steps = 0;
    // n > 0: the original root is the inverted root, not a caller
    for (let n = i; n > 0 && steps < maxDepth; n = skip[n], steps++) {
      const key = at * frameCount + frame[n];
      let next = childOf.get(key);
      if (next === undefined) {
        if (trie.size >= maxNodes) break;
        next = trie.push(at, frame[n], 0);
        childOf.set(key, next);
      }
      at = next;
    }
    trie.addSelf(at, w);
  }
  const t = trie.finish();
  return treeFromParents(t.parent, t.frame, t.self, frame[0]).tree;
}
