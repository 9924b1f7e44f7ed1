import type { CallTree, SampleList } from '../model';

/**
 * The boxes of a flame chart in time order: one box per contiguous run of samples whose stacks
 * pass through the same call tree node at the same depth (so a box always lies inside its
 * parent's). Built by comparing each sample's stack with the previous one: boxes deeper than the
 * two stacks' common ancestor close, the new sample's deeper nodes open, so the cost is the stack
 * change per sample, not the depth. Iterative; 100 000-deep stacks are fine.
 *
 * A sample spans [time, time + weight): a box ends where the last sample of its run ends, so a
 * gap between samples (a paused recording) shows as a gap.
 */
export interface TimelineBoxes {
  size: number;
  /** the call tree node the box stands for (its frame is tree.frame[node]) */
  node: Int32Array;
  depth: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** the deepest depth of any box, +1: the chart's height in rows */
  rows: number;
}

export function nodeDepths(tree: CallTree): Int32Array {
  const depth = new Int32Array(tree.size);
  for (let i = 1; i < tree.size; i++) depth[i] = depth[tree.parent[i]] + 1;
  return depth;
}

/** Boxes of `samples` over `tree`, the root excepted (depth 0 is the root's children). */
export function timelineBoxes(tree: CallTree, samples: SampleList): TimelineBoxes {
  const depthOf = nodeDepths(tree);
  const out = new BoxColumns();
  // the open boxes, by depth: their node and their index in `out`
  const openNode: number[] = [];
  const openBox: number[] = [];
  let lastEnd = 0;
  let lastNode = -1;
  const path: number[] = [];
  for (let s = 0; s < samples.size; s++) {
    const node = samples.node[s];
    const start = samples.time[s];
    const end = start + Math.max(0, samples.weight[s]);
    if (node < 0 || node >= tree.size) continue;
    // a gap before this sample closes everything: boxes span contiguous samples only
    const contiguous = lastNode >= 0 && start <= lastEnd;
    // how much of the open stack this sample shares: walk up from the sample's node until the
    // depth fits the open stack and the nodes agree
    let keep = 0;
    if (contiguous) {
      let v = node;
      while (depthOf[v] > openNode.length) v = tree.parent[v];
      while (v > 0 && openNode[depthOf[v] - 1] !== v) v = tree.parent[v];
      keep = v > 0 ? depthOf[v] : 0;
    }
    // extend the shared boxes, close the rest
    for (let d = 0; d < keep; d++) out.end[openBox[d]] = end;
    openNode.length = keep;
    openBox.length = keep;
    // open the sample's nodes below the shared part, outermost first
    path.length = 0;
    for (let v = node; v > 0 && depthOf[v] > keep; v = tree.parent[v]) path.push(v);
    for (let k = path.length - 1; k >= 0; k--) {
      const v = path[k];
      openNode.push(v);
      openBox.push(out.push(v, depthOf[v] - 1, start, end));
    }
    lastEnd = end;
    lastNode = node;
  }
  return out.finish();
}

class BoxColumns {
  size = 0;
  rows = 0;
  node = new Int32Array(1024);
  depth = new Int32Array(1024);
  start = new Float64Array(1024);
  end = new Float64Array(1024);

  push(node: number, depth: number, start: number, end: number): number {
    if (this.size === this.node.length) this.grow();
    const i = this.size++;
    this.node[i] = node;
    this.depth[i] = depth;
    this.start[i] = start;
    this.end[i] = end;
    if (depth + 1 > this.rows) this.rows = depth + 1;
    return i;
  }

  private grow(): void {
    const n = this.node.length * 2;
    const node = new Int32Array(n); node.set(this.node); this.node = node;
    const depth = new Int32Array(n); depth.set(this.depth); this.depth = depth;
    const start = new Float64Array(n); start.set(this.start); this.start = start;
    const end = new Float64Array(n); end.set(this.end); this.end = end;
  }

  finish(): TimelineBoxes {
    const n = this.size;
    return {
      size: n,
      node: this.node.slice(0, n),
      depth: this.depth.slice(0, n),
      start: this.start.slice(0, n),
      end: this.end.slice(0, n),
      rows: this.rows,
    };
  }
}
