import { describe, expect, it } from 'vitest';
import { TreeBuilder, subtreeSizes } from './grow';
import { largestNodeOf, pathToNode, visibleSubtree } from './visible';

// root(0) 100 -> a(1) 60 -> b(2) 59.95, c(3) 0.05 ; root -> d(4) 40
function sample() {
  const b = new TreeBuilder();
  const root = b.push(-1, 0, 0);
  const a = b.push(root, 1, 0);
  b.push(a, 2, 59.95);
  b.push(a, 3, 0.05);
  b.push(root, 4, 40);
  return b.finish();
}

describe('visibleSubtree', () => {
  it('hides nodes under the cut-off and counts them', () => {
    const tree = sample();
    const v = visibleSubtree(tree, subtreeSizes(tree), 0, 10, 0.001);
    expect([...v.nodes]).toEqual([0, 1, 4, 2]);
    expect(v.hiddenNodes).toBe(1);
    expect(v.hiddenWeight).toBeCloseTo(0.05);
    expect(tree.total[0]).toBeCloseTo(100);
  });

  it('stops at the depth limit', () => {
    const tree = sample();
    const v = visibleSubtree(tree, subtreeSizes(tree), 0, 1, 0);
    expect([...v.nodes]).toEqual([0, 1, 4]);
    expect(v.hiddenNodes).toBe(2);
  });

  it('walks a 100 000 deep chain without recursion', () => {
    const b = new TreeBuilder();
    let parent = -1;
    for (let i = 0; i < 100_000; i++) parent = b.push(parent, i, i === 99_999 ? 1 : 0);
    const tree = b.finish();
    const v = visibleSubtree(tree, subtreeSizes(tree), 0, 1_000_000, 0, { maxNodes: 200_000 });
    expect(v.count).toBe(100_000);
    expect(pathToNode(tree, 99_999)).toHaveLength(100_000);
  });

  it('counts what each limit hides: small, deep and over the cap', () => {
    const tree = sample();
    const sizes = subtreeSizes(tree);
    // depth 1: a and d drawn; b and c (both under a) are deep, weight a.total - a.self = 60
    const deep = visibleSubtree(tree, sizes, 0, 1, 0);
    expect([deep.deepNodes, deep.deepWeight, deep.smallNodes]).toEqual([2, 60, 0]);
    // a cap of 2 nodes: the root and a; d (40) then b (59.95) and c (0.05) are over the cap
    const capped = visibleSubtree(tree, sizes, 0, 10, 0, { maxNodes: 2 });
    expect([...capped.nodes]).toEqual([0, 1]);
    expect(capped.cappedNodes).toBe(3);
    expect(capped.cappedWeight).toBeCloseTo(100);
  });

  it('hides children narrower than half a pixel before layout', () => {
    const tree = sample();
    // 1 000 px for 100: half a pixel is 0.05, so c (0.05) stays, and 0.04 would not
    const wide = visibleSubtree(tree, subtreeSizes(tree), 0, 10, 0, { pixels: 1000 });
    expect(wide.count).toBe(5);
    // 100 px: half a pixel is 0.5 of weight, c (0.05) is hidden as small
    const narrow = visibleSubtree(tree, subtreeSizes(tree), 0, 10, 0, { pixels: 100 });
    expect([...narrow.nodes]).toEqual([0, 1, 4, 2]);
    expect(narrow.smallNodes).toBe(1);
    expect(narrow.smallWeight).toBeCloseTo(0.05);
  });

  it('finds the largest node of a function', () => {
    const b = new TreeBuilder();
    const root = b.push(-1, 0, 0);
    b.push(root, 1, 2);
    const x = b.push(root, 2, 0);
    b.push(x, 1, 5);
    const tree = b.finish();
    expect(largestNodeOf(tree, 1)).toBe(3);
    expect(largestNodeOf(tree, 7)).toBe(-1);
  });
});
