import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes, readJson } from '../../../test/support/corpus';
import type { PstatsOracle } from '../../../test/support/pstatsOracle';
import { importProfiles } from '../io/import';
import { importCallgrind } from '../formats/callgrind/callgrind';
import { importPstats } from '../formats/pstats/pstats';
import { mergeProfiles } from '../merge';
import type { CallGraph, CallTree, Profile } from '../model';
import { addEntryRoots } from './entryPoints';
import { countEstimated } from './estimated';
import { treeFromGraph } from './fromGraph';
import { invertTree } from './invert';

// Which nodes of a tree rebuilt from a call graph are estimates (core/tree/estimated.ts), on call
// graphs whose shape says the answer, and on real .prof files against Python's pstats.

/** A graph over frames 1..n (0 is the root frame): edges [caller, callee, inclusive cost]. */
function graphOf(edges: [number, number, number][]): CallGraph {
  return {
    size: edges.length,
    caller: Int32Array.from(edges, (e) => e[0]),
    callee: Int32Array.from(edges, (e) => e[1]),
    ncalls: new Float64Array(edges.length),
    primcalls: null,
    self: null,
    total: Float64Array.from(edges, (e) => e[2]),
  };
}

function build(edges: [number, number, number][], inclusive: number[], roots: number[], rootWeights: number[], total: number, minWeight = 0): CallTree {
  return treeFromGraph({ graph: graphOf(edges), frameCount: inclusive.length, inclusive: Float64Array.from(inclusive), roots, rootWeights, rootFrame: 0, total, minWeight });
}

/** "frame/frame/frame" of every node, with its flag, for readable expectations */
function flagsByPath(tree: CallTree): Map<string, number[]> {
  const path: string[] = [];
  const out = new Map<string, number[]>();
  for (let i = 1; i < tree.size; i++) {
    let name = String(tree.frame[i]);
    for (let n = tree.parent[i]; n > 0; n = tree.parent[n]) name = `${tree.frame[n]}/${name}`;
    path.push(name);
    out.set(name, [...(out.get(name) ?? []), tree.estimated![i]]);
  }
  return out;
}

