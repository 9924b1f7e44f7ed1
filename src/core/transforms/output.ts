import type { CallTree, SampleLabels, SampleList } from '../model';
import { NodeChildIndex } from '../tree/childIndex';
import { accumulateTotals } from '../tree/grow';

/**
 * The tree a transform writes: a trie grown from a new root, where every node of the old tree
 * is sent to the node its call path becomes (or nowhere, when its samples are dropped). Nodes
 * whose paths become equal meet in one node through the child hash table, so merging F joins
 * F's children with its caller's children of the same frame. Laid out in preorder at the end,
 * children in the order they were first reached (the old preorder), so the output is the same
 * bit for bit every time. Sized for the old tree (a transform never adds nodes), so nothing grows
 * on the way. Every function of stacks.ts calls `join` where it sends an old node to a node that
 * already exists.
 */
export class TreeOutput {
  private parent: Int32Array;
  private frame: Int32Array;
  private self: Float64Array;
  private count = 1;
  // children are looked up by frame only under a node that gathers the children of several old
  // nodes (`join`); anywhere else an old node's children are new nodes as they are, so most of a
  // big tree never touches the hash table (filling it was most of a merge's time)
  private readonly shared: Uint8Array;
  private readonly firstChild: Int32Array;
  private readonly lastChild: Int32Array;
  private readonly nextSibling: Int32Array;
  private readonly children = new NodeChildIndex();

  constructor(readonly rootFrame: number, capacity: number) {
    const n = Math.max(16, capacity);
    this.parent = new Int32Array(n);
    this.frame = new Int32Array(n);
    this.self = new Float64Array(n);
    this.shared = new Uint8Array(n);
    this.firstChild = new Int32Array(n).fill(-1);
    this.lastChild = new Int32Array(n).fill(-1);
    this.nextSibling = new Int32Array(n).fill(-1);
    this.parent[0] = -1;
    this.frame[0] = rootFrame;
  }

  /** The child of `node` for `frame`: found when `node` gathers several old nodes, else new. */
  child(node: number, frame: number): number {
    if (this.shared[node]) {
      const found = this.children.get(node, frame);
      if (found >= 0) {
        this.join(found); // two old nodes meet here: their children must meet too
        return found;
      }
    }
    const id = this.count++;
    this.parent[id] = node;
    this.frame[id] = frame;
    if (this.lastChild[node] < 0) this.firstChild[node] = id;
    else this.nextSibling[this.lastChild[node]] = id;
    this.lastChild[node] = id;
    if (this.shared[node]) this.children.set(node, frame, id);
    return id;
  }

  /**
   * Says that an old node was sent to the existing `node`, whose children it will add to: from
   * now on children of `node` are found by frame, those it has already included.
   */
  join(node: number): void {
    if (this.shared[node]) return;
    this.shared[node] = 1;
    for (let c = this.firstChild[node]; c >= 0; c = this.nextSibling[c]) {
      if (this.children.get(node, this.frame[c]) < 0) this.children.set(node, this.frame[c], c);
    }
  }

  /** Moves each old node's self to its new node (`to`, -1 for dropped). */
  addSelves(to: Int32Array, oldSelf: Float64Array): void {
    for (let i = 0; i < to.length; i++) if (to[i] >= 0) this.self[to[i]] += oldSelf[i];
  }

  /** The tree in preorder and, per old node, the preorder index of its new node (-1 dropped). */
  finish(to: Int32Array): { tree: CallTree; map: Int32Array } {
    const n = this.count;
    const { parent, frame, self } = this;
    // a parent is always made before its children, so one backward pass sums subtree sizes, and
    // one forward pass places each node right after its earlier siblings' subtrees
    const size = new Int32Array(n).fill(1);
    for (let k = n - 1; k > 0; k--) size[parent[k]] += size[k];
    const pos = new Int32Array(n);
    const next = new Int32Array(n); // the next free place under each node
    next[0] = 1;
    let identity = true;
    for (let k = 1; k < n; k++) {
      const q = parent[k];
      pos[k] = next[q];
      next[q] += size[k];
      next[k] = pos[k] + 1;
      if (pos[k] !== k) identity = false;
    }
    const tree: CallTree = { size: n, parent: new Int32Array(n), frame: new Int32Array(n), self: new Float64Array(n), total: new Float64Array(n) };
    if (identity) {
      tree.parent.set(parent.subarray(0, n));
      tree.frame.set(frame.subarray(0, n));
      tree.self.set(self.subarray(0, n));
    } else {
      tree.parent[0] = -1;
      for (let k = 0; k < n; k++) {
        const i = pos[k];
        if (k > 0) tree.parent[i] = pos[parent[k]];
        tree.frame[i] = frame[k];
        tree.self[i] = self[k];
      }
    }
    accumulateTotals(tree);
    const map = new Int32Array(to.length);
    for (let i = 0; i < to.length; i++) map[i] = to[i] >= 0 ? pos[to[i]] : -1;
    return { tree, map };
  }
}

/** The samples in time order, each sent to its node's new node; dropped ones leave the list. */
export function remapSamples(samples: SampleList, map: Int32Array): SampleList {
  let size = 0;
  for (let s = 0; s < samples.size; s++) if (map[samples.node[s]] >= 0) size++;
  const node = new Int32Array(size), time = new Float64Array(size), weight = new Float64Array(size);
  let k = 0;
  for (let s = 0; s < samples.size; s++) {
    const to = map[samples.node[s]];
    if (to < 0) continue;
    node[k] = to; time[k] = samples.time[s]; weight[k++] = samples.weight[s];
  }
  return { size, node, time, weight };
}

/** Labelled samples (pprof tags) sent to their nodes' new nodes; dropped samples take their labels along. */
export function remapLabels(labels: SampleLabels, map: Int32Array): SampleLabels {
  const old = labels.samples;
  const newIndex = new Int32Array(old.size).fill(-1);
  let size = 0;
  for (let j = 0; j < old.size; j++) if (map[old.node[j]] >= 0) newIndex[j] = size++;
  const node = new Int32Array(size), weight = new Float64Array(size);
  for (let j = 0; j < old.size; j++) {
    const k = newIndex[j];
    if (k >= 0) { node[k] = map[old.node[j]]; weight[k] = old.weight[j]; }
  }
  const keep: number[] = [];
  for (let i = 0; i < labels.sample.length; i++) if (newIndex[labels.sample[i]] >= 0) keep.push(i);
  const pickI = (a: Int32Array) => Int32Array.from(keep, (i) => a[i]);
  return {
    samples: { size, node, weight },
    sample: Int32Array.from(keep, (i) => newIndex[labels.sample[i]]),
    key: pickI(labels.key), str: pickI(labels.str), num: Float64Array.from(keep, (i) => labels.num[i]), unit: pickI(labels.unit),
    names: labels.names,
  };
}
