import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../test/support/corpus';
import { importPstats } from '../core/formats/pstats';
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
});
