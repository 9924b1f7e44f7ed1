import type { CallTree, Profile } from '../../core/model';
import { NOTE } from './labels';

/**
 * "↻ is_even (recursion, not expanded)" for a recursion leaf, "transform (12 frames from
 * bootstrap_node)" for a folded band from `node` down to `bottom` (named after its last frame,
 * whose callees are drawn below it), else the function's name. Where space is short only the part
 * before NOTE is drawn.
 */
export function nodeLabel(profile: Profile, tree: CallTree, node: number, bottom = node): string {
  const name = profile.frames[tree.frame[node]].name;
  if (bottom !== node) return `${profile.frames[tree.frame[bottom]].name}${NOTE} (${bandLength(tree, node, bottom)} frames from ${name})`;
  return tree.recursion?.[node] ? `↻ ${name}${NOTE} (recursion, not expanded)` : name;
}

/** nodes from `top` down to `bottom`, both counted */
export function bandLength(tree: CallTree, top: number, bottom: number): number {
  let n = 1;
  for (let i = bottom; i !== top && i > 0; i = tree.parent[i]) n++;
  return n;
}
