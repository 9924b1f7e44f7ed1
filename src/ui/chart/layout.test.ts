import { describe, expect, it } from 'vitest';
import { TreeBuilder, subtreeSizes } from '../../core/tree/grow';
import { visibleSubtree } from '../../core/tree/visible';
import { moveFocus } from './keyboard';
import { hitTest, layoutVisible, siblingOf } from './layout';
import { viewAt, zoomTransition } from './transition';

// root 10 -> a 6 (-> c 4, d 2), b 4 ; frames: root 0, a 1, b 2, c 3, d 1 (d is a again)
function sample() {
  const t = new TreeBuilder();
  const root = t.push(-1, 0, 0);
  const a = t.push(root, 1, 0);
  t.push(a, 3, 4);
  t.push(a, 1, 2);
  t.push(root, 2, 4);
  return t.finish();
}

function layoutAt(zoom: number) {
  const tree = sample();
  const sizes = subtreeSizes(tree);
  return { tree, sizes, layout: layoutVisible(tree, visibleSubtree(tree, sizes, zoom, 10, 0)) };
}

describe('chart layout', () => {
  it('lays out breadth-first, widest child first, as shares of the zoomed total', () => {
    const { layout } = layoutAt(0);
    // tree nodes: 0 root, 1 a, 2 c, 3 d, 4 b
    expect([...layout.node]).toEqual([0, 1, 4, 2, 3]);
    const round = (xs: Float64Array) => [...xs].map((x) => +x.toFixed(9));
    expect(round(layout.x0)).toEqual([0, 0, 0.6, 0, 0.4]);
    expect(round(layout.x1)).toEqual([1, 0.6, 1, 0.4, 0.6]);
    expect([...layout.levelStart]).toEqual([0, 1, 3, 5]);
    expect([...layout.byFrame.get(1)!]).toEqual([1, 4]);
  });

  it('hit-tests by level and share with a binary search', () => {
    const { layout } = layoutAt(0);
    expect(hitTest(layout, 0.5, 0)).toBe(0);
    expect(hitTest(layout, 0.59, 1)).toBe(1);
    expect(hitTest(layout, 0.61, 1)).toBe(2);
    expect(hitTest(layout, 0.45, 2)).toBe(4);
    expect(hitTest(layout, 0.7, 2)).toBe(-1); // b has no children: empty
    expect(hitTest(layout, 0.5, 3)).toBe(-1);
  });

  it('moves a keyboard focus to parent, first child and siblings', () => {
    const { layout } = layoutAt(0);
    expect(moveFocus(layout, 0, 'ArrowDown')).toBe(1);
    expect(moveFocus(layout, 1, 'ArrowRight')).toBe(2);
    expect(moveFocus(layout, 2, 'ArrowRight')).toBe(-1);
    expect(moveFocus(layout, 2, 'ArrowLeft')).toBe(1);
    expect(moveFocus(layout, 3, 'ArrowRight')).toBe(4);
    expect(moveFocus(layout, 4, 'ArrowUp')).toBe(1);
    expect(moveFocus(layout, 0, 'ArrowUp')).toBe(-1);
    expect(siblingOf(layout, 1, -1)).toBe(-1);
  });

  it('starts a zoom-in from where the node was and a zoom-out from where the old root is', () => {
    const before = layoutAt(0), after = layoutAt(1);
    // a spanned 0..0.6 on level 1: the new layout starts squeezed into that span, one level out
    const zin = zoomTransition(before.sizes, { layout: before.layout, zoom: 0 }, { layout: after.layout, zoom: 1 })!;
    expect([zin.k, zin.o, zin.dd]).toEqual([expect.closeTo(0.6, 9), 0, 1]);
    // and back: the old root a is 0..0.6 at level 1 of the new layout, stretched to fill
    const out = zoomTransition(before.sizes, { layout: after.layout, zoom: 1 }, { layout: before.layout, zoom: 0 })!;
    expect(out.k).toBeCloseTo(1 / 0.6);
    expect(out.o).toBeCloseTo(0);
    expect(out.dd).toBe(-1);
    // unrelated nodes (siblings) do not animate
    const b = layoutAt(4);
    expect(zoomTransition(before.sizes, { layout: after.layout, zoom: 1 }, { layout: b.layout, zoom: 4 })).toBeNull();
    expect(viewAt({ k: 0.6, o: 0.2, dd: 1 }, 1)).toEqual({ k: 1, o: 0, dd: 0 });
    expect(viewAt({ k: 0.6, o: 0.2, dd: 1 }, 0)).toEqual({ k: 0.6, o: 0.2, dd: 1 });
  });
});
