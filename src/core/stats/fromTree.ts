import type { CallTree, FunctionStats, Profile } from '../model';

/**
 * Self and total per frame from a call tree. A function that recurs on a stack counts its
 * total once, at its outermost node, as DevTools and pstats count it: so a node adds its total
 * only when no ancestor has the same frame. One preorder pass with an explicit ancestor stack.
 *
 * `syntheticRoot`: the root is one the tree's builder made to hold the stacks (pprof, perf,
 * collapsed, speedscope, Gecko, trace events), no function of the program: its total is only
 * its own self (samples with no frame), so that, like go tool pprof's and perf report's tables,
 * the function table has no row of the whole profile unless such samples exist. A .cpuprofile's
 * root is V8's own `(root)` node, a row in DevTools: not synthetic.
 */
export function functionStatsFromTree(tree: CallTree, frameCount: number, syntheticRoot = false): FunctionStats {
  const self = new Float64Array(frameCount);
  const total = new Float64Array(frameCount);
  const active = new Int32Array(frameCount); // how many ancestors on the current path have this frame
  // as deep as the tree, not as big: a column of every node was fresh memory (2 MB for the 500 000
  // nodes of the bench's perf file, and again for each thread's tree), and a fresh page costs
  // more than the pass
  let path = new Int32Array(Math.max(1, Math.min(tree.size, 1024)));
  let depth = 0;
  let start = 0;
  if (syntheticRoot && tree.size > 0) {
    const f = tree.frame[0];
    self[f] += tree.self[0];
    total[f] += tree.self[0];
    // not marked active: a frame of the file with the root's name below it (Gecko's own "(root)")
    // is a function, whose total counts
    path[depth++] = 0;
    start = 1;
  }
  for (let i = start; i < tree.size; i++) {
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

/**
 * Whether `tree` (made from `profile`'s tree by a transform or a time range) still has `profile`'s
 * root, and that root is synthetic: its function total is no more than its own self (see
 * functionStatsFromTree). A tree whose root is another frame (a focus) has a real function there.
 */
export function keepsSyntheticRoot(profile: Profile, tree: CallTree): boolean {
  return tree.size > 0 && tree.frame[0] === profile.tree.frame[0] && hasSyntheticRoot(profile);
}

/** Whether `profile`'s root is synthetic: its function total is no more than its own self. */
export function hasSyntheticRoot(profile: Pick<Profile, 'tree' | 'functions'>): boolean {
  const f = profile.tree.frame[0];
  return profile.functions.total[f] === profile.functions.self[f];
}
