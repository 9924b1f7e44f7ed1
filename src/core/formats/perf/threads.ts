import type { CallTree, SampleList } from '../../model';

/**
 * The call tree of some of the samples (one thread's), cut out of the tree of all of them: the
 * nodes on the paths from the root to those samples' nodes, in the same preorder. Building it from
 * the finished tree costs the thread's own nodes, not a second walk of every stack per sample,
 * and any number of threads (a system-wide recording has hundreds) shares two scratch arrays.
 */
export class ThreadTrees {
  private readonly mark: Int32Array;
  private readonly remap: Int32Array;
  private stamp = 0;

  constructor(private readonly tree: CallTree, private readonly samples: SampleList) {
    this.mark = new Int32Array(tree.size);
    this.remap = new Int32Array(tree.size);
  }

  /** The tree and samples of the samples whose indexes are `picked` (in time order). */
  cut(picked: Int32Array): { tree: CallTree; samples: SampleList } {
    const { parent, frame } = this.tree;
    const { mark, remap } = this;
    const stamp = ++this.stamp;
    const nodes: number[] = [];
    for (let i = 0; i < picked.length; i++) {
      let v = this.samples.node[picked[i]];
      while (v >= 0 && mark[v] !== stamp) {
        mark[v] = stamp;
        nodes.push(v);
        v = parent[v];
      }
    }
    if (mark[0] !== stamp) {
      mark[0] = stamp;
      nodes.push(0);
    }
    // preorder indexes in order are preorder again: sorted, or (when the thread has most of the
    // tree, where a sort costs more than a pass) picked up by one pass over the marks
    const size = nodes.length;
    let order: Int32Array;
    if (size * Math.log2(size + 2) > this.tree.size) {
      order = new Int32Array(size);
      let k = 0;
      for (let v = 0; v < this.tree.size; v++) if (mark[v] === stamp) order[k++] = v;
    } else {
      order = Int32Array.from(nodes).sort();
    }
    for (let i = 0; i < size; i++) remap[order[i]] = i;
    const out: CallTree = {
      size,
      parent: new Int32Array(size),
      frame: new Int32Array(size),
      self: new Float64Array(size),
      total: new Float64Array(size),
    };
    out.parent[0] = -1;
    for (let i = 0; i < size; i++) {
      const v = order[i];
      if (i > 0) out.parent[i] = remap[parent[v]];
      out.frame[i] = frame[v];
    }
    const list: SampleList = {
      size: picked.length,
      node: new Int32Array(picked.length),
      time: new Float64Array(picked.length),
      weight: new Float64Array(picked.length),
    };
    for (let i = 0; i < picked.length; i++) {
      const s = picked[i];
      const node = remap[this.samples.node[s]];
      list.node[i] = node;
      list.time[i] = this.samples.time[s];
      list.weight[i] = this.samples.weight[s];
      out.self[node] += this.samples.weight[s];
    }
    for (let i = 0; i < size; i++) out.total[i] = out.self[i];
    for (let i = size - 1; i > 0; i--) out.total[out.parent[i]] += out.total[i];
    return { tree: out, samples: list };
  }
}
