import { hierarchy, partition } from 'd3-hierarchy';
import type { CallTree } from '../../core/model';
import type { VisibleTree } from '../../core/tree/visible';

/**
 * Positions of the visible nodes, from d3's partition layout: x0..x1 is the share of the zoomed
 * node's total (0..1), y0..y1 the ring or row (depth). Kept in typed arrays for drawing and
 * hit-testing without touching d3's objects again.
 */
export interface ChartLayout {
  count: number;
  node: Int32Array;
  x0: Float64Array;
  x1: Float64Array;
  depth: Uint16Array;
  levels: number;
}

interface Item {
  slot: number;
  own: number;
  children: Item[];
}

export function layoutVisible(tree: CallTree, visible: VisibleTree): ChartLayout {
  const items: Item[] = new Array(visible.count);
  for (let s = 0; s < visible.count; s++) {
    items[s] = { slot: s, own: Math.max(0, tree.total[visible.nodes[s]]), children: [] };
  }
  for (let s = 1; s < visible.count; s++) {
    const p = items[visible.parentSlot[s]];
    p.children.push(items[s]);
    p.own -= items[s].own; // what the parent spans beyond its drawn children: self and hidden callees
  }
  let levels = 1;
  for (let s = 0; s < visible.count; s++) levels = Math.max(levels, visible.depth[s] + 1);

  const root = hierarchy(items[0], (d) => d.children)
    .sum((d) => Math.max(0, d.own))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  partition<Item>().size([1, levels]).round(false)(root);

  const layout: ChartLayout = {
    count: visible.count,
    node: new Int32Array(visible.count),
    x0: new Float64Array(visible.count),
    x1: new Float64Array(visible.count),
    depth: new Uint16Array(visible.count),
    levels,
  };
  let i = 0;
  root.each((d) => {
    const r = d as typeof d & { x0: number; x1: number };
    layout.node[i] = visible.nodes[d.data.slot];
    layout.x0[i] = r.x0;
    layout.x1[i] = r.x1;
    layout.depth[i] = d.depth;
    i++;
  });
  return layout;
}

/** The layout entry under a point given as (share 0..1 along the zoomed total, level), or -1. */
export function hitTest(layout: ChartLayout, x: number, level: number): number {
  if (level < 0 || level >= layout.levels) return -1;
  for (let i = 0; i < layout.count; i++) {
    if (layout.depth[i] === level && x >= layout.x0[i] && x < layout.x1[i]) return i;
  }
  return -1;
}
