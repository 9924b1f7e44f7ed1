import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../test/support/corpus';
import type { Profile } from '../core/model';
import { importProfile } from '../core/io/import';
import { framePath, nodeAtFramePath } from '../core/tree/framePath';
import { subtreeSizes } from '../core/tree/grow';
import { addressOf, hashViewOf, keyedHashViewOf, resolveFrameKeys, viewStateOf, type AddressedView } from './addressView';
import { frameKey, readHash, writeHash } from './viewHash';

// The view through the address and back (issue 13, item 4), on real profiles: what the page writes
// when the view changes, and what it applies when a link is opened, field by field.

const medium = importProfile(readBytes(join(CORPUS, 'python/medium.prof')));
const DEFAULT: AddressedView = {
  chart: 'sunburst', zoom: 0, inverted: false, timeRange: null, selectedFrame: null,
  sort: 'tottime', reversed: false, search: '', hideIdle: false, hideGc: false,
};
const shown = (p: Profile, hottest: number | null = null) => ({ tree: p.tree, sizes: subtreeSizes(p.tree), frameCount: p.frames.length, hottest: () => hottest });
const address = (v: AddressedView, urls = ['/p/medium.prof']) => writeHash(addressOf(urls, null, undefined, hashViewOf(v, medium.tree, 0, [])));

/** a node three or more deep that its frame path finds again (the first child with each frame) */
function deepNode(p: Profile): number {
  const s = subtreeSizes(p.tree);
  for (let n = p.tree.size - 1; n > 0; n--) {
    const path = framePath(p.tree, n);
    if (path.length >= 4 && nodeAtFramePath(p.tree, s, path) === n) return n;
  }
  throw new Error('no deep node');
}

