import { hierarchy, partition } from 'd3-hierarchy';
import type { CallTree } from '../../core/model';
import type { VisibleTree } from '../../core/tree/visible';

/**
 * Positions of the visible nodes, from d3's partition layout: x0..x1 is the share of the zoomed
 * node's total (0..1), depth the ring or row. Kept in typed arrays, in breadth-first order (d3's
 * `each`), so drawing, hit-testing and keyboard moves never touch d3's objects again:
 *  - every level is one contiguous run, left to right: hit-testing is a binary search;
 *  - a node's children are contiguous too: siblings are neighbours in the arrays.
 */
export interface ChartLayout {
  count: number;
  node: Int32Array;
  /** the bottom of the node's band (visibleSubtree's `ends`): the node itself unless a chain was folded */
  bottom: Int32Array;
  x0: Float64Array;
  x1: Float64Array;
  depth: Uint16Array;
  levels: number;
  /** layout index of the parent (-1 for the zoomed node, index 0) */
  parent: Int32Array;
  /** layout index of the first (widest) child, or -1 */
  firstChild: Int32Array;
  /** levelStart[d]..levelStart[d+1] are the indices of level d */
  levelStart: Int32Array;
  /** layout indices per frame, for highlighting every node of a function in O(its nodes) */
  byFrame: Map<number, Int32Array>;
  /** layout index of a tree node */
  indexOf: Map<number, number>;
}

interface Item {
  slot: number;
  own: number;
  children: Item[];
}

export function layoutVisible(tree: CallTree, visible: VisibleTree): ChartLayout {
  const n = visible.count;
  const items = new Array<Item>(n);
  for (let s = 0; s < n; s++) {
    items[s] = { slot: s, own: Math.max(0, tree.total[visible.nodes[s]]), children: [] };
  }
  for (let s = 1; s < n; s++) {
    const p = items[visible.parentSlot[s]];
    p.children.push(items[s]);
    p.own -= items[s].own; // what the parent spans beyond its drawn children: self and hidden callees
  }
  // frames set aside are not part of what the chart spans: the zoomed node's drawn total shrinks
  items[0].own -= visible.asideWeight ?? 0;
  let levels = 1;
  for (let s = 0; s < n; s++) levels = Math.max(levels, visible.depth[s] + 1);

  const root = hierarchy(items[0], (d) => d.children)
    .sum((d) => Math.max(0, d.own))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  partition<Item>().size([1, levels]).round(false)(root);

  const layout: ChartLayout = {
    count: n,
    node: new Int32Array(n),
    bottom: new Int32Array(n),
    x0: new Float64Array(n),
    x1: new Float64Array(n),
    depth: new Uint16Array(n),
    levels,
    parent: new Int32Array(n).fill(-1),
    firstChild: new Int32Array(n).fill(-1),
    levelStart: new Int32Array(levels + 1),
    byFrame: new Map(),
    indexOf: new Map(),
  };
  const indexOfSlot = new Int32Array(n);
  const slotOfIndex = new Int32Array(n);
  let i = 0;
  root.each((d) => {
    const r = d as typeof d & { x0: number; x1: number };
    indexOfSlot[d.data.slot] = i;
    slotOfIndex[i] = d.data.slot;
    layout.node[i] = visible.nodes[d.data.slot];
    layout.bottom[i] = visible.ends[d.data.slot];
    layout.x0[i] = r.x0;
    layout.x1[i] = r.x1;
    layout.depth[i] = d.depth;
    i++;
  });
  const perFrame = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const slotParent = visible.parentSlot[slotOfIndex[j]];
    if (slotParent >= 0) {
      const p = indexOfSlot[slotParent];
      layout.parent[j] = p;
      if (layout.firstChild[p] < 0) layout.firstChild[p] = j;
    }
    layout.levelStart[layout.depth[j] + 1] = j + 1;
    layout.indexOf.set(layout.node[j], j);
    // a folded band answers for its bottom node too: a zoom into it animates from the band
    if (layout.bottom[j] !== layout.node[j] && !layout.indexOf.has(layout.bottom[j])) layout.indexOf.set(layout.bottom[j], j);
    // a folded band stands for every frame of its chain: selecting any of them outlines it
    for (let n = layout.bottom[j]; ; n = tree.parent[n]) {
      const f = tree.frame[n];
      const list = perFrame.get(f);
      if (!list) perFrame.set(f, [j]);
      else if (list[list.length - 1] !== j) list.push(j);
      if (n === layout.node[j] || n <= 0) break;
    }
  }
  for (const [f, list] of perFrame) layout.byFrame.set(f, Int32Array.from(list));
  return layout;
}

/** The layout entry under a point given as (share 0..1 along the zoomed total, level), or -1. */
export function hitTest(layout: ChartLayout, x: number, level: number): number {
  if (level < 0 || level >= layout.levels || x < 0 || x >= 1) return -1;
  // the last node of the level starting at or before x
  let lo = layout.levelStart[level], hi = layout.levelStart[level + 1] - 1;
  if (hi < lo) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.x0[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return x >= layout.x0[lo] && x < layout.x1[lo] ? lo : -1;
}

/** The next (+1) or previous (-1) sibling of layout index i, or -1. Siblings are neighbours. */
export function siblingOf(layout: ChartLayout, i: number, step: 1 | -1): number {
  const j = i + step;
  return i > 0 && j > 0 && j < layout.count && layout.parent[j] === layout.parent[i] ? j : -1;
}
