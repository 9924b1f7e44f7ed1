import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../test/support/corpus';
import { importPstats } from '../core/formats/pstats';
import { importProfiles } from '../core/io/import';
import { transferablesOf, transferablesOfTree } from './protocol';

describe('transferablesOf', () => {
  it('moves every typed array of a tree rebuilt from a graph, its recursion and estimate flags included', () => {
    const p = importPstats(readBytes(join(CORPUS, 'seed/report.prof')));
    const { tree } = p;
    expect(tree.recursion).toBeInstanceOf(Uint8Array);
    const moved = new Set(transferablesOf([p]));
    for (const a of [tree.parent, tree.frame, tree.self, tree.total, tree.recursion!, tree.estimated!]) expect(moved.has(a.buffer as ArrayBuffer)).toBe(true);
    expect(transferablesOfTree(tree)).toContain(tree.recursion!.buffer);
    expect(transferablesOfTree(tree)).toContain(tree.estimated!.buffer);
    // structuredClone with the list really moves them: the sender's arrays are left empty
    const copy = structuredClone(tree, { transfer: transferablesOfTree(tree) });
    expect(tree.recursion!.length).toBe(0);
    expect(copy.recursion!.some((v) => v === 1)).toBe(true);
    expect(copy.estimated!.some((v) => v === 1)).toBe(true);
  });

  it.each(['pprof/heap.pprof', 'seed/report.prof', 'callgrind/default.callgrind'])('moves every typed array a profile holds (%s): a copied one is deserialised on the page', (file) => {
    const [p] = importProfiles(readBytes(join(CORPUS, file)), { name: file });
    const moved = new Set(transferablesOf([p]));
    // every typed array reachable from the profile, walked without recursion
    const arrays: string[] = [];
    const stack: [string, unknown][] = [['profile', p]];
    while (stack.length) {
      const [path, v] = stack.pop()!;
      if (ArrayBuffer.isView(v)) arrays.push(moved.has(v.buffer as ArrayBuffer) ? '' : path);
      else if (v && typeof v === 'object' && path !== 'profile.frames') for (const [k, w] of Object.entries(v)) stack.push([`${path}.${k}`, w]);
    }
    if (file.endsWith('heap.pprof')) expect(p.labels).toBeDefined();
    expect(arrays.length).toBeGreaterThan(5);
    expect(arrays.filter(Boolean)).toEqual([]);
  });
});
