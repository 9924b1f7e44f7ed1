import { describe, expect, it } from 'vitest';
import type { CallTree } from '../model';
import { functionStatsFromTree } from '../stats/fromTree';
import { TreeBuilder, subtreeSizes } from './grow';
import { invertTree } from './invert';

const R = 0, MAIN = 1, A = 2, B = 3, F = 4, C = 5;
const NAMES = ['root', 'main', 'a', 'b', 'f', 'c'];

/**
 * root
 *   main (self 1)
 *     a (self 2)
 *       b (self 3)
 *     b (self 4)
 *     f (self 1)
 *       f (self 2)
 *         f (self 3)
 *           a (self 0)
 *             b (self 5)
 *   c (self 6)
 */
function sample(): CallTree {
  const t = new TreeBuilder();
  const root = t.push(-1, R, 0);
  const main = t.push(root, MAIN, 1);
  const a = t.push(main, A, 2);
  t.push(a, B, 3);
  t.push(main, B, 4);
  const f1 = t.push(main, F, 1);
  const f2 = t.push(f1, F, 2);
  const f3 = t.push(f2, F, 3);
  const a2 = t.push(f3, A, 0);
  t.push(a2, B, 5);
  t.push(root, C, 6);
  return t.finish();
}

/** "b<a<main" -> [total, self] for every node but the root, in a form independent of child order */
function paths(tree: CallTree): Map<string, [number, number]> {
  const name: string[] = [];
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < tree.size; i++) {
    const p = tree.parent[i];
    name[i] = p <= 0 ? NAMES[tree.frame[i]] : `${name[p]}<${NAMES[tree.frame[i]]}`;
    if (i > 0) out.set(name[i], [tree.total[i], tree.self[i]]);
  }
  return out;
}

describe('invertTree', () => {
  it('makes the functions with self time the roots and their callers the children', () => {
    const inv = invertTree(sample());
    // Worked by hand, each self-time node's stack read from the node up (direct recursion f f f
    // is one step):
    //   main 1: main            a 2: a<main            b 3: b<a<main       b 4: b<main
    //   f 1, 2, 3: f<main (all three)                  b 5: b<a<f<main     c 6: c
    // merged per level:
    //   main 1 | a 2 > main 2 | b 3+4+5=12 > a 3+5=8 > main 3, f 5 > main 5 ; b > main 4
    //   f 1+2+3=6 > main 6 | c 6
    expect(paths(inv)).toEqual(new Map<string, [number, number]>([
      ['main', [1, 1]],
      ['a', [2, 0]], ['a<main', [2, 2]],
      ['b', [12, 0]], ['b<a', [8, 0]], ['b<a<main', [3, 3]], ['b<a<f', [5, 0]], ['b<a<f<main', [5, 5]], ['b<main', [4, 4]],
      ['f', [6, 0]], ['f<main', [6, 6]],
      ['c', [6, 6]],
    ]));
    // the root keeps the whole: 1+2+3+4+1+2+3+5+6
    expect(inv.total[0]).toBe(27);
    expect(inv.frame[0]).toBe(R);
  });

  it('gives each root child its function self time, as the stats table has it', () => {
    const tree = sample();
    const inv = invertTree(tree);
    const stats = functionStatsFromTree(tree, NAMES.length);
    const sizes = subtreeSizes(inv);
    for (let child = 1; child < inv.size; child += sizes[child]) {
      expect(inv.total[child]).toBe(stats.self[inv.frame[child]]);
    }
  });

  it('is a preorder tree: parent before child, subtree ranges, totals add up', () => {
    const inv = invertTree(sample());
    const sizes = subtreeSizes(inv);
    for (let i = 1; i < inv.size; i++) {
      const p = inv.parent[i];
      expect(p).toBeLessThan(i);
      expect(i).toBeLessThan(p + sizes[p]);
    }
    for (let i = 0; i < inv.size; i++) {
      let kids = 0;
      for (let c = i + 1; c < i + sizes[i]; c += sizes[c]) kids += inv.total[c];
      expect(inv.total[i]).toBeCloseTo(inv.self[i] + kids, 12);
    }
  });

  it('keeps every total when the node cap cuts paths short', () => {
    const inv = invertTree(sample(), { maxNodes: 4 });
    expect(inv.size).toBe(4);
    expect(inv.total[0]).toBe(27);
  });

  it('walks a 100 000 deep recursion without recursing and in one step per run', () => {
    const t = new TreeBuilder();
    let p = t.push(-1, R, 0);
    p = t.push(p, MAIN, 0);
    for (let i = 0; i < 100_000; i++) p = t.push(p, F, 1);
    const inv = invertTree(t.finish());
    // every f node's stack is f<main: root > f (100 000) > main (100 000)
    expect(paths(inv)).toEqual(new Map([['f', [100_000, 0]], ['f<main', [100_000, 100_000]]]));
  });

  it('bounds the walk on a deep chain of distinct frames', () => {
    const t = new TreeBuilder();
    let p = t.push(-1, 0, 0);
    for (let i = 1; i <= 100_000; i++) p = t.push(p, i, 1);
    const inv = invertTree(t.finish(), { maxSteps: 1_000_000 });
    // 100 000 self nodes and a budget of 10^6 steps: at most 10 callers per path
    let deepest = 0;
    const depth = new Int32Array(inv.size);
    for (let i = 1; i < inv.size; i++) deepest = Math.max(deepest, (depth[i] = depth[inv.parent[i]] + 1));
    expect(deepest).toBe(10);
    expect(inv.total[0]).toBe(100_000);
  });
});
