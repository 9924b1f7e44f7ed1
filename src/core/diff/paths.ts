import type { Profile } from '../model';
import { mergedFrames } from '../merge/frameMap';
import { NodeChildIndex } from '../tree/childIndex';
import { diffScale, type DiffScale } from './scale';

export interface PathDiff {
  scale: DiffScale;
  /** per node of the new side's tree: the base's total on the same call path (0 where the base lacks it) */
  baseTotal: Float64Array;
  /** per node of the new side's tree: its node in the base's tree, -1 where the base lacks the path */
  baseNode: Int32Array;
  /**
   * Call paths only in the base: the topmost base nodes whose path the new side lacks, heaviest
   * first, and their summed total (scaled): "4 call paths gone: 12.3 ms".
   */
  gone: { nodes: Int32Array; total: number };
  /** true when a side's tree was rebuilt from a call graph: then its paths are estimates */
  estimated: boolean;
}

/**
 * The call-path diff for the differential chart: the new side's tree shape, each node paired
 * with the base's node on the same path of frames from the root (frames matched by name, file,
 * line and column). For trees rebuilt from call graphs both paths are estimates, so the chart
 * says so; the function table (diffFunctions) stays exact.
 */
export function diffPaths(base: Profile, next: Profile, normalize = false): PathDiff {
  const scale = diffScale(base, next, normalize);
  const { maps } = mergedFrames([base, next]);
  const bt = base.tree, nt = next.tree;
  const children = new NodeChildIndex(); // (base node, frame of the merge) -> base child
  for (let i = 1; i < bt.size; i++) {
    const f = maps[0][bt.frame[i]];
    if (children.get(bt.parent[i], f) < 0) children.set(bt.parent[i], f, i);
  }
  const baseNode = new Int32Array(nt.size).fill(-1);
  const baseTotal = new Float64Array(nt.size);
  const matched = new Uint8Array(bt.size);
  if (nt.size > 0 && bt.size > 0) {
    baseNode[0] = 0;
    for (let i = 1; i < nt.size; i++) {
      const p = baseNode[nt.parent[i]];
      baseNode[i] = p < 0 ? -1 : children.get(p, maps[1][nt.frame[i]]);
    }
    for (let i = 0; i < nt.size; i++) {
      const b = baseNode[i];
      if (b < 0) continue;
      baseTotal[i] = bt.total[b] * scale.base;
      matched[b] = 1;
    }
  }
  const gone: number[] = [];
  let goneTotal = 0;
  for (let i = 1; i < bt.size; i++) {
    if (matched[i] || !matched[bt.parent[i]]) continue;
    gone.push(i);
    goneTotal += bt.total[i] * scale.base;
  }
  gone.sort((a, b) => bt.total[b] - bt.total[a]);
  return {
    scale,
    baseTotal,
    baseNode,
    gone: { nodes: Int32Array.from(gone), total: goneTotal },
    estimated: base.graph !== null || next.graph !== null,
  };
}
