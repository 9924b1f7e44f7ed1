import type { StackTreeBuilder } from './fromStacks';

/**
 * Walks nested intervals (an evented profile's open/close events, trace events' B/E pairs and X
 * events) into a StackTreeBuilder: the time between two consecutive events goes to the self of
 * the frame on top of the stack, so a node's total is the sum of its intervals' durations and its
 * self is that minus its children's. Time with nothing open belongs to no function.
 *
 * The caller hands events in time order with proper nesting (each importer words its own
 * repairs); times that go back are taken as no time at all, never as negative self. An explicit
 * stack, so a 100 000-deep nesting is as cheap as a flat one. Each open is a call: ncalls per
 * frame, and primcalls for opens with no activation of the same frame below them (pstats' rule).
 */
export class IntervalWalker {
  private readonly builder: StackTreeBuilder;
  private nodes = new Int32Array(256);
  private frames = new Int32Array(256);
  private depthNow = 0;
  private last: number;
  private readonly start: number;
  private active = new Int32Array(64);
  ncalls = new Float64Array(64);
  primcalls = new Float64Array(64);

  /** `start`: the profile's start, which sample times are counted from (for the timeline). */
  constructor(builder: StackTreeBuilder, start: number) {
    this.builder = builder;
    this.start = start;
    this.last = start;
  }

  get depth(): number {
    return this.depthNow;
  }

  /** The frame open at `level` (0 the outermost). */
  frameAt(level: number): number {
    return this.frames[level];
  }

  open(frame: number, time: number): void {
    this.advance(time);
    const parent = this.depthNow === 0 ? 0 : this.nodes[this.depthNow - 1];
    if (this.depthNow === this.nodes.length) {
      this.nodes = growInt(this.nodes, this.nodes.length * 2);
      this.frames = growInt(this.frames, this.frames.length * 2);
    }
    this.nodes[this.depthNow] = this.builder.child(parent, frame);
    this.frames[this.depthNow] = frame;
    this.depthNow++;
    if (frame >= this.active.length) this.growFrames(frame + 1);
    this.ncalls[frame]++;
    if (this.active[frame] === 0) this.primcalls[frame]++;
    this.active[frame]++;
  }

  /** Closes the innermost open interval at `time`. */
  close(time: number): void {
    if (this.depthNow === 0) return;
    this.advance(time);
    this.depthNow--;
    this.active[this.frames[this.depthNow]]--;
  }

  /** Gives the time since the last event to the frame on top (and a timeline sample). */
  advance(time: number): void {
    if (!(time > this.last)) return;
    if (this.depthNow > 0) {
      const node = this.nodes[this.depthNow - 1];
      const dt = time - this.last;
      this.builder.addSelf(node, dt);
      this.builder.sample(node, this.last - this.start, dt);
    }
    this.last = time;
  }

  private growFrames(n: number): void {
    const size = Math.max(n, this.active.length * 2);
    this.active = growInt(this.active, size);
    const nc = new Float64Array(size); nc.set(this.ncalls); this.ncalls = nc;
    const pc = new Float64Array(size); pc.set(this.primcalls); this.primcalls = pc;
  }
}

function growInt(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(n);
  out.set(a);
  return out;
}
