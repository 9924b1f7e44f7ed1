import { describe, expect, it } from 'vitest';
import { TreeBuilder } from '../tree/grow';
import { edgesFromTree } from './callEdges';

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
});
