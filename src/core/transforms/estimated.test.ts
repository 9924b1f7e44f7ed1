import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importCpuProfile } from '../formats/cpuprofile';
import { importPstats } from '../formats/pstats';
import type { Profile } from '../model';
import { countEstimated } from '../tree/estimated';
import { subtreeSizes } from '../tree/grow';
import { framePath } from '../tree/framePath';
import { applyTransforms } from './apply';
import type { Transform } from './types';

// Estimate flags through transforms: rebuilt from the new graph (merges on a graph), carried
// node by node (transforms on the estimated tree), never made up for real stacks.

const prof = importPstats(readBytes(join(CORPUS, 'requests/GET.root.0ms.1796324291.758972.prof')));
const frameNamed = (p: Profile, name: string) => p.frames.findIndex((f) => f.name === name);

/** the first node of a frame, by its flag */
function firstNode(p: Profile, estimated: 0 | 1, withChildren: boolean): number {
  const sizes = subtreeSizes(p.tree);
  for (let i = 1; i < p.tree.size; i++) if (p.tree.estimated![i] === estimated && (!withChildren || sizes[i] > 2)) return i;
  throw new Error('no such node');
}

describe('estimate flags through transforms', () => {
  it('has both kinds of node to start from', () => {
    expect(countEstimated(prof.tree)).toBeGreaterThan(0);
    expect(countEstimated(prof.tree)).toBeLessThan(prof.tree.size - 1);
  });

  it('merging on the graph: the rebuilt tree is flagged, and its exact nodes show the functions\' totals', () => {
    const shared = prof.tree.frame[firstNode(prof, 1, true)];
    const { profile: q } = applyTransforms(prof, [{ type: 'merge-function', funcs: [shared] }]);
    expect(q.graph).not.toBeNull();
    expect(q.tree.estimated).toBeDefined();
    let exact = 0;
    for (let i = 1; i < q.tree.size; i++) {
      if (q.tree.estimated![i]) continue;
      exact++;
      const want = q.functions.total[q.tree.frame[i]];
      expect(Math.abs(q.tree.total[i] - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    }
    expect(exact).toBeGreaterThan(0);
  });

  it('focusing on an exact node keeps its subtree\'s flags node for node', () => {
    const node = firstNode(prof, 0, true);
    const sizes = subtreeSizes(prof.tree);
    const { profile: q, notes } = applyTransforms(prof, [{ type: 'focus-subtree', path: framePath(prof.tree, node) }]);
    expect(notes[0].skipped).toBeUndefined();
    expect(q.graph).toBeNull(); // the estimated tree became the profile
    expect(q.tree.size).toBe(sizes[node]);
    expect([...q.tree.estimated!]).toEqual([...prof.tree.estimated!.subarray(node, node + sizes[node])]);
  });

  it('dropping an estimated function marks every total it leaves, up to the root, and nothing else', () => {
    const node = firstNode(prof, 1, false);
    const f = prof.tree.frame[node];
    const { profile: q } = applyTransforms(prof, [{ type: 'drop-function', funcs: [f] }]);
    const flags = q.tree.estimated!;
    expect(flags[0]).toBe(1); // the total shrank by an estimate
    // a node whose subtree never held f keeps its flag: find them by path in the old tree
    const oldSizes = subtreeSizes(prof.tree);
    const holds = (i: number) => { for (let j = i; j < i + oldSizes[i]; j++) if (prof.tree.frame[j] === f) return true; return false; };
    const byPath = new Map<string, number>();
    for (let i = 1; i < prof.tree.size; i++) if (!holds(i)) byPath.set(framePath(prof.tree, i).join('/'), prof.tree.estimated![i]);
    let kept = 0;
    for (let i = 1; i < q.tree.size; i++) {
      const was = byPath.get(framePath(q.tree, i).join('/'));
      if (was === undefined) continue;
      expect(flags[i]).toBe(was);
      kept++;
    }
    expect(kept).toBeGreaterThan(5);
  });

  it('gives no flags to transforms of real stacks', () => {
    const cpu = importCpuProfile(readBytes(join(CORPUS, 'cpuprofile/medium.cpuprofile')));
    const f = cpu.tree.frame[1];
    const transforms: Transform[] = [{ type: 'merge-function', funcs: [f] }, { type: 'drop-function', funcs: [frameNamed(cpu, '(garbage collector)')] }];
    for (const t of transforms) {
      expect(applyTransforms(cpu, [t]).profile.tree.estimated).toBeUndefined();
    }
  });
});