describe('estimated nodes of a tree rebuilt from a call graph', () => {
  it('marks nothing along a chain where every function has one caller', () => {
    // main(1) -> a(2) -> b(3), main -> c(4)
    const tree = build([[1, 2, 8], [2, 3, 5], [1, 4, 1]], [0, 10, 8, 5, 1], [1], [10], 10);
    expect(tree.size).toBe(5);
    expect(countEstimated(tree)).toBe(0);
    expect(Object.fromEntries(flagsByPath(tree))).toEqual({ '1': [0], '1/2': [0], '1/2/3': [0], '1/4': [0] });
  });

  it('marks both nodes of a function with two callers, and everything under them', () => {
    // main(1) -> a(2), b(3); a -> f(4), b -> f; f -> g(5). a and b stay exact: their weights are recorded
    const tree = build([[1, 2, 6], [1, 3, 4], [2, 4, 3], [3, 4, 1], [4, 5, 2]], [0, 10, 6, 4, 4, 2], [1], [10], 10);
    expect(Object.fromEntries(flagsByPath(tree))).toEqual({
      '1': [0], '1/2': [0], '1/3': [0],
      '1/2/4': [1], '1/2/4/5': [1], '1/3/4': [1], '1/3/4/5': [1],
    });
    // why: g's 2 is split between the two paths by f's callers (3 : 1), which no file recorded
    const g = [...tree.frame.keys()].filter((i) => tree.frame[i] === 5).map((i) => tree.total[i]).sort();
    expect(g).toEqual([0.5, 1.5]);
  });

  it('marks a recursive function, its recursion leaf and what it calls; its caller stays exact', () => {
    // main(1) -> fib(2), fib -> fib (recursion), fib -> leaf(3)
    const direct = build([[1, 2, 10], [2, 2, 7], [2, 3, 2]], [0, 10, 10, 2], [1], [10], 10);
    expect(Object.fromEntries(flagsByPath(direct))).toEqual({ '1': [0], '1/2': [1], '1/2/2': [1], '1/2/3': [1] });
    expect(direct.recursion![direct.frame.indexOf(2, 3)]).toBe(1); // the second fib is the recursion leaf

    // main(1) -> a(2) -> b(3) -> a, b -> c(4): a has two callers (main and b)
    const mutual = build([[1, 2, 10], [2, 3, 6], [3, 2, 4], [3, 4, 1]], [0, 10, 10, 6, 1], [1], [10], 10);
    expect(Object.fromEntries(flagsByPath(mutual))).toEqual({ '1': [0], '1/2': [1], '1/2/3': [1], '1/2/3/2': [1], '1/2/3/4': [1] });
  });

  it('marks everything of a graph without entry points: the added root is a guess', () => {
    // a(1) <-> b(2), b -> c(3): nobody calls in, so entryPoints.ts adds a root for the cycle
    const graph = graphOf([[1, 2, 6], [2, 1, 3], [2, 3, 2]]);
    const inclusive = Float64Array.from([0, 8, 6, 2]);
    const self = Float64Array.from([0, 2, 1, 2]);
    const roots: number[] = [], rootWeights: number[] = [];
    expect(addEntryRoots(graph, 4, inclusive, self, 5, roots, rootWeights)).toBe(1);
    const tree = treeFromGraph({ graph, frameCount: 4, inclusive, roots, rootWeights, rootFrame: 0, total: 5, minWeight: 0 });
    expect(tree.size).toBeGreaterThan(3);
    expect(countEstimated(tree)).toBe(tree.size - 1); // all but the root
    expect(tree.estimated![0]).toBe(0);
  });

  it('marks a function called both from outside the profile and from inside it', () => {
    // pstats' roots: f(2) is called by main(1) and from outside the profiled code
    const tree = build([[1, 2, 3], [2, 3, 1]], [0, 10, 5, 1], [1, 2], [10, 2], 12);
    expect(Object.fromEntries(flagsByPath(tree))).toEqual({ '1': [0], '1/2': [1], '1/2/3': [1], '2': [1], '2/3': [1] });
  });

  it('marks children scaled down to fit their parent, but not a sum off by rounding alone', () => {
    // a's edges record 16 of its 10 (cProfile counts recursive time twice): b and c are scaled to fit
    const scaled = build([[1, 2, 10], [2, 3, 8], [2, 4, 8]], [0, 10, 10, 8, 8], [1], [10], 10);
    expect(Object.fromEntries(flagsByPath(scaled))).toEqual({ '1': [0], '1/2': [0], '1/2/3': [1], '1/2/4': [1] });
    const rounding = build([[1, 2, 0.6], [2, 3, 0.1], [2, 4, 0.2], [2, 5, 0.3]], [0, 0.6, 0.6, 0.1, 0.2, 0.3], [1], [0.6], 0.6);
    expect(0.1 + 0.2 + 0.3).toBeGreaterThan(0.6); // the sum exceeds the parent by an ulp
    expect(countEstimated(rounding)).toBe(0);
    // roots weighing more than the total are scaled to it: all of them are estimates
    const roots = build([[1, 2, 3]], [0, 10, 3, 5], [1, 3], [10, 5], 12);
    expect(countEstimated(roots)).toBe(roots.size - 1);
  });

  it('marks a node that is not the whole of its function, and what it gives its callees', () => {
    // a(2) has one caller, but the edge records 8 of a's 10 (as after a merge on the graph, whose
    // new edges are estimates): a's node is the edge's 8, its self and b's node shares of it
    const tree = build([[1, 2, 8], [2, 3, 5]], [0, 10, 10, 5], [1], [10], 10);
    expect(Object.fromEntries(flagsByPath(tree))).toEqual({ '1': [0], '1/2': [1], '1/2/3': [1] });
    expect(tree.total[tree.frame.indexOf(3)]).toBe(4);
  });

  it('reads the callers from the graph, not the tree: a caller under the cut-off still shares', () => {
    // main(1) -> a(2) -> f(4) and main -> x(3) -> f, with x far under the cut-off: f has one
    // node, but its weight is still a's share of f, and a zoom that builds x's node must agree
    const edges: [number, number, number][] = [[1, 2, 9], [1, 3, 1e-6], [2, 4, 5], [3, 4, 1e-7], [4, 5, 2]];
    const inclusive = [0, 10, 9, 1e-6, 5 + 1e-7, 2];
    const coarse = build(edges, inclusive, [1], [10], 10, 1e-3);
    expect(Object.fromEntries(flagsByPath(coarse))).toEqual({ '1': [0], '1/2': [0], '1/2/4': [1], '1/2/4/5': [1] });
    const fine = build(edges, inclusive, [1], [10], 10, 0);
    expect(flagsByPath(fine).get('1/2/4')).toEqual([1]);
    expect(flagsByPath(fine).get('1/3/4')).toEqual([1]);
  });
});

