import { scratch } from '../io/scratch';
import type { CallGraph } from '../model';
import { components } from './components';

/**
 * Adds roots for the parts of a call graph that no root reaches, so that every graph draws: a
 * merged or hand-built profile, or a cycle at the top (a -> b -> a with nothing calling in), has
 * no function without a caller, and the tree would be a lone root holding everything as self.
 *
 * The graph's strongly connected components that no other component calls are its entry points
 * (a caller with no cost at all does not count: it can carry no weight in).
 * Each that holds no root yet gets one: its member with the largest inclusive cost. Its weight is
 * at least that cost, and at least the self cost of everything the component reaches (inside a
 * cycle, cumulative times undercount: only the outermost activation has the whole time), with
 * the added roots together held to what the existing roots leave of the total, so the root's
 * children account for the total without taking weight from the real entry points.
 * Returns how many roots were added.
 */
export function addEntryRoots(
  graph: CallGraph,
  frameCount: number,
  inclusive: Float64Array,
  self: Float64Array,
  total: number,
  roots: number[],
  rootWeights: number[],
): number {
  const { component, count } = components(frameCount, graph.caller, graph.callee, graph.size);
  const entered = scratch('entry.entered', Uint8Array, count, true);
  for (let e = 0; e < graph.size; e++) {
    const a = component[graph.caller[e]];
    const b = component[graph.callee[e]];
    // a caller with no cost of its own enters nothing: the pure-Python profile module's
    // `profile:0(profiler)` entry, all zeros, is the only caller of the script it ran
    if (a !== b && (inclusive[graph.caller[e]] > 0 || self[graph.caller[e]] > 0)) entered[b] = 1;
  }
  const rooted = scratch('entry.rooted', Uint8Array, count, true);
  for (const r of roots) rooted[component[r]] = 1;
  const best = scratch('entry.best', Int32Array, count, false).fill(-1);
  for (let f = 0; f < frameCount; f++) {
    const c = component[f];
    if (entered[c] || rooted[c] || !(inclusive[f] > 0 || self[f] > 0)) continue;
    if (best[c] < 0 || inclusive[f] > inclusive[best[c]]) best[c] = f;
  }
  const added: number[] = [];
  for (let c = 0; c < count; c++) if (best[c] >= 0) added.push(c);
  if (added.length === 0) return 0;

  // self cost reachable from each component: components are numbered callees first, so one
  // pass in that order sums each component's own self and its callee components' reach (a
  // component reached along two paths counts twice: an upper bound, which the cap below limits)
  const reach = new Float64Array(count);
  for (let f = 0; f < frameCount; f++) if (self[f] > 0) reach[component[f]] += self[f];
  const start = new Int32Array(count + 1);
  for (let e = 0; e < graph.size; e++) start[component[graph.caller[e]] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count);
  const next = new Int32Array(graph.size);
  for (let e = 0; e < graph.size; e++) next[fill[component[graph.caller[e]]]++] = component[graph.callee[e]];
  const seen = new Int32Array(count).fill(-1);
  for (let c = 0; c < count; c++) {
    for (let k = start[c]; k < start[c + 1]; k++) {
      const d = next[k];
      if (d === c || seen[d] === c) continue;
      seen[d] = c;
      reach[c] += reach[d];
    }
  }

  let taken = 0;
  for (const w of rootWeights) taken += w;
  const left = Math.max(0, total - taken);
  const weights = added.map((c) => Math.max(inclusive[best[c]], reach[c]));
  const sum = weights.reduce((a, b) => a + b, 0);
  const scale = sum > left && sum > 0 ? left / sum : 1;
  added.forEach((c, k) => {
    roots.push(best[c]);
    rootWeights.push(weights[k] * scale);
  });
  return added.length;
}
