import { describe, expect, it } from 'vitest';
import type { ListRow } from '../worker/listProtocol';
import { histogram, matches, rangeIds, visibleRows } from './listView';

const row = (id: number, name: string, seconds: number, mtime = id): ListRow => ({
  id, name, mtime, size: 1, format: 'pstats', unit: 'seconds', total: seconds, seconds, hottest: `h${id}`, hottestShare: 0.5,
});
const rows = [row(1, 'GET.root.0ms.1.prof', 0.001), row(2, 'GET.report.6ms.2.prof', 0.006), row(3, 'GET.report.9ms.3.prof', 0.009), row(4, 'GET.root.0ms.4.prof', 0.0005)];
const all = { name: '', min: null, max: null };

describe('the profile list views', () => {
  it('filters by name (case-insensitive) and by a range of totals', () => {
    expect(rows.filter((r) => matches(r, { ...all, name: 'get.REPORT' })).map((r) => r.id)).toEqual([2, 3]);
    expect(rows.filter((r) => matches(r, { ...all, min: 0.005 })).map((r) => r.id)).toEqual([2, 3]);
    expect(rows.filter((r) => matches(r, { name: 'root', min: null, max: 0.0008 })).map((r) => r.id)).toEqual([4]);
  });

  it('sorts either way, ties in arrival order', () => {
    const ids = (o: Int32Array) => [...o].map((i) => rows[i].id);
    expect(ids(visibleRows(rows, all, 'total', true))).toEqual([3, 2, 1, 4]);
    expect(ids(visibleRows(rows, all, 'total', false))).toEqual([4, 1, 2, 3]);
    expect(ids(visibleRows(rows, all, 'name', false))).toEqual([2, 3, 1, 4]);
    const twins = [row(5, 'a', 1), row(6, 'a', 1)];
    expect([...visibleRows(twins, all, 'name', true)].map((i) => twins[i].id)).toEqual([5, 6]);
  });

  it('counts totals in equal bins from the smallest to the largest, leaving out unreadable files', () => {
    const h = histogram([...rows, { ...row(9, 'bad', 0), error: 'broken', seconds: NaN }], 4);
    expect(h.edges[0]).toBe(0.0005);
    expect(h.edges[4]).toBe(0.009);
    expect(h.counts).toEqual([2, 0, 1, 1]);
    expect(h.counts.reduce((a, b) => a + b)).toBe(4);
  });

  it('shift-click takes the rows between anchor and click, as shown', () => {
    const order = visibleRows(rows, all, 'total', true); // 3 2 1 4
    expect(rangeIds(rows, order, 2, 4)).toEqual([2, 1, 4]);
    expect(rangeIds(rows, order, 4, 3)).toEqual([3, 2, 1, 4]);
    expect(rangeIds(rows, visibleRows(rows, { ...all, name: 'report' }, 'total', true), 1, 3)).toEqual([]);
  });
});
