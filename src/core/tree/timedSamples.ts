import type { SampleList } from '../model';

/**
 * The samples a stack builder (StackTreeBuilder, StackTrie) records while its tree grows, in the
 * order taken, for the timeline: the node each ended at, in the builder's own numbering until the
 * tree is laid out, its time and its weight.
 */
export class TimedSamples {
  private node: Int32Array | null = null;
  private time: Float64Array | null = null;
  private weight: Float64Array | null = null;
  private count = 0;

  push(node: number, time: number, weight: number): void {
    if (this.node === null || this.count === this.node.length) this.grow();
    this.node![this.count] = node;
    this.time![this.count] = time;
    this.weight![this.count] = weight;
    this.count++;
  }

  /**
   * The samples with their nodes renumbered to the laid-out tree's (`renumber` gets the builder's
   * ids and how many), or null when none was recorded. The recorder is empty afterwards.
   */
  take(renumber: (node: Int32Array, size: number) => Int32Array): SampleList | null {
    if (this.node === null) return null;
    const size = this.count;
    const samples = { size, node: renumber(this.node, size), time: this.time!.slice(0, size), weight: this.weight!.slice(0, size) };
    this.node = this.time = this.weight = null;
    this.count = 0;
    return samples;
  }

  private grow(): void {
    const n = this.node ? this.node.length * 2 : 1024;
    const node = new Int32Array(n);
    const time = new Float64Array(n);
    const weight = new Float64Array(n);
    if (this.node) {
      node.set(this.node);
      time.set(this.time!);
      weight.set(this.weight!);
    }
    this.node = node;
    this.time = time;
    this.weight = weight;
  }
}
