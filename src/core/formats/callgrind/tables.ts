import type { Frame } from '../../model';

/**
 * The scanner's tables: frames by (name, file) string indexes, and the edges. Open addressing in
 * typed arrays with the key stored beside the value, so that a probe touches one cache line: on
 * a 100 MB file the tables outgrow the CPU caches and a lookup costs what its cache misses cost.
 *
 * The tables' arrays are first set empty, then to their first size: V8 takes a field it has seen
 * hold one value only for a constant, and optimized code that relies on that is thrown away
 * (mid-compile, at worst: 50 ms of the scanner's compile on a 100 MB file) when a table grows.
 * And their first size is tiny, so that they grow within the first lines of a file: code V8 has
 * not seen run before it compiles the scanner's loop (growing, here) throws that compile away when
 * it first runs. Names and Scanner do the same with their growing arrays.
 */

/** Fibonacci hashing of a pair: the top 32 - `shift` bits of the product, which every key bit reaches. */
function slotOf(a: number, b: number, shift: number): number {
  return Math.imul(a ^ Math.imul(b, 0x27d4eb2d), 0x9e3779b1) >>> shift;
}

/** (a, b) -> value for small non-negative integers; slots of [a + 1 (0: empty), b, value] */
class PairTable {
  private slots = new Int32Array(0);
  private shift = 32;
  private used = 0;

  constructor() {
    this.slots = new Int32Array(3 * 16);
    this.shift = 32 - 4;
  }

  /** the value of (a, b), or -1 */
  get(a: number, b: number): number {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    let i = slotOf(a, b, this.shift);
    for (;;) {
      const k = slots[3 * i];
      if (k === 0) return -1;
      if (k === a + 1 && slots[3 * i + 1] === b) return slots[3 * i + 2];
      i = (i + 1) & mask;
    }
  }

  /** adds (a, b) -> value; (a, b) must not be in the table */
  set(a: number, b: number, value: number): void {
    if (2 * ++this.used > this.slots.length / 3) this.grow();
    this.put(this.slots, a, b, value);
  }

  private put(slots: Int32Array, a: number, b: number, value: number): void {
    const mask = slots.length / 3 - 1;
    let i = slotOf(a, b, this.shift);
    while (slots[3 * i] !== 0) i = (i + 1) & mask;
    slots[3 * i] = a + 1;
    slots[3 * i + 1] = b;
    slots[3 * i + 2] = value;
  }

  /** four times bigger: at most half full */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 4);
    this.shift -= 2;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] !== 0) this.put(this.slots, old[i] - 1, old[i + 1], old[i + 2]);
    }
  }
}

/**
 * Frames by (name, file) string indexes. Most functions live in one file, so the frame last made
 * for a name answers nearly every lookup from a small array; the pair table is the fallback.
 * Frame 0 is the profile's root, which a function called `(root)` in no file is (as FrameTable
 * has it); the Frame objects are made at the end, with their lines, all of one shape.
 */
export class FrameIndex {
  count = 1;
  private byName = new Int32Array(0); // name -> [last frame made for it + 1, its file]
  private nameOf = new Int32Array(0); // frame -> name
  private fileOf = new Int32Array(0); // frame -> file
  private readonly pairs = new PairTable();

  constructor(private readonly strings: string[]) {
    this.byName = new Int32Array(2 * 16);
    this.nameOf = new Int32Array(16);
    this.fileOf = new Int32Array(16);
    this.nameOf[0] = this.fileOf[0] = -1;
  }

  get(name: number, file: number): number {
    let byName = this.byName;
    if (2 * name < byName.length && byName[2 * name] !== 0 && byName[2 * name + 1] === file) return byName[2 * name] - 1;
    let f = this.pairs.get(name, file);
    if (f < 0) f = this.make(name, file);
    if (2 * name >= byName.length) this.byName = byName = grownInt(byName, 2 * name + 2);
    byName[2 * name] = f + 1;
    byName[2 * name + 1] = file;
    return f;
  }

  private make(name: number, file: number): number {
    const root = this.strings[name] === '(root)' && this.strings[file] === '';
    const f = root ? 0 : this.count++;
    this.pairs.set(name, file, f);
    if (f >= this.fileOf.length) {
      this.nameOf = grownInt(this.nameOf, f + 1);
      this.fileOf = grownInt(this.fileOf, f + 1);
    }
    this.nameOf[f] = name;
    this.fileOf[f] = file;
    return f;
  }

  /** appends frames 1.. to `frames` (which holds the root); a line that is not finite (+N past any number) is unknown */
  finish(frames: Frame[], lines: Float64Array): void {
    const known = (line: number) => (Number.isFinite(line) ? line : 0);
    frames[0].line = known(lines[0]);
    for (let f = 1; f < this.count; f++) {
      frames.push({ name: this.strings[this.nameOf[f]], file: this.strings[this.fileOf[f]], line: known(lines[f]), column: 0 });
    }
  }
}

/**
 * Calls the scanner gathers before EdgeTable sums them: enough for their lookups to overlap, few
 * enough that summing a batch is soon frequent, and so compiled early (a small file has a few
 * thousand calls; 4096 a batch cost the 4 MB real-instr profile 10 ms of uncompiled summing).
 */
