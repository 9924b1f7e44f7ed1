import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readJson } from '../../../test/support/corpus';
import { StackTrie } from './stackTrie';

interface FoldedOracle { total: number; self: Record<string, number>; inclusive: Record<string, number> }

/** Walks `names` (outermost first) down the trie as one stack and adds `weight` to its last node. */
function add(t: StackTrie, names: string[], weight: number): number {
  t.beginStack();
  let node = 0;
  for (const name of names) node = t.child(node, t.frames.intern(name, '', 0, 0));
  t.addSelf(node, weight);
  return node;
}

/** Every root-to-node path of the tree with its total, as "a;b;c" -> total. */
function pathTotals(t: StackTrie, tree: ReturnType<StackTrie['finish']>['tree']): Map<string, number> {
  const path: string[] = [];
  const out = new Map<string, number>();
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent[i];
    expect(p).toBeLessThan(i); // preorder
    path[i] = (p === 0 ? '' : `${path[p]};`) + t.frames.frames[tree.frame[i]].name;
    out.set(path[i], tree.total[i]);
  }
  return out;
}

describe('StackTrie', () => {
  it('gives the self and once-per-stack inclusive weights of corpus folded stacks', () => {
    const oracle = readJson<FoldedOracle>(join(CORPUS, 'collapsed/work.collapsed.oracle.json'));
    const t = new StackTrie();
    for (const line of readFileSync(join(CORPUS, 'collapsed/work.collapsed'), 'utf8').split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space > 0) add(t, line.slice(0, space).split(';'), Number(line.slice(space + 1)));
    }
    const { tree, functions } = t.finish();
    expect(tree.total[0]).toBe(oracle.total);
    const names = t.frames.frames.map((f) => f.name);
    for (const [name, self] of Object.entries(oracle.self)) expect(functions.self[names.indexOf(name)]).toBe(self);
    for (const [name, inclusive] of Object.entries(oracle.inclusive)) expect(functions.total[names.indexOf(name)]).toBe(inclusive);
  });

  it('sums random stacks per path as a Map of paths does, through wide nodes, growth and shared prefixes', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    // a small capacity so the columns grow; a root with 300 children and nodes of 20 make lists go wide
    const t = new StackTrie(undefined, '(root)', 16);
    const want = new Map<string, number>();
    let stack: string[] = [];
    for (let s = 0; s < 20_000; s++) {
      // keep a prefix of the previous stack, as aggregated profiles do, then walk down anew
      stack = stack.slice(0, rand(stack.length + 1));
      if (stack.length === 0) stack.push(`r${rand(300)}`);
      const depth = 1 + rand(12);
      while (stack.length < depth) stack.push(`f${rand(20)}`);
      const w = 1 + rand(9);
      add(t, stack, w);
      for (let d = 1; d <= stack.length; d++) {
        const key = stack.slice(0, d).join(';');
        want.set(key, (want.get(key) ?? 0) + w);
      }
    }
    const { tree } = t.finish();
    expect(pathTotals(t, tree)).toEqual(want);
    expect(tree.size).toBe(want.size + 1);
  });

  it('places children in the order they were first met and keeps samples on their nodes', () => {
    const t = new StackTrie();
    const n1 = add(t, ['a', 'c'], 5);
    t.sample(n1, 0, 5);
    t.sample(add(t, ['b'], 7), 5, 7);
    t.sample(add(t, ['a', 'd'], 1), 12, 1);
    t.sample(add(t, ['a', 'c'], 2), 13, 2);
    const { tree, samples } = t.finish();
    const name = (node: number) => t.frames.frames[tree.frame[node]].name;
    expect(Array.from({ length: tree.size }, (_, i) => name(i))).toEqual(['(root)', 'a', 'c', 'd', 'b']);
    expect([...samples!.node].map(name)).toEqual(['c', 'b', 'd', 'c']);
    expect([...samples!.time]).toEqual([0, 5, 12, 13]);
    expect(tree.self[2]).toBe(7);
    expect(tree.total[0]).toBe(15);
  });

  it('builds a 100 000-deep stack without recursion', () => {
    const t = new StackTrie();
    add(t, Array.from({ length: 100_000 }, (_, i) => `f${i % 7}`), 3);
    const { tree, functions } = t.finish();
    expect(tree.size).toBe(100_001);
    expect(tree.total[0]).toBe(3);
    // recursion counted once: f0 is on the stack ~14 000 times but its total is the stack's weight
    expect(functions.total[t.frames.frames.findIndex((f) => f.name === 'f0')]).toBe(3);
  });
});
