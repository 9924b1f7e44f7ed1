import { FrameTable } from '../frames';
import type { CallTree, FunctionStats, SampleList } from '../model';
import { functionStatsFromTree } from '../stats/fromTree';
import { NodeChildIndex } from './childIndex';
import { TimedSamples } from './timedSamples';
import { accumulateTotals } from './grow';

/** a node whose child list grows past this many is looked up through a hash table instead */
const WIDE = 8;
/** self records come in chunks of 2^16: no copies as they grow, and at most one chunk unfilled */
const SELF_CHUNK_BITS = 16;

/**
 * StackTreeBuilder's job (stacks walked down a trie from the root, the trie laid out in preorder
 * at the end) with far fewer memory touches, for importers whose trees reach millions of nodes
 * (pprof). At that size memory is the cost: every page touched for the first time counts in the
 * worker's peak and costs a page fault (on the bench machine ~4 ms per fresh MB, more than the
 * work), and every random read of a big table is a cache miss.
 *  - Children are a list per node (first child, next sibling) beside its parent and frame: creating
 *    a node writes only its own record and its parent's, which was just read. A node whose list
 *    grows past WIDE children moves to a hash table (NodeChildIndex), so a node of 10 000 children
 *    costs no 10 000-step walks; NodeChildIndex for every node took 24-48 bytes per node and a
 *    random write per new node.
 *  - A node created during the current stack (since beginStack) has no children yet: walking below
 *    it creates without looking. A stack that shares a prefix with the trie pays one lookup.
 *  - Self weights are kept as (node, weight) records, one per stack, not as a column over every
 *    node (16 bytes a node in all, against 48 for StackTreeBuilder and its table).
 *  - finish() lays the trie out in preorder in the records' own child slots (a node's parent is an
 *    earlier node, so subtree sizes add up backwards and positions follow forwards), with no
 *    children arrays, stack or index table; then the records' memory, touched already, holds the
 *    tree's self and total (weightsIn).
 * The tree is the one StackTreeBuilder gives for the same stacks: children in the order they were
 * first met.
 */
export class StackTrie {
  readonly frames: FrameTable;
  readonly rootFrame: number;
  /**
   * per node i: [4i] parent, [4i + 1] frame, [4i + 2] first child (0: none; ~child once the node
   * is wide, its children then in `wide`), [4i + 3] next sibling (0: none). Newest child first.
   */
  private link: Int32Array<ArrayBuffer>;
  private count = 1;
  /**
   * self weights as they come, (node, weight) per addSelf, summed per node by finish(): a stack
   * adds one, where a column of every node's self would be mostly zeros and its pages touched at
   * random (a 100 MB pprof: 750 000 stacks, 2.9 M nodes)
   */
  private readonly selfNode: Int32Array[] = [];
  private readonly selfWeight: Float64Array[] = [];
  private selfCount = 0;
  private readonly wide = new NodeChildIndex();
  /** nodes from this one on were created during the current stack: they have no children yet */
  private fresh = 0x7fffffff;
  private readonly samples = new TimedSamples();

  /**
   * `capacity`: nodes to make room for at once. Room not used is never touched, so it costs
   * address space, not memory; growing copies the columns (and the old copy counts until freed).
   */
  constructor(frames: FrameTable = new FrameTable(), rootName = '(root)', capacity = 1024) {
    const n = Math.max(1024, Math.min(capacity, 1 << 25));
    this.link = new Int32Array(4 * n);
    this.frames = frames;
    this.rootFrame = frames.intern(rootName, '', 0, 0);
    this.link[0] = -1;
    this.link[1] = this.rootFrame;
  }

  get nodeCount(): number {
    return this.count;
  }

  /** A new stack starts (at the root, or at a node of an earlier stack): nodes made from here on are fresh. */
  beginStack(): void {
    this.fresh = this.count;
  }

  /** The child of `node` for `frame`, created when missing. The root is node 0. */
  child(node: number, frame: number): number {
    if (node < this.fresh) {
      const link = this.link;
      let c = link[4 * node + 2];
      if (c < 0) {
        const found = this.wide.get(node, frame);
        if (found >= 0) return found;
      } else if (c > 0) {
        let seen = 0;
        for (; c !== 0; c = link[4 * c + 3]) {
          if (link[4 * c + 1] === frame) return c;
          seen++;
        }
        if (seen >= WIDE) this.widen(node);
      }
    }
    if (4 * this.count === this.link.length) this.grow();
    const link = this.link;
    const id = this.count++;
    link[4 * id] = node;
    link[4 * id + 1] = frame;
    const first = link[4 * node + 2];
    if (first < 0) {
      link[4 * id + 3] = ~first;
      link[4 * node + 2] = ~id;
      this.wide.set(node, frame, id);
    } else {
      link[4 * id + 3] = first;
      link[4 * node + 2] = id;
    }
    return id;
  }

  addSelf(node: number, weight: number): void {
    const chunk = this.selfCount >>> SELF_CHUNK_BITS;
    if (chunk === this.selfNode.length) {
      this.selfNode.push(new Int32Array(1 << SELF_CHUNK_BITS));
      this.selfWeight.push(new Float64Array(1 << SELF_CHUNK_BITS));
    }
    const i = this.selfCount++ & ((1 << SELF_CHUNK_BITS) - 1);
    this.selfNode[chunk][i] = node;
    this.selfWeight[chunk][i] = weight;
  }

  /** Records that a sample of `weight` ending at `node` was taken at `time` (kept in that order). */
  sample(node: number, time: number, weight: number): void {
    this.samples.push(node, time, weight);
  }

