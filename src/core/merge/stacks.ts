import type { Profile, SampleList } from '../model';
import { hasSyntheticRoot } from '../stats/fromTree';
import { StackTreeBuilder } from '../tree/fromStacks';
import { mergedFrames } from './frameMap';

/**
 * Merges call trees by call path, the way sampled formats (cpuprofile, Chrome trace, perf,
 * collapsed, pprof, speedscope, Gecko) are merged by their own tools (pprof's Merge, speedscope's
 * and Firefox's stack tables): a node of one profile lands on the node of the merge with the same
 * path of frames from the root, frames matched by name, file, line and column, and its self
 * weight is added there. Totals and per-function stats then follow from the merged tree, so no
 * sample's weight is lost or counted twice.
 *
 * Samples in time order (the timeline) are laid end to end, each profile after the previous
 * one's last sample, in the order given.
 */
export function mergeStacks(profiles: readonly Profile[], scale: readonly number[]): Pick<Profile, 'total' | 'frames' | 'tree' | 'functions' | 'samples'> {
  const { table, maps } = mergedFrames(profiles);
  const builder = new StackTreeBuilder(table);
  const withSamples = profiles.every((p) => p.samples !== undefined);
  let total = 0;
  let offset = 0;
  profiles.forEach((p, i) => {
    const { tree } = p, map = maps[i], s = scale[i];
    total += p.total * s;
    // preorder: a node's parent is placed before it, so one pass maps every node
    const placed = new Int32Array(tree.size);
    for (let n = 0; n < tree.size; n++) {
      const node = n === 0 ? 0 : builder.child(placed[tree.parent[n]], map[tree.frame[n]]);
      placed[n] = node;
      builder.addSelf(node, tree.self[n] * s);
    }
    if (withSamples) offset = addSamples(builder, p.samples!, placed, s, offset);
  });
  // the merge's root is every input's root: a function only where theirs are (V8's "(root)")
  const { tree, functions, samples } = builder.finish(profiles.every(hasSyntheticRoot));
  // the sum of the inputs' totals, which is what each importer calls its total (a cpuprofile's
  // root total can differ from its endTime - startTime by an idle gap; the sum stays honest)
  const merged = { total, frames: table.frames, tree, functions } as Pick<Profile, 'total' | 'frames' | 'tree' | 'functions' | 'samples'>;
  if (samples) merged.samples = samples;
  return merged;
}

function addSamples(builder: StackTreeBuilder, samples: SampleList, placed: Int32Array, s: number, offset: number): number {
  let end = offset;
  for (let k = 0; k < samples.size; k++) {
    const time = offset + samples.time[k] * s, weight = samples.weight[k] * s;
    builder.sample(placed[samples.node[k]], time, weight);
    end = Math.max(end, time + weight);
  }
  return end;
}
