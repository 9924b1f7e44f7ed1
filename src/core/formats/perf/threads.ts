import type { CallTree, SampleList } from '../../model';
import { accumulateTotals } from '../../tree/grow';

/**
 * The call tree of some of the samples (one thread's), cut out of the tree of all of them: the
 * nodes on the paths from the root to those samples' nodes, in the same preorder. Building it from
 * the finished tree costs the thread's own nodes, not a second walk of every stack per sample,
 * and any number of threads (a system-wide recording has hundreds) shares two scratch columns.
 */
export class ThreadTrees {
  /**
   * per node of the whole tree: -stamp while a cut marks it, then its index in that cut. One
   * column for both (an index is never negative, a mark always is): each column of the whole
   * tree is 2 MB of fresh memory on the bench's perf file.
   */
  private readonly mark: Int32Array;
  /** the nodes a cut reaches, in the order found (typed: a JS array pushed to took a third of a cut) */
  private readonly found: Int32Array;
  private stamp = 0;

  constructor(private readonly tree: CallTree, private readonly samples: SampleList) {
    this.mark = new Int32Array(tree.size);
    this.found = new Int32Array(tree.size);
  }

  /**
   * The tree and samples of the samples whose indexes are `picked` (in time order). Each pass is
   * a small function of its own: as one function, V8 optimised it loop by loop and discarded the
   * code at every next loop, each of 4 calls (--trace-deopt), ~90 ms per thread on the bench's
   * 200 MB perf file.
   */
  cut(picked: Int32Array): { tree: CallTree; samples: SampleList } {
    const treeSize = this.tree.size;
    const stamp = -++this.stamp;
    const size = markPaths(picked, this.samples.node, this.tree.parent, this.mark, this.found, stamp);
    // preorder indexes in order are preorder again: sorted, or (when the thread has most of the
    // tree, where a sort costs more than a pass) picked up by one pass over the marks
    const order = size * Math.log2(size + 2) > treeSize
      ? collectMarked(this.mark, stamp, treeSize, this.found)
      : this.found.subarray(0, size).sort();
    const outParent = new Int32Array(size);
    const outFrame = new Int32Array(size);
    remapNodes(order, size, this.tree.parent, this.tree.frame, this.mark, outParent, outFrame);
    const count = picked.length;
    const list: SampleList = { size: count, node: new Int32Array(count), time: new Float64Array(count), weight: new Float64Array(count) };
    const outSelf = new Float64Array(size);
    copySamples(picked, this.samples, this.mark, list, outSelf);
    const tree: CallTree = { size, parent: outParent, frame: outFrame, self: outSelf, total: new Float64Array(size) };
    accumulateTotals(tree);
    return { tree, samples: list };
  }
}

/** Marks the nodes on the paths from the picked samples' nodes up to the root (and the root); returns how many, listed in `found`. */
function markPaths(picked: Int32Array, sampleNode: Int32Array, parent: Int32Array, mark: Int32Array, found: Int32Array, stamp: number): number {
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
  return size;
}

function collectMarked(mark: Int32Array, stamp: number, treeSize: number, out: Int32Array): Int32Array {
  let k = 0;
  for (let v = 0; v < treeSize; v++) if (mark[v] === stamp) out[k++] = v;
  return out;
}

/** The cut's parent and frame columns; remap[v] (v's mark until then) becomes v's index in the cut. */
function remapNodes(order: Int32Array, size: number, parent: Int32Array, frame: Int32Array, remap: Int32Array, outParent: Int32Array, outFrame: Int32Array): void {
  outParent[0] = -1;
  outFrame[0] = frame[order[0]];
  remap[order[0]] = 0;
  for (let i = 1; i < size; i++) {
    const v = order[i];
    remap[v] = i;
    outParent[i] = remap[parent[v]]; // a parent comes before its children in preorder
    outFrame[i] = frame[v];
  }
}

function copySamples(picked: Int32Array, from: SampleList, remap: Int32Array, to: SampleList, self: Float64Array): void {
  const sampleNode = from.node, sampleTime = from.time, sampleWeight = from.weight;
  const listNode = to.node, listTime = to.time, listWeight = to.weight;
  for (let i = 0; i < picked.length; i++) {
    const s = picked[i];
    const node = remap[sampleNode[s]];
    const w = sampleWeight[s];
    listNode[i] = node;
    listTime[i] = sampleTime[s];
    listWeight[i] = w;
    self[node] += w;
  }
}
