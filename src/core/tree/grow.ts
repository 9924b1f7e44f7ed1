import type { CallTree } from '../model';

/**
 * Appends call tree nodes in preorder into typed arrays that double as they fill, so builders
 * never hold one object per node.
 */
export class TreeBuilder {
  size = 0;
  private parent: Int32Array;
  private frame: Int32Array;
  private self: Float64Array;

  /**
   * `capacity`: the node count when the caller knows it (treeFromParents does): the columns are
   * then allocated once and handed over by finish() without copies, instead of doubling from
   * 1024 and being trimmed (which held up to three copies of them at the peak).
   */
  constructor(capacity = 1024) {
    const n = Math.max(1, capacity);
    this.parent = new Int32Array(n);
    this.frame = new Int32Array(n);
    this.self = new Float64Array(n);
  }

  /** Adds a node whose parent is already in the tree (or -1 for the root); returns its index. */
  push(parent: number, frame: number, self: number): number {
    if (this.size === this.parent.length) this.grow();
    const i = this.size++;
    this.parent[i] = parent;
    this.frame[i] = frame;
    this.self[i] = self;
    return i;
  }

  addSelf(node: number, weight: number): void {
    this.self[node] += weight;
  }

  private grow(): void {
    const n = this.parent.length * 2;
    const parent = new Int32Array(n); parent.set(this.parent); this.parent = parent;
    const frame = new Int32Array(n); frame.set(this.frame); this.frame = frame;
    const self = new Float64Array(n); self.set(this.self); this.self = self;
  }

  finish(): CallTree {
    const size = this.size;
    const tree: CallTree = {
      size,
      parent: this.parent.length === size ? this.parent : this.parent.slice(0, size),
      frame: this.frame.length === size ? this.frame : this.frame.slice(0, size),
      self: this.self.length === size ? this.self : this.self.slice(0, size),
      total: new Float64Array(size),
    };
    accumulateTotals(tree);
    return tree;
  }
}

/** total = self + totals of the children; one backward pass works because parent[i] < i. */
export function accumulateTotals(tree: CallTree): void {
  const { parent, self, total, size } = tree;
  total.set(self.subarray(0, size));
  for (let i = size - 1; i > 0; i--) total[parent[i]] += total[i];
}

/** Number of nodes in each node's subtree (itself included). */
export function subtreeSizes(tree: CallTree): Int32Array {
  const sizes = new Int32Array(tree.size).fill(1);
  for (let i = tree.size - 1; i > 0; i--) sizes[tree.parent[i]] += sizes[i];
  return sizes;
}
