import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Frame, FunctionStats, Profile } from '../model';
import { byCumtime, byHeadAndTail, forwardOrder, radixSort, rowFrames, sortFrames } from './order';
import { functionLabel as functionLabelOf, functionRows, sortRows, type SortKey } from './table';

const KEYS: SortKey[] = ['ncalls', 'tottime', 'percall', 'cumtime', 'cumpercall', 'function'];

// few distinct values, so that ties, zeros (missing per-call values) and equal names are common
const value = fc.constantFrom(0, -0, 0.5, 1, 1, 2, 3, 1e-9, 1e300); // finite, as the importers guarantee
const row = fc.record({
  name: fc.constantFrom('a', 'b', 'c', '<lambda>'),
  file: fc.constantFrom('', '~', 'x.py', 'x.py:1', 'y'),
  line: fc.constantFrom(0, 1, 9, 12),
  ncalls: value, primcalls: value, self: value, total: value,
});
const table = fc.record({ rows: fc.array(row, { maxLength: 60 }), calls: fc.boolean(), prim: fc.boolean() });

interface Table {
  rows: { name: string; file: string; line: number; ncalls: number; primcalls: number; self: number; total: number }[];
  calls: boolean;
  prim: boolean;
}

function profileOf(t: Table): { frames: Frame[]; functions: FunctionStats } {
  const frames = t.rows.map((r) => ({ name: r.name, file: r.file, line: r.line, column: 0 }));
  const col = (k: 'ncalls' | 'primcalls' | 'self' | 'total') => Float64Array.from(t.rows, (r) => r[k]);
  return {
    frames,
    functions: { ncalls: t.calls ? col('ncalls') : null, primcalls: t.calls && t.prim ? col('primcalls') : null, self: col('self'), total: col('total') },
  };
}

describe('sortFrames', () => {
  it('gives sortRows\' order for every column, both ways', () => {
    fc.assert(fc.property(table, (t) => {
      const p = profileOf(t);
      const profile = p as unknown as Profile;
      const rows = rowFrames(p.functions, p.frames.length);
      expect([...rows]).toEqual(functionRows(profile).map((r) => r.frame));
      const cumtime = byCumtime(p.functions, rows);
      for (const key of KEYS) {
        for (const reversed of [false, true]) {
          const expected = sortRows(functionRows(profile), p.frames, key, reversed).map((r) => r.frame);
          expect([...sortFrames(p.functions, p.frames, cumtime, key, reversed)], `${key} ${reversed}`).toEqual(expected);
          // from the worker's ready-made forward order, as the page does
          const forward = forwardOrder(p.functions, p.frames, cumtime, key);
          expect([...sortFrames(p.functions, p.frames, cumtime, key, reversed, forward)], `${key} ${reversed} known`).toEqual(expected);
        }
      }
    }), { numRuns: 300 });
  });
});

describe('the name order', () => {
  // heads (`file:`, or a whole label without a file) of which none is a prefix of another: the
  // order by head rank and tail is taken, and must be the labels' own order
  const named = fc.record({
    name: fc.constantFrom('a', 'b', 'ab', '<lambda>', '<built-in x>', '(', 'é', '\u{1F600}'),
    file: fc.constantFrom('', '~', 'x.py', 'y.py', 'lib/z.py', '\u{1F600}.py'),
    line: fc.constantFrom(0, 1, 2, 9, 12, 100),
    ncalls: value, primcalls: value, self: value, total: value,
  });
  const names = fc.record({ rows: fc.array(named, { maxLength: 80 }), calls: fc.constant(true), prim: fc.boolean() });

  it('sorts by file, then line and name, as sorting whole labels does', () => {
    fc.assert(fc.property(names, (t) => {
      const p = profileOf(t);
      const profile = p as unknown as Profile;
      const cumtime = byCumtime(p.functions, rowFrames(p.functions, p.frames.length));
      // the rows' heads: functions with no weight and no calls are no rows
      const heads = new Set([...cumtime].map((k) => p.frames[k]).map((f) => (f.file && !(f.file === '~' && f.line === 0) ? `${f.file}:` : functionLabelOf(f))));
      const prefixFree = [...heads].every((h) => [...heads].every((g) => g === h || !g.startsWith(h)));
      const fast = byHeadAndTail(p.frames, cumtime);
      expect(fast !== null).toBe(prefixFree);
      for (const reversed of [false, true]) {
        const expected = sortRows(functionRows(profile), p.frames, 'function', reversed).map((r) => r.frame);
        expect([...sortFrames(p.functions, p.frames, cumtime, 'function', reversed)], String(reversed)).toEqual(expected);
      }
    }), { numRuns: 500 });
  });
});

describe('radixSort', () => {
  it('sorts by key ascending and keeps equal keys in their order', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 300 }), (values) => {
      const items = Int32Array.from(values.keys());
      const keys = Float64Array.from(values, (v) => v + 0);
      const expected = [...items].sort((a, b) => keys[a] - keys[b] || a - b);
      expect([...radixSort(items, keys)]).toEqual(expected);
    }));
  });
});
