import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readJson } from '../../../test/support/corpus';
import { StackTreeBuilder } from './fromStacks';

interface FoldedOracle { total: number; self: Record<string, number>; inclusive: Record<string, number> }

/** Folded stacks fed straight to the builder (no importer): the oracle is the file's own sums. */
function buildFromFolded(text: string): StackTreeBuilder {
  const b = new StackTreeBuilder();
  for (const line of text.split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space < 0) continue;
    const ids = line.slice(0, space).split(';').map((name) => b.frames.intern(name, '', 0, 0));
    b.addStack(ids, ids.length, Number(line.slice(space + 1)));
  }
  return b;
}

describe('StackTreeBuilder', () => {
  it('gives the self and once-per-stack inclusive weights of corpus folded stacks', () => {
    const oracle = readJson<FoldedOracle>(join(CORPUS, 'collapsed/work.collapsed.oracle.json'));
    const b = buildFromFolded(readFileSync(join(CORPUS, 'collapsed/work.collapsed'), 'utf8'));
    const { tree, functions } = b.finish();
    expect(tree.total[0]).toBe(oracle.total);
    const names = b.frames.frames.map((f) => f.name);
    for (const [name, self] of Object.entries(oracle.self)) expect(functions.self[names.indexOf(name)]).toBe(self);
    for (const [name, inclusive] of Object.entries(oracle.inclusive)) expect(functions.total[names.indexOf(name)]).toBe(inclusive);
    // preorder: every parent comes before its children
    for (let i = 1; i < tree.size; i++) expect(tree.parent[i]).toBeLessThan(i);
  });

  it('shares nodes between stacks with a common prefix and keeps samples on their renumbered nodes', () => {
    const b = new StackTreeBuilder();
    const [a, c, d] = ['a', 'c', 'd'].map((n) => b.frames.intern(n, '', 0, 0));
    const n1 = b.addStack([a, c], 2, 5);
    b.sample(n1, 0, 5);
    const n2 = b.addStack([a, d], 2, 7);
    b.sample(n2, 5, 7);
    b.sample(b.addStack([a, c], 2, 1), 12, 1);
    const { tree, samples } = b.finish();
    expect(tree.size).toBe(4); // root, a, c, d
    expect(tree.total[0]).toBe(13);
    const frameOfSample = [...samples!.node].map((node) => b.frames.frames[tree.frame[node]].name);
    expect(frameOfSample).toEqual(['c', 'd', 'c']);
    expect([...samples!.time]).toEqual([0, 5, 12]);
  });

  it('builds a 100 000-deep stack without recursion', () => {
    const b = new StackTreeBuilder();
    const ids = Array.from({ length: 100_000 }, (_, i) => b.frames.intern(`f${i % 7}`, '', 0, 0));
    b.addStack(ids, ids.length, 3);
    const { tree, functions } = b.finish();
    expect(tree.size).toBe(100_001);
    expect(tree.total[0]).toBe(3);
    // recursion counted once: f0 is on the stack ~14 000 times but its total is the stack's weight
    expect(functions.total[b.frames.frames.findIndex((f) => f.name === 'f0')]).toBe(3);
  });

  it('finds children through the hash table across growth', () => {
    const b = new StackTreeBuilder();
    const frames = Array.from({ length: 5000 }, (_, i) => b.frames.intern(`g${i}`, '', 0, 0));
    for (let round = 0; round < 2; round++) for (const f of frames) b.addStack([frames[0], f], 2, 1);
    expect(b.nodeCount).toBe(1 + 1 + 5000); // root, g0, and g0's 5000 children (g0 under g0 too)
    const { tree } = b.finish();
    expect(tree.total[0]).toBe(10_000);
  });
});
