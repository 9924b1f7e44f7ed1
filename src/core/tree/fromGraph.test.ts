import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../test/support/corpus';
import { importCallgrind } from '../formats/callgrind/callgrind';
import { importPstats } from '../formats/pstats/pstats';
import type { CallGraph, CallTree, Profile } from '../model';
import { framePath, nodeAtFramePath } from './framePath';
import { GRAPH_TREE_CUTOFF, subtreeFromGraph, treeFromGraph } from './fromGraph';
import { topFrames } from './estimated';
import { subtreeSizes } from './grow';
import { afterSplice, cutoffAt, refinementFor, wholeTreeResolution } from './resolution';
import { spliceSubtree } from './splice';

/**
 * A random call graph whose edges never record more than their caller's inclusive cost (no
 * recursion counted twice), with back edges that make cycles: then nothing is scaled, and a
 * subtree rebuilt at a finer cut-off must be exactly what a whole build at that cut-off holds.
 */
function randomGraph(seed: number, frames: number, edgesPerFrame: number) {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const caller: number[] = [], callee: number[] = [], total: number[] = [];
  const inclusive = new Float64Array(frames);
  for (let f = frames - 1; f >= 0; f--) {
    const self = random() * 10;
    let sum = 0;
    for (let k = 0; k < edgesPerFrame; k++) {
      // mostly down (f -> a later frame), sometimes back up: a cycle
      const c = random() < 0.9 && f + 1 < frames ? f + 1 + Math.floor(random() * (frames - f - 1)) : Math.floor(random() * frames);
      if (c === f || caller.some((x, i) => x === f && callee[i] === c)) continue;
      const w = c > f ? inclusive[c] * random() : random() * 5;
      caller.push(f); callee.push(c); total.push(w); sum += w;
    }
    inclusive[f] = self + sum;
  }
  const graph: CallGraph = {
    size: caller.length, caller: Int32Array.from(caller), callee: Int32Array.from(callee),
    ncalls: new Float64Array(caller.length), primcalls: null, self: null, total: Float64Array.from(total),
  };
  return { graph, inclusive, frameCount: frames };
}

/** node n's subtree as (parent relative to n, frame, self) rows */
function subtreeRows(tree: CallTree, sizes: Int32Array, n: number): [number, number, number][] {
  const rows: [number, number, number][] = [];
  for (let i = n; i < n + sizes[n]; i++) rows.push([i === n ? -1 : tree.parent[i] - n, tree.frame[i], tree.self[i]]);
  return rows;
}

function expectClose(a: [number, number, number][], b: [number, number, number][]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(a[i][0]).toBe(b[i][0]);
    expect(a[i][1]).toBe(b[i][1]);
    expect(Math.abs(a[i][2] - b[i][2])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[i][2])));
  }
}

/** the checks every spliced tree must pass: preorder, sizes, totals that add up */
function expectWellFormed(tree: CallTree): void {
  const sizes = subtreeSizes(tree);
  expect(sizes[0]).toBe(tree.size);
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent[i];
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(i);
    expect(i + sizes[i]).toBeLessThanOrEqual(p + sizes[p]);
  }
  const kidSum = new Float64Array(tree.size);
  for (let i = 1; i < tree.size; i++) kidSum[tree.parent[i]] += tree.total[i];
  for (let i = 0; i < tree.size; i++) {
    expect(Math.abs(tree.self[i] + kidSum[i] - tree.total[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, tree.total[i]));
  }
}

