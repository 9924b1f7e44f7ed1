import type { CallTree, FunctionStats } from '../model';

/**
 * Self and total per frame from a call tree. A function that recurs on a stack counts its
 * total once, at its outermost node, as DevTools and pstats count it: so a node adds its total
 * only when no ancestor has the same frame. One preorder pass with an explicit ancestor stack.
 */
export function functionStatsFromTree(tree: CallTree, frameCount: number): FunctionStats {
  const self = new Float64Array(frameCount);
  const total = new Float64Array(frameCount);
  const active = new Int32Array(frameCount); // how many ancestors on the current path have this frame
  // as deep as the tree, not as big: a column of every node was fresh memory (2 MB for the 500 000
  // nodes of the bench's perf file, and again for each thread's tree), and a fresh page costs
  // more than the pass
  let path = new Int32Array(Math.max(1, Math.min(tree.size, 1024)));
  let depth = 0;
  for (let i = 0; i < tree.size; i++) {
    const p = tree.parent[i];
    while (depth > 0 && path[depth - 1] !== p) active[tree.frame[path[--depth]]]--;
    const f = tree.frame[i];
    self[f] += tree.self[i];
    if (active[f] === 0) total[f] += tree.total[i];
    active[f]++;
    if (depth === path.length) path = deeper(path);
    path[depth++] = i;
  }
  return { ncalls: null, primcalls: null, self, total };
}

function deeper(path: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(path.length * 2);
  grown.set(path);
  return grown;
}
