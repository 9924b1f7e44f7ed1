import { GRAPH_TREE_CUTOFF } from './fromGraph';

/**
 * Which cut-off each part of a tree rebuilt from a call graph was built with: the whole tree
 * with the import's, and each subtree rebuilt on a zoom (subtreeFromGraph) with a finer one.
 * Node index ranges [start, end), in the order they were built; a node's cut-off is the finest
 * of the ranges that hold it.
 */
export interface TreeResolution {
  start: number[];
  end: number[];
  minWeight: number[];
}

export function wholeTreeResolution(size: number, minWeight: number): TreeResolution {
  return { start: [0], end: [size], minWeight: [minWeight] };
}

export function cutoffAt(r: TreeResolution, node: number): number {
  let m = Infinity;
  for (let i = 0; i < r.start.length; i++) if (r.start[i] <= node && node < r.end[i]) m = Math.min(m, r.minWeight[i]);
  return m;
}

/**
 * The cut-off a zoom into a node of this total needs, or 0 when the tree is fine enough there.
 * The chart shows at most what is over 1/10 000 of the zoomed node (half a pixel of a 5 000 px
 * ring); a subtree is rebuilt to GRAPH_TREE_CUTOFF of the node, as the import builds the root.
 */
export function refinementFor(r: TreeResolution, node: number, total: number): number {
  const want = Math.abs(total) * GRAPH_TREE_CUTOFF;
  if (!(want > 0)) return 0;
  return cutoffAt(r, node) > want * 10 ? want : 0;
}

/** The ranges after the subtree at `node` (oldSize nodes) became one of newSize nodes built with `minWeight`. */
export function afterSplice(r: TreeResolution, node: number, oldSize: number, newSize: number, minWeight: number): TreeResolution {
  const oldEnd = node + oldSize;
  const delta = newSize - oldSize;
  const out: TreeResolution = { start: [], end: [], minWeight: [] };
  for (let i = 0; i < r.start.length; i++) {
    let s = r.start[i], e = r.end[i];
    if (s >= node && e <= oldEnd) continue; // inside the replaced subtree: gone with it
    if (s >= oldEnd) s += delta;
    if (e > node) e += delta; // holds the subtree (or lies after it)
    out.start.push(s); out.end.push(e); out.minWeight.push(r.minWeight[i]);
  }
  out.start.push(node); out.end.push(node + newSize); out.minWeight.push(minWeight);
  return out;
}
