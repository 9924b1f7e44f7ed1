import type { CallTree } from '../model';
import { TreeOutput } from './output';

/**
 * The transforms on a tree of real stacks (every node a call path, its self the samples that
 * end there), each as the issue defines it on the samples. A sample ending at node i has the
 * stack path(i), so rewriting the stack of every node rewrites every sample: each function below
 * walks the old tree once in preorder and sends node i to the node its path becomes (`to[i]`,
 * -1 when its samples are dropped), from what its parent's path became. One pass, no recursion,
 * so 100 000-deep stacks are fine.
 */

export interface Rewritten {
  out: TreeOutput;
  to: Int32Array;
}

/** merge function (a set of frames): every F frame leaves every stack; its self goes to its caller. */
export function mergeFunctions(tree: CallTree, merged: Uint8Array): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size); // the root is no function: never merged
  const to = new Int32Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = to[parent[i]];
    if (merged[frame[i]]) out.join((to[i] = p));
    else to[i] = out.child(p, frame[i]);
  }
  return { out, to };
}

/** merge call node: as merge, for the nodes whose path is exactly `path`. */
export function mergeCallNode(tree: CallTree, atPath: Uint8Array): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size);
  const to = new Int32Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = to[parent[i]];
    if (atPath[i]) out.join((to[i] = p));
    else to[i] = out.child(p, frame[i]);
  }
  return { out, to };
}

/** focus on subtree: only stacks that start with `path`, whose last frame becomes the root. */
export function focusSubtree(tree: CallTree, atPath: Uint8Array, rootFrame: number): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(rootFrame, tree.size);
  const to = new Int32Array(tree.size);
  to[0] = atPath[0] ? 0 : -1;
  for (let i = 1; i < tree.size; i++) {
    const p = to[parent[i]];
    if (atPath[i]) out.join((to[i] = 0));
    else to[i] = p >= 0 ? out.child(p, frame[i]) : -1;
  }
  return { out, to };
}

/**
 * focus on function: only stacks holding F, each starting at its outermost F. With one function
 * F is the root; with several (a CLI name matching more than one), the old root stays on top
 * and each stack starts at its outermost frame of the set under it.
 */
export function focusFunctions(tree: CallTree, focused: Uint8Array, single: number): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(single >= 0 ? single : frame[0], tree.size);
  const to = new Int32Array(tree.size);
  to[0] = focused[frame[0]] ? 0 : -1;
  if (single < 0) out.join(0); // the outermost calls of each function meet under the root
  for (let i = 1; i < tree.size; i++) {
    const p = to[parent[i]];
    if (p >= 0) to[i] = out.child(p, frame[i]);
    else if (!focused[frame[i]]) to[i] = -1;
    else if (single >= 0) out.join((to[i] = 0));
    else to[i] = out.child(0, frame[i]);
  }
  return { out, to };
}

/** drop function: every sample whose stack holds F leaves the profile. */
export function dropFunctions(tree: CallTree, dropped: Uint8Array): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size);
  const to = new Int32Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = to[parent[i]];
    to[i] = p < 0 || dropped[frame[i]] ? -1 : out.child(p, frame[i]);
  }
  return { out, to };
}

/**
 * collapse recursion: the frames from the outermost F to the innermost F become one F. A node
 * of F under an F goes to the outermost F's node; the frames after the innermost F hang under it.
 */
export function collapseRecursion(tree: CallTree, f: number): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size);
  const to = new Int32Array(tree.size);
  const outer = new Int32Array(tree.size); // the new node of the outermost F on the path, or -1
  outer[0] = frame[0] === f ? 0 : -1;
  for (let i = 1; i < tree.size; i++) {
    const p = parent[i];
    if (frame[i] === f && outer[p] >= 0) {
      out.join((to[i] = outer[p]));
    } else {
      to[i] = out.child(to[p], frame[i]);
    }
    outer[i] = outer[p] >= 0 ? outer[p] : frame[i] === f ? to[i] : -1;
  }
  return { out, to };
}

/** collapse direct recursion: consecutive F frames become one. */
export function collapseDirectRecursion(tree: CallTree, f: number): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size);
  const to = new Int32Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = parent[i];
    if (frame[i] === f && frame[p] === f && p !== 0) out.join((to[i] = to[p]));
    else to[i] = out.child(to[p], frame[i]);
  }
  return { out, to };
}

/** collapse a library: consecutive frames of it become one frame, `libFrame`. */
export function collapseLibrary(tree: CallTree, inLib: Uint8Array, libFrame: number): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size);
  const to = new Int32Array(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = parent[i];
    if (!inLib[frame[i]]) to[i] = out.child(to[p], frame[i]);
    else if (p !== 0 && inLib[frame[p]]) out.join((to[i] = to[p]));
    else to[i] = out.child(to[p], libFrame);
  }
  return { out, to };
}

/**
 * only my code: every library frame is merged away, except, in a stack with no user frame at all,
 * its outermost library frame, so no weight is lost and `(program)` or an idle loop stay visible.
 * A node's own samples and its descendants' can disagree (root L1 L2 holds no user frame, root L1
 * L2 u does), so two columns: `to`, where a node's own samples go, and `base`, where its
 * children hang.
 */
export function onlyMyCode(tree: CallTree, isLib: Uint8Array): Rewritten {
  const { parent, frame } = tree;
  const out = new TreeOutput(frame[0], tree.size);
  const to = new Int32Array(tree.size);
  const base = new Int32Array(tree.size);
  const mine = new Uint8Array(tree.size); // a user frame is on the path (the root excepted)
  for (let i = 1; i < tree.size; i++) {
    const p = parent[i];
    if (!isLib[frame[i]]) {
      to[i] = base[i] = out.child(base[p], frame[i]);
      mine[i] = 1;
    } else if (mine[p]) {
      to[i] = base[i] = base[p];
      out.join(base[p]);
      mine[i] = 1;
    } else {
      // only library frames so far: base stays the root's; samples ending here keep the outermost
      base[i] = base[p];
      out.join(base[p]);
      to[i] = p === 0 ? out.child(0, frame[i]) : to[p];
    }
  }
  return { out, to };
}
