import { describe, expect, it } from 'vitest';
import type { CallGraph } from '../model';
import { TreeBuilder } from '../tree/grow';
import { edgeEntries, edgesFromTree, edgesFromTreeInSteps, type EdgeEntry } from './callers';

const R = 0, MAIN = 1, F = 2, G = 3, H = 4;

/**
 * node  frame  self  total
 *  0    root    0    22
 *  1    main    1    22 = 1 + 13 + 3 + 5
 *  2      f     2    13 = 2 + 7 + 4
 *  3        g   1     7 = 1 + 6
 *  4          f 3     6 = 3 + 2 + 1
 *  5            h 2   2
 *  6            g 1   1
 *  7        h   4     4
 *  8      f     1     3 = 1 + 2
 *  9        f   2     2
 * 10      g     5     5
 */
function sample() {
  const t = new TreeBuilder();
  const root = t.push(-1, R, 0);
  const main = t.push(root, MAIN, 1);
  const f2 = t.push(main, F, 2);
  const g3 = t.push(f2, G, 1);
  const f4 = t.push(g3, F, 3);
  t.push(f4, H, 2);
  t.push(f4, G, 1);
  t.push(f2, H, 4);
  const f8 = t.push(main, F, 1);
  t.push(f8, F, 2);
  t.push(main, G, 5);
  return t.finish();
}

const pick = (entries: EdgeEntry[]) => entries.map((e) => [e.frame, e.total, e.self]);

/** the callers and callees of `frame` from the edges of the tree, as the page asks for them (only that frame's edges) */
function callersFromTree(tree: ReturnType<typeof sample>, frame: number, frameCount: number, only = frame) {
  const edges = { graph: edgesFromTree(tree, frameCount, only), fromTree: true };
  return { callers: edgeEntries(edges, [frame], 'callers').get(frame)!, callees: edgeEntries(edges, [frame], 'callees').get(frame)! };
}

function callersFromGraph(graph: CallGraph, frame: number) {
  const edges = { graph, fromTree: false };
  return { callers: edgeEntries(edges, [frame], 'callers').get(frame)!, callees: edgeEntries(edges, [frame], 'callees').get(frame)! };
}

describe('callersFromTree', () => {
  it('gives callers of f with the time of f under each, recursion once per stack', () => {
    const { callers } = callersFromTree(sample(), F, 5);
    // main -> f: nodes 2 (13) and 8 (3) = 16, self 2 + 1 = 3
    // g -> f:    node 4 (6), self 3
    // f -> f:    node 9 (2), self 2
    expect(pick(callers)).toEqual([[MAIN, 16, 3], [G, 6, 3], [F, 2, 2]]);
  });

  it('gives callees of f with their time under it', () => {
    const { callees } = callersFromTree(sample(), F, 5);
    // f -> g: node 3 (7); node 6 is f -> g again inside node 3, so only its self (1) is added: self 1 + 1 = 2
    // f -> h: node 5 (2) and node 7 (4) are on different stacks: 6, self 6
    // f -> f: node 9 (2)
    expect(pick(callees)).toEqual([[G, 7, 2], [H, 6, 6], [F, 2, 2]]);
  });

  it('names the root as the caller of top-level functions and has no call counts', () => {
    const { callers, callees } = callersFromTree(sample(), MAIN, 5);
    expect(pick(callers)).toEqual([[R, 22, 1]]);
    // main -> f: 13 + 3 = 16; main -> g: node 10 (5)
    expect(pick(callees)).toEqual([[F, 16, 3], [G, 5, 5]]);
    expect(callers[0].ncalls).toBeNull();
  });

  it('gives the same entries from only the frame\'s edges as from all of them', () => {
    for (const f of [R, MAIN, F, G, H]) expect(callersFromTree(sample(), f, 5), String(f)).toEqual(callersFromTree(sample(), f, 5, -1));
  });

  it('walks a 100 000 deep recursion without recursing', () => {
    const t = new TreeBuilder();
    let p = t.push(-1, R, 0);
    for (let i = 0; i < 100_000; i++) p = t.push(p, F, 1);
    const { callers } = callersFromTree(t.finish(), F, 3);
    // root -> f: the outer f, 100 000; f -> f: the second f only (the rest lie inside it), 99 999
    expect(pick(callers)).toEqual([[R, 100_000, 1], [F, 99_999, 99_999]]);
  });
});

