import type { CallTree } from '../model';

// A node by the frames on its path from the root: what stays the same when a tree is rebuilt
// (a zoom in the address, a subtree refined, a file read again).

/** Frames from the root to `node`. */
export function framePath(tree: CallTree, node: number): number[] {
  const path: number[] = [];
  for (let n = node; n >= 0; n = tree.parent[n]) path.push(tree.frame[n]);
  return path.reverse();
}

/**
 * The node a frame path leads to, following the first child with each frame in turn; where the
 * path no longer exists (the file changed), the deepest node reached.
 */
export function nodeAtFramePath(tree: CallTree, subtreeSize: Int32Array, path: number[]): number {
  let node = 0;
  if (path.length === 0 || tree.frame[0] !== path[0]) return 0;
  for (let step = 1; step < path.length; step++) {
    let next = -1;
    const end = node + subtreeSize[node];
    for (let c = node + 1; c < end; c += subtreeSize[c]) {
      if (tree.frame[c] === path[step]) {
        next = c;
        break;
      }
    }
    if (next < 0) break;
    node = next;
  }
  return node;
}