describe('estimated nodes on real .prof files, against pstats', () => {
  const key = (f: { file: string; line: number; name: string }) => `${f.file}\u0000${f.line}\u0000${f.name}`;
  const requests = readdirSync(join(CORPUS, 'requests')).sort().map((f) => importPstats(readBytes(join(CORPUS, 'requests', f)), { name: f }));
  const cases: [string, Profile, PstatsOracle][] = [
    ...['python/small.prof', 'python/medium.prof', 'python/large.prof', 'yappi/work.prof'].map((f): [string, Profile, PstatsOracle] => [
      f, importPstats(readBytes(join(CORPUS, f))), readJson<PstatsOracle>(join(CORPUS, `${f}.pstats.json`)),
    ]),
    ['requests/ merged', mergeProfiles(requests), readJson<PstatsOracle>(join(CORPUS, 'requests.merged.pstats.json'))],
  ];

  it.each(cases)('%s: a function pstats lists two callers for is estimated in every node of it and under it', (_name, p, oracle) => {
    const callers = new Map(oracle.functions.map((fn) => [key(fn), fn.callers.length]));
    const { tree, frames } = p;
    // preorder: a parent's verdict is known before its children's
    const must = new Uint8Array(tree.size);
    let marked = 0;
    for (let i = 1; i < tree.size; i++) {
      const n = callers.get(key(frames[tree.frame[i]]));
      expect(n, frames[tree.frame[i]].name).toBeDefined();
      // at the top, being there is a caller already (a call from outside the profile)
      const sources = n! + (tree.parent[i] === 0 ? 1 : 0);
      must[i] = must[tree.parent[i]] || sources >= 2 ? 1 : 0;
      if (must[i]) {
        expect(tree.estimated![i], frames[tree.frame[i]].name).toBe(1);
        marked++;
      }
    }
    expect(marked).toBeGreaterThan(0);
  });

  it.each(cases)('%s: a node not marked shows the file\'s own cumtime for its function', (_name, p, oracle) => {
    const cumtime = new Map(oracle.functions.map((fn) => [key(fn), fn.cumtime]));
    const { tree, frames } = p;
    for (let i = 1; i < tree.size; i++) {
      if (tree.estimated![i]) continue;
      const want = cumtime.get(key(frames[tree.frame[i]]))!;
      expect(Math.abs(tree.total[i] - want), frames[tree.frame[i]].name).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    }
  });

  it.each(corpusFiles('callgrind', '.callgrind'))('%s: a node not marked shows callgrind_annotate\'s inclusive cost for its function', (file) => {
    const oracle = readJson<{ inclusive: Record<string, number> }>(`${file}.annotate.json`);
    const p = importCallgrind(readBytes(file));
    const { tree, frames } = p;
    let compared = 0;
    for (let i = 1; i < tree.size; i++) {
      if (tree.estimated![i]) continue;
      const want = oracle.inclusive[`${frames[tree.frame[i]].file}:${frames[tree.frame[i]].name}`];
      if (want === undefined) continue; // a function annotate files under another file (fi=/fe=)
      compared++;
      expect(Math.abs(tree.total[i] - want), frames[tree.frame[i]].name).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('finds exact nodes where the graph allows them (the merged requests profiles)', () => {
    const merged = cases[cases.length - 1][1];
    const exact = merged.tree.size - 1 - countEstimated(merged.tree);
    expect(exact).toBeGreaterThan(20);
  });
});

describe('trees of real stacks, and the bottom-up tree', () => {
  it('never gives a tree of real stacks any flags', () => {
    for (const file of ['cpuprofile/medium.cpuprofile', 'chrome/Chrome-65-sucrase.cpuprofile', 'collapsed/work.collapsed']) {
      for (const p of importProfiles(readBytes(join(CORPUS, file)))) {
        expect(p.tree.estimated).toBeUndefined();
        expect(invertTree(p.tree).estimated).toBeUndefined();
      }
    }
  });

  it('marks a bottom-up node when an estimated node\'s self time went through it', () => {
    // main(1) -> a(2) 6, main -> b(3) 4, a -> f(4) 3, b -> f 1, f -> g(5) 2: selves a 3, f 2, g 2
    const tree = build([[1, 2, 6], [1, 3, 4], [2, 4, 3], [3, 4, 1], [4, 5, 2]], [0, 10, 6, 4, 4, 2], [1], [10], 10);
    const up = invertTree(tree);
    const flags = flagsByPath(up);
    expect(flags.get('2')).toEqual([0]); // a's self: from its one exact node
    expect(flags.get('2/1')).toEqual([0]);
    expect(flags.get('4')).toEqual([1]); // f's self: shared between a and b
    expect(flags.get('4/2')).toEqual([1]);
    expect(flags.get('5/4/3/1')).toEqual([1]);
    expect(up.estimated![0]).toBe(0);
  });
});
