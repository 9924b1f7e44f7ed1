import { describe, expect, it } from 'vitest';
import type { Frame } from '../model';
import { subtreeSizes, TreeBuilder } from './grow';
import { hasPseudoFrames, setAsideFrames, totalWithout } from './setAside';
import { visibleSubtree } from './visible';

// (root) -> (idle) 60, (program) 5, (garbage collector) 10, main 25 -> work 20
const frames: Frame[] = ['(root)', '(idle)', '(program)', '(garbage collector)', 'main', 'work'].map((name) => ({ name, file: name.startsWith('(') ? '' : 'app.js', line: 0, column: 0 }));
function sample() {
  const b = new TreeBuilder();
  const root = b.push(-1, 0, 0);
  b.push(root, 1, 60);
  b.push(root, 2, 5);
  b.push(root, 3, 10);
  const main = b.push(root, 4, 5);
  b.push(main, 5, 20);
  return b.finish();
}
const functions = { ncalls: null, primcalls: null, self: Float64Array.from([0, 60, 5, 10, 5, 20]), total: Float64Array.from([100, 60, 5, 10, 25, 20]) };

describe('setting (idle), (program) and (garbage collector) aside', () => {
  it('picks the pseudo-frames by name, GC only when asked', () => {
    expect(hasPseudoFrames(frames)).toBe(true);
    expect(setAsideFrames(frames, false, false)).toBeNull();
    expect([...setAsideFrames(frames, true, false)!]).toEqual([0, 1, 1, 0, 0, 0]);
    expect([...setAsideFrames(frames, true, true)!]).toEqual([0, 1, 1, 1, 0, 0]);
    // a real function called "(idle)" in a file is not V8's
    expect(setAsideFrames([{ name: '(idle)', file: 'x.js', line: 1, column: 0 }], true, true)).toBeNull();
  });

  it('leaves them out of the chart and rescales the total the shares are of, naming them', () => {
    const tree = sample();
    const aside = setAsideFrames(frames, true, false);
    const v = visibleSubtree(tree, subtreeSizes(tree), 0, 10, 0, { setAside: aside });
    expect([...v.nodes].map((n) => frames[tree.frame[n]].name)).toEqual(['(root)', '(garbage collector)', 'main', 'work']);
    expect(v.asideWeight).toBe(65);
    expect(v.asideNodes).toBe(2);
    const t = totalWithout(100, functions, frames, aside);
    expect(t).toEqual({ total: 35, names: ['(idle)', '(program)'], weight: 65 });
    // main is 25 of the 35 left: 71%, where it was 25% with (idle) in
    expect(functions.total[4] / t.total).toBeCloseTo(25 / 35);
  });
});
