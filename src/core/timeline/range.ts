import type { CallTree, Profile, SampleList } from '../model';
import { functionStatsFromTree, keepsSyntheticRoot } from '../stats/fromTree';

/**
 * The profile of the samples taken in [from, to): what the chart, table, callers and bottom-up
 * show when a time range is selected (as DevTools does). A sample belongs to the range when it
 * starts inside it. The tree keeps the nodes those samples reach, in the same preorder, and the
 * samples are renumbered onto it; functions are recounted from it.
 */
export function profileInRange(profile: Profile, from: number, to: number): Profile {
  const { tree, samples } = profile;
  if (!samples) return profile;
  const self = new Float64Array(tree.size);
  let total = 0;
  for (let s = 0; s < samples.size; s++) {
    const t = samples.time[s];
    if (!(t >= from && t < to)) continue;
    const node = samples.node[s];
    if (node < 0 || node >= tree.size) continue;
    self[node] += samples.weight[s];
    total += samples.weight[s];
  }
  const { tree: cut, indexOf } = keepWeighted(tree, self);
  const kept = renumberSamples(samples, indexOf, from, to);
  return {
    ...profile,
    total,
    tree: cut,
    functions: functionStatsFromTree(cut, profile.frames.length, keepsSyntheticRoot(profile, cut)),
    samples: kept,
  };
}

/** The nodes whose subtree holds weight (and the root), in preorder, with totals from `self`. */
function keepWeighted(tree: CallTree, self: Float64Array): { tree: CallTree; indexOf: Int32Array } {
  const n = tree.size;
  const total = Float64Array.from(self);
  for (let i = n - 1; i > 0; i--) total[tree.parent[i]] += total[i];
  const indexOf = new Int32Array(n).fill(-1);
  let size = 0;
  for (let i = 0; i < n; i++) if (i === 0 || total[i] > 0) indexOf[i] = size++;
  const out: CallTree = {
    size,
    parent: new Int32Array(size),
    frame: new Int32Array(size),
    self: new Float64Array(size),
    total: new Float64Array(size),
  };
  for (let i = 0; i < n; i++) {
    const j = indexOf[i];
    if (j < 0) continue;
    out.parent[j] = i === 0 ? -1 : indexOf[tree.parent[i]];
    out.frame[j] = tree.frame[i];
    out.self[j] = self[i];
    out.total[j] = total[i];
  }
  return { tree: out, indexOf };
}

function renumberSamples(samples: SampleList, indexOf: Int32Array, from: number, to: number): SampleList {
  let size = 0;
  for (let s = 0; s < samples.size; s++) if (samples.time[s] >= from && samples.time[s] < to && indexOf[samples.node[s]] >= 0) size++;
  const out: SampleList = { size, node: new Int32Array(size), time: new Float64Array(size), weight: new Float64Array(size) };
  let k = 0;
  for (let s = 0; s < samples.size; s++) {
    const t = samples.time[s];
    if (!(t >= from && t < to)) continue;
    const node = indexOf[samples.node[s]];
    if (node < 0) continue;
    out.node[k] = node;
    out.time[k] = t;
    out.weight[k] = samples.weight[s];
    k++;
  }
  return out;
}
