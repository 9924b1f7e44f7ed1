import { FrameTable } from '../frames';
import type { CallTree, FunctionStats, SampleList } from '../model';
import { functionStatsFromTree } from '../stats/fromTree';
import { treeFromParents } from './fromParents';
import { NodeChildIndex } from './childIndex';
import { TimedSamples } from './timedSamples';

/**
 * Builds a call tree from whole stacks, the shape every sampled format records (perf script,
 * collapsed stacks, pprof, speedscope, Gecko): each stack, outermost frame first, is walked down
 * a trie from the root, creating the nodes it lacks, and its weight is added to the last node's
 * self. The trie is laid out in preorder at the end (treeFromParents). Nodes are typed-array
 * columns and children are found through one hash table, so a 200 MB file makes no object per
 * node or per sample.
 *
 * Samples can be recorded in time order (`sample`) for the timeline; they are kept only when the
 * importer asks, as a list of (leaf node, start, weight).
 */
export class StackTreeBuilder {
  readonly frames: FrameTable;
  readonly rootFrame: number;
  private parent: Int32Array;
  private frame: Int32Array;
  private self: Float64Array;
  private count = 1;
  private readonly children: NodeChildIndex;
  private readonly samples = new TimedSamples();

  /**
   * `expectedNodes`: roughly how many nodes the tree will have, when the importer can tell (from
   * the number of samples), so the columns and the child table start big enough: rehashing the
   * table as it doubled took 14% of a 28 MB pprof's import (a --cpu-prof of bench/out/core.js).
   */
  constructor(frames: FrameTable = new FrameTable(), rootName = '(root)', expectedNodes = 1024) {
    const n = Math.max(1024, Math.min(expectedNodes, 1 << 24));
    this.parent = new Int32Array(n);
    this.frame = new Int32Array(n);
    this.self = new Float64Array(n);
    this.children = new NodeChildIndex(n);
    this.frames = frames;
    this.rootFrame = frames.intern(rootName, '', 0, 0);
    this.parent[0] = -1;
    this.frame[0] = this.rootFrame;
  }

  /** The child of `node` for `frame`, created when missing. The root is node 0. */
  child(node: number, frame: number): number {
    const found = this.children.get(node, frame);
    if (found >= 0) return found;
    if (this.count === this.parent.length) this.grow();
    const id = this.count++;
    this.parent[id] = node;
    this.frame[id] = frame;
    this.children.set(node, frame, id);
    return id;
  }

  /** Adds `weight` to the stack `frames[0..length)` (outermost first); returns its last node. */
  addStack(frames: ArrayLike<number>, length: number, weight: number): number {
    let node = 0;
    for (let i = 0; i < length; i++) node = this.child(node, frames[i]);
    this.self[node] += weight;
    return node;
  }

  addSelf(node: number, weight: number): void {
    this.self[node] += weight;
  }

  /** Records that a sample of `weight` ending at `node` was taken at `time` (for the timeline). */
  sample(node: number, time: number, weight: number): void {
    this.samples.push(node, time, weight);
  }

  get nodeCount(): number {
    return this.count;
  }

  /**
   * The tree in preorder, per-function stats (recursion counted once per stack), and the
   * recorded samples with their nodes renumbered into the preorder tree (null when none were).
   */
  finish(syntheticRoot = true): { tree: CallTree; functions: FunctionStats; samples: SampleList | null } {
    const n = this.count;
    // the child table is only for adding stacks: let it go before the tree's own arrays are made
    this.children.release();
    const { tree, indexOf } = treeFromParents(
      this.parent.subarray(0, n),
      this.frame.subarray(0, n),
      this.self.subarray(0, n),
      this.rootFrame,
    );
    const functions = functionStatsFromTree(tree, this.frames.frames.length, syntheticRoot);
    const samples = this.samples.take((ids, size) => {
      const node = new Int32Array(size);
      for (let i = 0; i < size; i++) node[i] = indexOf[ids[i]];
      return node;
    });
    return { tree, functions, samples };
  }

  private grow(): void {
    const n = this.parent.length * 2;
    const parent = new Int32Array(n); parent.set(this.parent); this.parent = parent;
    const frame = new Int32Array(n); frame.set(this.frame); this.frame = frame;
    const self = new Float64Array(n); self.set(this.self); this.self = self;
  }
}