export const BATCH = 64;

/**
 * Caller -> callee edges, numbered in order of first appearance, with their summed call counts
 * and inclusive costs; each edge's sums add its calls in file order. A hash table of the edges
 * holds the sums beside the key (32-byte slots: [from + 1 (0: empty), to, edge, -] as int32,
 * [-, -, count, cost] as doubles), so that a call touches one cache line.
 *
 * The scanner appends calls to a small batch and has it summed when full, rather than looking
 * each one up in its loop: the table's rare paths (growth, collisions) then stay out of that loop,
 * which V8 would compile without having seen them run and throw away when they first do (the
 * corpus's Xdebug profile, whose calls start 8 000 lines in, took 70-80 ms instead of 40-50); and
 * a batch's lookups, which miss the CPU caches on a big file (the 100 MB benchmark file has
 * 100 000 edges, 8 MB of slots), overlap.
 */
export class EdgeTable {
  size = 0;
  // the calls not summed yet
  batched = 0;
  readonly batchFrom = new Int32Array(BATCH);
  readonly batchTo = new Int32Array(BATCH);
  readonly batchCount = new Float64Array(BATCH);
  readonly batchCost = new Float64Array(BATCH);
  private caller = new Int32Array(0); // per edge (arrays set twice: see above)
  private callee = new Int32Array(0);
  private ints = new Int32Array(0);
  private sums = new Float64Array(0);
  private shift = 32;

  constructor() {
    this.caller = new Int32Array(16);
    this.callee = new Int32Array(16);
    this.alloc(16);
  }

  /** a call: the scan's loop does the same, written out */
  add(from: number, to: number, count: number, cost: number): void {
    if (this.batched === BATCH) this.sumBatch();
    const r = this.batched++;
    this.batchFrom[r] = from;
    this.batchTo[r] = to;
    this.batchCount[r] = count;
    this.batchCost[r] = cost;
  }

  sumBatch(): void {
    const from = this.batchFrom, to = this.batchTo, count = this.batchCount, cost = this.batchCost;
    for (let r = 0; r < this.batched; r++) {
      const i = this.slot(from[r], to[r]);
      const sums = this.sums;
      sums[4 * i + 2] += count[r];
      sums[4 * i + 3] += cost[r];
    }
    this.batched = 0;
  }

  /** caller, callee, summed counts and costs, per edge */
  finish(): { caller: Int32Array<ArrayBuffer>; callee: Int32Array<ArrayBuffer>; ncalls: Float64Array<ArrayBuffer>; total: Float64Array<ArrayBuffer> } {
    this.sumBatch();
    const n = this.size, ints = this.ints, sums = this.sums;
    const ncalls = new Float64Array(n), total = new Float64Array(n);
    for (let i = 0; 8 * i < ints.length; i++) {
      if (ints[8 * i] === 0) continue;
      const e = ints[8 * i + 2];
      ncalls[e] = sums[4 * i + 2];
      total[e] = sums[4 * i + 3];
    }
    return { caller: this.caller.slice(0, n), callee: this.callee.slice(0, n), ncalls, total };
  }

  /** the slot of the edge from -> to, made (with zero sums) when new */
  private slot(from: number, to: number): number {
    const ints = this.ints;
    const mask = (ints.length >> 3) - 1;
    let i = slotOf(from, to, this.shift);
    for (;;) {
      const k = ints[8 * i];
      if (k === 0) break;
      if (k === from + 1 && ints[8 * i + 1] === to) return i;
      i = (i + 1) & mask;
    }
    if (2 * (this.size + 1) > mask + 1) {
      this.grow();
      return this.slot(from, to);
    }
    const e = this.size++;
    if (e === this.caller.length) {
      this.caller = grownInt(this.caller, e * 2);
      this.callee = grownInt(this.callee, e * 2);
    }
    this.caller[e] = from;
    this.callee[e] = to;
    ints[8 * i] = from + 1;
    ints[8 * i + 1] = to;
    ints[8 * i + 2] = e;
    return i;
  }

  private alloc(slots: number): void {
    const buffer = new ArrayBuffer(32 * slots);
    this.ints = new Int32Array(buffer);
    this.sums = new Float64Array(buffer);
    this.shift = 32 - Math.log2(slots);
  }

  /** four times the slots: at most half full */
  private grow(): void {
    const oldInts = this.ints, oldSums = this.sums;
    const slots = (oldInts.length >> 3) * 4;
    this.alloc(slots);
    const ints = this.ints, sums = this.sums;
    const mask = slots - 1;
    for (let j = 0; 8 * j < oldInts.length; j++) {
      if (oldInts[8 * j] === 0) continue;
      let i = slotOf(oldInts[8 * j] - 1, oldInts[8 * j + 1], this.shift);
      while (ints[8 * i] !== 0) i = (i + 1) & mask;
      ints[8 * i] = oldInts[8 * j];
      ints[8 * i + 1] = oldInts[8 * j + 1];
      ints[8 * i + 2] = oldInts[8 * j + 2];
      sums[4 * i + 2] = oldSums[4 * j + 2];
      sums[4 * i + 3] = oldSums[4 * j + 3];
    }
  }
}

export function grownInt(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export function grownFloat(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
