import { describe, expect, it } from 'vitest';
import { TreeBuilder, subtreeSizes } from './grow';
import { pathToNode, visibleSubtree } from './visible';

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
    const v = visibleSubtree(tree, subtreeSizes(tree), 0, 1_000_000, 0);
    expect(v.count).toBe(100_000);
    expect(pathToNode(tree, 99_999)).toHaveLength(100_000);
  });
});
