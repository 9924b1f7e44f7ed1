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
 *
 * A tree rebuilt from a call graph has estimated nodes (CallTree.estimated): a bottom-up node is
 * estimated when any node whose self time it sums is, since its weight holds that estimate.
 */
export interface InvertOptions {
  maxNodes?: number;
  maxDepth?: number;
  maxSteps?: number;
}

export function invertTree(tree: CallTree, options: InvertOptions = {}): CallTree {
  const maxNodes = options.maxNodes ?? 2_000_000;
  const { size, parent, frame, self, estimated } = tree;

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
  // per trie node, 1 when an estimated node's self went through it (only for graph-built trees)
  let marks: Uint8Array | null = estimated ? new Uint8Array(1024) : null;
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
      if (marks && estimated![i]) {
        if (at >= marks.length) marks = grown(marks, at + 1);
        marks[at] = 1;
      }
    }
    trie.addSelf(at, w);
  }
  const t = trie.finish();
  const { tree: out, indexOf } = treeFromParents(t.parent, t.frame, t.self, frame[0]);
  if (marks) {
    const flags = new Uint8Array(out.size);
    for (let n = 0; n < indexOf.length; n++) if (n < marks.length && marks[n] && indexOf[n] >= 0) flags[indexOf[n]] = 1;
    // the root stays unmarked: its total is the profile's, exact whatever its parts are
    out.estimated = flags;
  }
  return out;
}

function grown(a: Uint8Array, atLeast: number): Uint8Array {
  const next = new Uint8Array(Math.max(a.length * 2, atLeast));
  next.set(a);
  return next;
}
