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
  /** the nodes a cut reaches, in the order found (typed: a JS array pushed to took a third of a cut) */
  private readonly found: Int32Array;
  private stamp = 0;

  constructor(private readonly tree: CallTree, private readonly samples: SampleList) {
    this.mark = new Int32Array(tree.size);
    this.remap = new Int32Array(tree.size);
    this.found = new Int32Array(tree.size);
  }

  /** The tree and samples of the samples whose indexes are `picked` (in time order). */
  cut(picked: Int32Array): { tree: CallTree; samples: SampleList } {
    const { parent, frame } = this.tree;
    const treeSize = this.tree.size;
    const { mark, remap, found } = this;
    const sampleNode = this.samples.node, sampleTime = this.samples.time, sampleWeight = this.samples.weight;
    const stamp = ++this.stamp;
    let size = 0;
    for (let i = 0; i < picked.length; i++) {
      let v = sampleNode[picked[i]];
      while (v >= 0 && mark[v] !== stamp) {
        mark[v] = stamp;
        found[size++] = v;
        v = parent[v];
      }
    }
    if (mark[0] !== stamp) {
      mark[0] = stamp;
      found[size++] = 0;
    }
    // preorder indexes in order are preorder again: sorted, or (when the thread has most of the
    // tree, where a sort costs more than a pass) picked up by one pass over the marks
    let order: Int32Array;
    if (size * Math.log2(size + 2) > treeSize) {
      order = found;
      let k = 0;
      for (let v = 0; v < treeSize; v++) if (mark[v] === stamp) order[k++] = v;
    } else {
      order = found.subarray(0, size).sort();
    }
    const outParent = new Int32Array(size);
    const outFrame = new Int32Array(size);
    const outSelf = new Float64Array(size);
    const outTotal = new Float64Array(size);
    outParent[0] = -1;
    outFrame[0] = frame[order[0]];
    remap[order[0]] = 0;
    for (let i = 1; i < size; i++) {
      const v = order[i];
      remap[v] = i;
      outParent[i] = remap[parent[v]]; // a parent comes before its children in preorder
      outFrame[i] = frame[v];
    }
    const count = picked.length;
    const list: SampleList = {
      size: count,
      node: new Int32Array(count),
      time: new Float64Array(count),
      weight: new Float64Array(count),
    };
    const listNode = list.node, listTime = list.time, listWeight = list.weight;
    for (let i = 0; i < count; i++) {
      const s = picked[i];
      const node = remap[sampleNode[s]];
      const w = sampleWeight[s];
      listNode[i] = node;
      listTime[i] = sampleTime[s];
      listWeight[i] = w;
      outSelf[node] += w;
    }
    outTotal.set(outSelf);
    for (let i = size - 1; i > 0; i--) outTotal[outParent[i]] += outTotal[i];
    return { tree: { size, parent: outParent, frame: outFrame, self: outSelf, total: outTotal }, samples: list };
  }
}
