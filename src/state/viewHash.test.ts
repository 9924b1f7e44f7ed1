import { describe, expect, it } from 'vitest';
import { TreeBuilder, subtreeSizes } from '../core/tree/grow';
import { framePath, nodeAtFramePath } from '../core/tree/framePath';
import { readHash, writeHash } from './viewHash';

describe('the view in the address', () => {
  it('reads back what it writes', () => {
    const state = {
      urls: ['https://example.org/a b.prof', 'http://127.0.0.1:8000/x.cpuprofile?x=1&y=2'],
      title: 'two files',
      view: { chart: 'icicle' as const, zoomPath: [0, 4, 2], fn: 2, sort: 'cumtime' as const, reversed: true, search: '/^get.*$/', profile: 1 },
    };
    expect(readHash(writeHash(state))).toEqual(state);
  });

  it('keeps the timeline and its selected time range, and refuses a reversed or malformed range', () => {
    const state = { urls: ['a.cpuprofile'], view: { chart: 'timeline' as const, range: { start: 1250.5, end: 990000 } } };
    expect(writeHash(state)).toBe('#url=a.cpuprofile&chart=timeline&range=1250.5-990000');
    expect(readHash(writeHash(state))).toEqual(state);
    expect(readHash('#url=a&range=50-10').view.range).toBeUndefined();
    expect(readHash('#url=a&range=-5-10').view.range).toBeUndefined();
    expect(readHash('#url=a&range=1-2-3').view.range).toBeUndefined();
  });

  it('reads back groups: a comparison (#url=NEW&base=BASE, each repeatable) and a merge', () => {
    const compare = { urls: ['/n1.prof', '/n2.prof'], base: ['/b1.prof', '/b 2.prof'], view: {} };
    expect(readHash(writeHash(compare))).toEqual(compare);
    const merged = { urls: ['/a.prof', '/b.prof'], merge: true, view: {} };
    expect(readHash(writeHash(merged))).toEqual(merged);
    expect(readHash('#url=a&url=b&merge').merge).toBe(true);
    expect(readHash('#url=a&url=b').merge).toBeUndefined();
  });

  it('keeps the pseudo-frames set aside in the address', () => {
    expect(writeHash({ urls: ['a.json'], view: { hideIdle: true, hideGc: true } })).toBe('#url=a.json&hide=idle%2Cgc');
    expect(readHash('#url=a.json&hide=idle').view).toEqual({ hideIdle: true });
    expect(readHash('#url=a.json&hide=idle,gc').view).toEqual({ hideIdle: true, hideGc: true });
  });

  it('leaves the default sort, tottime, out of the address', () => {
    expect(writeHash({ urls: ['a.prof'], view: { sort: 'tottime' } })).toBe('#url=a.prof');
    expect(readHash('#url=a.prof&sort=cumulative').view.sort).toBe('cumtime');
  });

  it('takes speedscope links and ignores junk', () => {
    const s = readHash('#profileURL=https%3A%2F%2Fx.org%2Fp.json&zoom=a.-1.3&fn=-2&sort=bogus&chart=pie');
    expect(s.urls).toEqual(['https://x.org/p.json']);
    expect(s.view).toEqual({ zoomPath: [3] });
  });

  it('finds a node by its frame path, or the deepest that still exists', () => {
    // root(f0) -> a(f1) -> b(f2); root -> c(f3) -> b(f2)
    const t = new TreeBuilder();
    const root = t.push(-1, 0, 0);
    const a = t.push(root, 1, 1);
    const b = t.push(a, 2, 1);
    const c = t.push(root, 3, 1);
    const b2 = t.push(c, 2, 1);
    const tree = t.finish();
    const sizes = subtreeSizes(tree);
    expect(framePath(tree, b2)).toEqual([0, 3, 2]);
    expect(nodeAtFramePath(tree, sizes, [0, 3, 2])).toBe(b2);
    expect(nodeAtFramePath(tree, sizes, [0, 1, 2])).toBe(b);
    expect(nodeAtFramePath(tree, sizes, [0, 1, 9])).toBe(a);
    expect(nodeAtFramePath(tree, sizes, [])).toBe(root);
  });
});