describe('subtreeFromGraph', () => {
  it('rebuilds a subtree as a whole build with the finer cut-off has it', () => {
    for (const seed of [1, 2, 3]) {
      const { graph, inclusive, frameCount } = randomGraph(seed, 60, 4);
      const whole = (minWeight: number) => treeFromGraph({ graph, frameCount, inclusive, roots: [0], rootWeights: [inclusive[0]], rootFrame: 0, total: inclusive[0], minWeight });
      const coarse = whole(inclusive[0] * 1e-2);
      const fine = whole(inclusive[0] * 1e-5);
      expect(fine.size).toBeGreaterThan(coarse.size * 2); // the cut-off does cut
      const coarseSizes = subtreeSizes(coarse), fineSizes = subtreeSizes(fine);
      let checked = 0;
      for (let n = 1; n < coarse.size; n += 7) {
        if (coarse.recursion![n]) continue; // a recursion leaf is never rebuilt (state/refine.ts)
        const path = framePath(coarse, n);
        const sub = subtreeFromGraph({ graph, frameCount, inclusive, frame: coarse.frame[n], weight: coarse.total[n], ancestors: path.slice(1, -1), tops: topFrames(coarse), estimated: coarse.estimated![n] === 1, minWeight: inclusive[0] * 1e-5 });
        expect(sub.total[0]).toBeCloseTo(coarse.total[n], 9);
        const m = nodeAtFramePath(fine, fineSizes, path);
        expect(framePath(fine, m)).toEqual(path); // the finer tree has the node too
        expectClose(subtreeRows(sub, subtreeSizes(sub), 0), subtreeRows(fine, fineSizes, m));
        // and the same estimate flags, node for node
        expect([...sub.estimated!]).toEqual([...fine.estimated!.subarray(m, m + fineSizes[m])]);
        // spliced in, the coarse tree holds the fine subtree there and keeps everything else
        const spliced = spliceSubtree(coarse, coarseSizes, n, sub);
        expectWellFormed(spliced);
        const splicedSizes = subtreeSizes(spliced);
        expect(spliced.frame[n]).toBe(coarse.frame[n]);
        expectClose(subtreeRows(spliced, splicedSizes, n), subtreeRows(fine, fineSizes, m));
        expect([...spliced.estimated!.subarray(n, n + splicedSizes[n])]).toEqual([...fine.estimated!.subarray(m, m + fineSizes[m])]);
        const delta = sub.size - coarseSizes[n];
        for (let i = 0; i < coarse.size; i++) {
          if (i >= n && i < n + coarseSizes[n]) continue;
          const j = i < n ? i : i + delta;
          expect(spliced.frame[j]).toBe(coarse.frame[i]);
          expect(spliced.total[j]).toBe(coarse.total[i]);
          expect(spliced.estimated![j]).toBe(coarse.estimated![i]);
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(3);
    }
  });

  it('keeps every total when refining a real profile with recursion (valgrind callgrind, cProfile)', () => {
    const profiles: Profile[] = [
      importCallgrind(readFileSync(join(CORPUS, 'callgrind/default.callgrind'))),
      importPstats(readFileSync(join(CORPUS, 'python/large.prof'))),
    ];
    for (const p of profiles) {
      const cut = p.graphTree!;
      expect(cut.minWeight).toBeCloseTo(Math.abs(p.total) * GRAPH_TREE_CUTOFF, 12);
      const sizes = subtreeSizes(p.tree);
      let refined = 0;
      let resolution = wholeTreeResolution(p.tree.size, cut.minWeight);
      let tree: typeof p.tree;
      for (let n = 1; n < p.tree.size && refined < 5; n++) {
        const minWeight = refinementFor(resolution, n, p.tree.total[n]);
        if (minWeight === 0 || sizes[n] < 2) continue;
        const sub = subtreeFromGraph({ graph: p.graph!, frameCount: p.frames.length, inclusive: cut.inclusive, frame: p.tree.frame[n], weight: p.tree.total[n], ancestors: framePath(p.tree, n).slice(1, -1), tops: topFrames(p.tree), estimated: p.tree.estimated![n] === 1, minWeight });
        expect(sub.size).toBeGreaterThanOrEqual(sizes[n]);
        expect(Math.abs(sub.total[0] - p.tree.total[n])).toBeLessThanOrEqual(1e-9 * p.tree.total[n]);
        tree = spliceSubtree(p.tree, sizes, n, sub);
        expectWellFormed(tree);
        expect(tree.total[0]).toBe(p.tree.total[0]);
        resolution = afterSplice(wholeTreeResolution(p.tree.size, cut.minWeight), n, sizes[n], sub.size, minWeight);
        expect(cutoffAt(resolution, n)).toBe(minWeight);
        expect(refinementFor(resolution, n, tree.total[n])).toBe(0); // refined once is enough
        refined++;
      }
      expect(refined).toBeGreaterThan(0);
    }
  });
});

describe('tree resolution', () => {
  it('follows splices: ranges before stay, ranges after move, ranges inside go', () => {
    let r = wholeTreeResolution(100, 1);
    r = afterSplice(r, 10, 20, 50, 0.1); // [10, 30) became [10, 60)
    r = afterSplice(r, 70, 5, 8, 0.1); // after it
    r = afterSplice(r, 20, 3, 13, 0.01); // inside the first
    expect(r.end[0]).toBe(100 + 30 + 3 + 10);
    expect(cutoffAt(r, 5)).toBe(1);
    expect(cutoffAt(r, 15)).toBe(0.1);
    expect(cutoffAt(r, 25)).toBe(0.01);
    expect(cutoffAt(r, 85)).toBe(0.1); // the second refined range, [70, 78) moved by 10
    expect(cutoffAt(r, 200)).toBe(Infinity);
    // refining a range's root again replaces the range inside it
    r = afterSplice(r, 10, 60, 70, 0.001);
    expect(r.start.filter((s) => s === 20)).toHaveLength(0);
    expect(cutoffAt(r, 25)).toBe(0.001);
  });

  it('asks for a finer build only for nodes small against the cut-off', () => {
    const r = wholeTreeResolution(10, 1e-5 * 1000);
    expect(refinementFor(r, 3, 1000)).toBe(0); // the root's own resolution
    expect(refinementFor(r, 3, 200)).toBe(0); // a fifth of the total: the chart cannot tell
    expect(refinementFor(r, 3, 50)).toBeCloseTo(50 * GRAPH_TREE_CUTOFF, 15);
  });
});