describe('callersFromGraph', () => {
  it('reads the recorded edges, summing repeated pairs', () => {
    const graph: CallGraph = {
      size: 4,
      caller: Int32Array.from([MAIN, G, MAIN, F]),
      callee: Int32Array.from([F, F, F, H]),
      ncalls: Float64Array.from([2, 1, 3, 7]),
      primcalls: Float64Array.from([2, 1, 3, 7]),
      self: Float64Array.from([0.5, 0.25, 0.5, 1]),
      total: Float64Array.from([2, 1, 3, 1.5]),
    };
    const { callers, callees } = callersFromGraph(graph, F);
    // main -> f twice: ncalls 2 + 3 = 5, self 1, total 5; g -> f: 1 call, total 1
    expect(callers.map((e) => [e.frame, e.ncalls, e.self, e.total])).toEqual([[MAIN, 5, 1, 5], [G, 1, 0.25, 1]]);
    expect(callees.map((e) => [e.frame, e.ncalls, e.self, e.total])).toEqual([[H, 7, 1, 1.5]]);
  });
});

/** a tree from [parent, frame, self] triples in preorder */
function tree(nodes: [number, number, number][]) {
  const b = new TreeBuilder();
  for (const [p, f, s] of nodes) b.push(p, f, s);
  return b.finish();
}

function edge(g: ReturnType<typeof edgesFromTree>, caller: number, callee: number) {
  for (let e = 0; e < g.size; e++) {
    if (g.caller[e] === caller && g.callee[e] === callee) return { ncalls: g.ncalls[e], self: g.self![e], total: g.total[e] };
  }
  return undefined;
}

describe('edgesFromTree', () => {
  it('counts a recursive stack A B A B once per edge', () => {
    // root(0) -> A(1) -> B(2) -> A(1) -> B(2), self 1 at every level
    const g = edgesFromTree(tree([[-1, 0, 0], [0, 1, 1], [1, 2, 1], [2, 1, 1], [3, 2, 1]]), 3);
    expect(edge(g, 0, 1)).toEqual({ ncalls: 1, self: 1, total: 4 });
    expect(edge(g, 1, 2)).toEqual({ ncalls: 2, self: 2, total: 3 }); // not 3 + 1
    expect(edge(g, 2, 1)).toEqual({ ncalls: 1, self: 1, total: 2 });
  });

  it('adds sibling subtrees that reach the same edge by different paths', () => {
    // root -> A -> C, root -> B -> C, root -> A -> C again under another A? no: A -> D -> C
    const g = edgesFromTree(tree([[-1, 0, 0], [0, 1, 0], [1, 3, 2], [1, 4, 0], [3, 3, 5], [0, 2, 0], [5, 3, 7]]), 5);
    expect(edge(g, 1, 3)).toEqual({ ncalls: 1, self: 2, total: 2 });
    expect(edge(g, 4, 3)).toEqual({ ncalls: 1, self: 5, total: 5 });
    expect(edge(g, 2, 3)).toEqual({ ncalls: 1, self: 7, total: 7 });
    expect(edge(g, 0, 1)?.total).toBe(7);
  });

  it('handles a 100 000 deep chain without recursion', () => {
    const nodes: [number, number, number][] = [[-1, 0, 0]];
    for (let i = 1; i < 100_000; i++) nodes.push([i - 1, 1 + (i % 2), 1]);
    const g = edgesFromTree(tree(nodes), 3);
    // frames alternate 2, 1, 2, 1 ... below the root: each edge counts from its outermost use
    expect(edge(g, 0, 2)!.total).toBe(99_999);
    expect(edge(g, 2, 1)).toEqual({ ncalls: 49_999, self: 49_999, total: 99_998 });
    expect(edge(g, 1, 2)).toEqual({ ncalls: 49_999, self: 49_999, total: 99_997 });
  });

  it('gives the same graph walked in steps of any size (the page walks big trees in steps)', () => {
    // a recursive, branching tree: frame i % 4 under a parent some levels up
    const nodes: [number, number, number][] = [[-1, 0, 0]];
    for (let i = 1; i < 500; i++) nodes.push([Math.max(0, i - 1 - (i % 7)), 1 + (i % 4), i % 3]);
    const t = tree(nodes);
    for (const only of [-1, 2]) {
      const whole = edgesFromTree(t, 5, only);
      for (const n of [1, 7, 64, 499, 10_000]) {
        const steps = edgesFromTreeInSteps(t, 5, only);
        let g = steps.step(n), calls = 1;
        while (!g) {
          g = steps.step(n);
          calls++;
        }
        expect(g).toEqual(whole);
        expect(calls).toBe(Math.max(1, Math.ceil(499 / n)));
      }
    }
  });
});