describe('the view in the address, both ways', () => {
  it('writes each field as its own parameter, nothing for the defaults but the chart', () => {
    const node = deepNode(medium);
    const path = framePath(medium.tree, node).join('.');
    // the chart is always written: the reader's page may start in the other one (a stored preference)
    expect(address(DEFAULT)).toBe('#url=%2Fp%2Fmedium.prof&chart=sunburst');
    expect(address({ ...DEFAULT, chart: 'icicle' })).toBe('#url=%2Fp%2Fmedium.prof&chart=icicle');
    const cases: [Partial<AddressedView>, string][] = [
      [{ zoom: node }, `zoom=${path}`],
      [{ selectedFrame: 7 }, 'fn=7'],
      [{ sort: 'cumtime' }, 'sort=cumtime'],
      [{ reversed: true }, 'rev=1'],
      [{ search: 'fib' }, 'q=fib'],
      [{ hideIdle: true, hideGc: true }, 'hide=idle%2Cgc'],
      [{ inverted: true }, 'view=bottom-up'],
      [{ timeRange: { start: 5, end: 90.5 } }, 'range=5-90.5'],
    ];
    for (const [change, param] of cases) {
      expect(address({ ...DEFAULT, ...change })).toBe(`#url=%2Fp%2Fmedium.prof&chart=sunburst&${param}`);
    }
    // a zoom under a time range is the range's own tree: no zoom path is written
    expect(address({ ...DEFAULT, zoom: node, timeRange: { start: 1, end: 2 } })).not.toContain('zoom=');
  });

  it('opens a link on the same node, function, order and filters it was written from', () => {
    const node = deepNode(medium);
    const view: AddressedView = { ...DEFAULT, chart: 'icicle', zoom: node, selectedFrame: medium.tree.frame[node], sort: 'ncalls', reversed: true, search: '/^get/', hideGc: true };
    const read = readHash(address(view, ['https://example.org/a b.prof']));
    expect(read.urls).toEqual(['https://example.org/a b.prof']);
    expect(read.view.chart).toBe('icicle');
    const { chart: _c, inverted: _i, timeRange: _t, ...rest } = view;
    expect(viewStateOf(read.view, shown(medium), true)).toEqual(rest);
    // the bottom-up or a transformed tree is built in a worker: the zoom starts at the root then
    expect(viewStateOf(read.view, shown(medium), false).zoom).toBe(0);
  });

  it('selects the hot spot when the link names no function, and nothing when it names one the file lacks', () => {
    let asked = 0;
    const hot = { ...shown(medium), hottest: () => { asked++; return 3; } };
    expect(viewStateOf(readHash('#url=a.prof&fn=2').view, hot, true).selectedFrame).toBe(2);
    expect(asked).toBe(0);
    expect(viewStateOf(readHash('#url=a.prof').view, hot, true).selectedFrame).toBe(3);
    expect(viewStateOf(readHash(`#url=a.prof&fn=${medium.frames.length}`).view, hot, true).selectedFrame).toBeNull();
    // a zoom path the tree does not hold stops at the deepest node it reaches
    expect(viewStateOf(readHash(`#url=a.prof&zoom=${medium.tree.frame[0]}.999999`).view, hot, true).zoom).toBe(0);
  });

  it("reads speedscope's #profileURL= form with the page's defaults", () => {
    const read = readHash('#profileURL=https%3A%2F%2Fexample.org%2Fx.cpuprofile');
    expect(read.urls).toEqual(['https://example.org/x.cpuprofile']);
    expect(viewStateOf(read.view, shown(medium, 5), true)).toEqual({ zoom: 0, selectedFrame: 5, sort: 'tottime', reversed: false, search: '', hideIdle: false, hideGc: false });
  });

  it('keeps a group opened by a link (merge or comparison) as that link wrote it, else each opened URL once', () => {
    const view = hashViewOf(DEFAULT, medium.tree, 1, []);
    expect(addressOf(['/a.prof', null, '/a.prof', '/b.prof'], null, 't', view).urls).toEqual(['/a.prof', '/b.prof']);
    const group = addressOf([null], { urls: ['/n.prof'], base: ['/b.prof'], merge: false }, undefined, view);
    expect(readHash(writeHash(group))).toMatchObject({ urls: ['/n.prof'], base: ['/b.prof'], view: { profile: 1 } });
    const merged = addressOf([null], { urls: ['/x.prof', '/y.prof'], base: [], merge: true }, undefined, view);
    expect(writeHash(merged)).toMatch(/^#url=%2Fx\.prof&url=%2Fy\.prof&merge=1&/);
  });

  it('follows functions, not frame indexes, into another file of the same program (--watch rereads)', () => {
    // two requests of one bottle app: the same functions under other frame indexes
    const dir = join(CORPUS, 'requests');
    const files = readdirSync(dir).filter((f) => f.endsWith('.prof'));
    const report = importProfile(readBytes(join(dir, files.find((f) => f.includes('.report.'))!)));
    const root = importProfile(readBytes(join(dir, files.find((f) => f.includes('.root.'))!)));
    const node = deepNode(report);
    const keyed = keyedHashViewOf({ ...DEFAULT, zoom: node, selectedFrame: report.tree.frame[node] }, report.tree, report.frames, 0, []);
    const wanted = framePath(report.tree, node).map((f) => frameKey(report.frames[f]));
    expect(keyed.zoomKeys).toEqual(wanted);
    const there = resolveFrameKeys(keyed, root.frames);
    // the path holds the same functions as far as the other file has them, in its own indexes
    const got = there.zoomPath!.map((f) => frameKey(root.frames[f]));
    expect(got).toEqual(wanted.slice(0, got.length));
    expect(got.length).toBeGreaterThan(0);
    const rootKeys = new Set(root.frames.map(frameKey));
    const firstMissing = wanted.findIndex((k) => !rootKeys.has(k));
    expect(got.length).toBe(firstMissing < 0 ? wanted.length : firstMissing);
    const fnKey = frameKey(report.frames[report.tree.frame[node]]);
    expect(there.fn === undefined ? undefined : frameKey(root.frames[there.fn])).toBe(rootKeys.has(fnKey) ? fnKey : undefined);
    // and into the same file read again, the same node and function
    const same = viewStateOf(resolveFrameKeys(keyed, report.frames), shown(report), true);
    expect(same.zoom).toBe(node);
    expect(same.selectedFrame).toBe(report.tree.frame[node]);
  });
});