  /**
   * The tree in preorder, per-function stats (recursion counted once per stack), the samples on
   * their preorder nodes. The trie is spent: its records now hold positions.
   */
  finish(): { tree: CallTree; functions: FunctionStats; samples: SampleList | null } {
    const n = this.count;
    const { link } = this;
    this.wide.release();
    // Each pass is its own small function: V8 optimises a long one-shot function loop by loop
    // (on-stack replacement) and throws the code away at the next loop it has no feedback for,
    // which cost a 200 MB perf file's import ~100 ms of recompiles (--trace-deopt).
    const parent = new Int32Array(n);
    const frame = new Int32Array(n);
    subtreeSizesInto(link, n);
    placeInPreorder(link, n, parent, frame);
    // the self records' and the samples' nodes become positions now, while the node records
    // (link) hold them: after that link's memory is free for self and total (see weightsIn)
    const chunks = this.selfNode.length;
    for (let c = 0; c < chunks; c++) toPositions(link, this.selfNode[c], this.chunkSize(c));
    const samples = this.samples.take((ids, size) => renumber(link, ids, size));
    this.link = new Int32Array(4);
    const { self, total } = weightsIn(link.buffer, n);
    for (let c = 0; c < chunks; c++) addSelfRecords(this.selfNode[c], this.selfWeight[c], this.chunkSize(c), self);
    const tree: CallTree = { size: n, parent, frame, self, total };
    accumulateTotals(tree);
    this.selfNode.length = this.selfWeight.length = this.selfCount = 0;
    const functions = functionStatsFromTree(tree, this.frames.frames.length, true); // its root is its own
    return { tree, functions, samples };
  }

  /** how many self records chunk `c` holds */
  private chunkSize(c: number): number {
    return Math.min(1 << SELF_CHUNK_BITS, this.selfCount - c * (1 << SELF_CHUNK_BITS));
  }

  /** `node`'s children go into the hash table, and its new ones will. */
  private widen(node: number): void {
    const link = this.link;
    const first = link[4 * node + 2];
    for (let c = first; c !== 0; c = link[4 * c + 3]) this.wide.set(node, link[4 * c + 1], c);
    link[4 * node + 2] = ~first;
  }

  /** By half, not double: the copy is fresh memory, touched as far as it is filled. */
  private grow(): void {
    const n = Math.min(2 ** 29, Math.ceil(this.link.length / 4 * 1.5));
    const link = new Int32Array(4 * n); link.set(this.link); this.link = link;
  }
}

/**
 * [4i + 2] becomes the size of i's subtree, added up backwards (a parent comes before its
 * children).
 */
function subtreeSizesInto(link: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) link[4 * i + 2] = 1;
  for (let i = n - 1; i > 0; i--) link[4 * link[4 * i] + 2] += link[4 * i + 2];
}

/**
 * Places every node: [4i] becomes i's position, and [4i + 2], once i is placed, where its next
 * child goes. Children are placed in the order they were made, as StackTreeBuilder's layout
 * places them.
 */
function placeInPreorder(link: Int32Array, n: number, parent: Int32Array, frame: Int32Array): void {
  parent[0] = -1;
  frame[0] = link[1];
  link[0] = 0;
  link[2] = 1;
  for (let i = 1; i < n; i++) {
    const p = link[4 * i];
    const at = link[4 * p + 2];
    link[4 * p + 2] = at + link[4 * i + 2];
    link[4 * i + 2] = at + 1;
    link[4 * i] = at;
    parent[at] = link[4 * p];
    frame[at] = link[4 * i + 1];
  }
}

function toPositions(link: Int32Array, node: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) node[i] = link[4 * node[i]];
}

function addSelfRecords(position: Int32Array, weight: Float64Array, count: number, self: Float64Array): void {
  for (let i = 0; i < count; i++) self[position[i]] += weight[i];
}

/**
 * self and total of n nodes in the buffer of the spent node records (link: 16 bytes a node, as
 * self and total take): that memory has been touched already, where two fresh columns cost 16 bytes a node of
 * first touches (on the bench machine ~3-5 ms per fresh MB; a 100 MB pprof's 2.9 M nodes: 47 MB).
 * The two share one buffer, self first. The node records were reserved generously, and a copy of the
 * tree (structuredClone, a postMessage without transfer: the page sends its tree to the invert
 * worker so) copies the whole buffer: Chromium cloned self and total of 2.9 M nodes in a buffer
 * twice their size in 0.7-1.1 s, against 0.35-0.41 s. So where the engine can
 * (ArrayBuffer.prototype.transfer: browsers, Node 21+), a buffer more than a quarter bigger than
 * the tree is cut to it; that copies (Chromium: 0.26-0.29 s for 47 MB, about what the two fresh
 * columns cost), so the saving is where the reservation fits or there is no transfer (Node 20: the
 * CLI and the bench, which copy no trees).
 */
function weightsIn(records: ArrayBuffer, n: number): { self: Float64Array; total: Float64Array } {
  const cut = (records as { transfer?: (length: number) => ArrayBuffer }).transfer;
  const buffer = records.byteLength > 20 * n && typeof cut === 'function' ? cut.call(records, 16 * n) : records;
  const self = new Float64Array(buffer, 0, n);
  self.fill(0);
  return { self, total: new Float64Array(buffer, 8 * n, n) };
}

/** the samples' trie nodes as positions in the preorder tree */
function renumber(link: Int32Array, node: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = link[4 * node[i]];
  return out;
}
