import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importProfiles } from '../core/io/import';
import type { Frame, Profile } from '../core/model';
import { byCumtime, rowFrames } from '../core/stats/order';
import { functionRows, sortRows, type SortKey } from '../core/stats/table';
import { corpusFiles, readBytes } from '../../test/support/corpus';
import { LABEL_CHUNK, LabelFrames, labelChunk, orderRequest, sortColumn, type OrderRequest } from './tableOrders';

// The order worker's sort, given what the page sends (cloned as postMessage clones it), against
// sortRows: the row-object sort the table's orders were first made with, held to pstats' own
// orders in core/stats/order.test.ts.

const KEYS: SortKey[] = ['ncalls', 'tottime', 'percall', 'cumtime', 'cumpercall', 'function'];

function expectSortRowsOrders(p: Profile, chunk = LABEL_CHUNK): void {
  const cumtime = byCumtime(p.functions, rowFrames(p.functions, p.frames.length));
  for (const key of KEYS) {
    const sent: OrderRequest = structuredClone(orderRequest(key, cumtime, p.functions));
    // only the columns the sort reads go to the worker; the name column's labels in chunks before
    expect(sent.labels, key).toBe(key === 'function' ? 'sent' : null);
    expect(sent.functions === null, key).toBe(key === 'function');
    const labels = new LabelFrames();
    if (key === 'function') {
      for (let start = 0; start < cumtime.length; start += chunk) labels.add(structuredClone(labelChunk(cumtime, p.frames, start, Math.min(cumtime.length, start + chunk))));
    }
    const { forward, reversed } = sortColumn(sent, labels.take());
    expect([...forward], `${key}`).toEqual(sortRows(functionRows(p), p.frames, key).map((r) => r.frame));
    expect([...reversed], `${key} reversed`).toEqual(sortRows(functionRows(p), p.frames, key, true).map((r) => r.frame));
  }
}

describe('the order worker\'s sort', () => {
  it('equals sortRows on real profiles, every column both ways', () => {
    const files = [...corpusFiles('python', '.prof'), ...corpusFiles('cpuprofile', '.cpuprofile')];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) for (const p of importProfiles(readBytes(file), { name: file })) expectSortRowsOrders(p, 97); // labels in chunks of 97 rows
  });

  it('equals sortRows on hostile names and files', () => {
    const text = fc.constantFrom('', '~', 'a.py', 'a.py:1', '<b>', '__proto__', 'x\u0000y', 'é', '(root)', '<built-in method posix.stat>');
    const frame = fc.record({ name: text, file: text, line: fc.constantFrom(0, 1, 7, 2 ** 40), column: fc.constant(0) });
    fc.assert(fc.property(fc.array(frame, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 5 })), (frames: Frame[], weights) => {
      const self = Float64Array.from(frames, (_, i) => weights[i % Math.max(1, weights.length)] ?? 1);
      const total = Float64Array.from(self, (v, i) => v + (i % 3));
      const ncalls = Float64Array.from(frames, (_, i) => i % 4);
      const p = { frames, functions: { ncalls, primcalls: ncalls, self, total } } as unknown as Profile;
      expectSortRowsOrders(p, 3);
    }));
  });

  it('refuses to sort names when chunks of labels are missing (a worker started again between them)', () => {
    const cumtime = Int32Array.of(0, 1, 2);
    const frames = [0, 1, 2].map((i) => ({ name: `f${i}`, file: 'a.py', line: i, column: 0 }));
    const labels = new LabelFrames();
    labels.add(labelChunk(cumtime, frames, 0, 2));
    expect(() => sortColumn(orderRequest('function', cumtime, { ncalls: null, primcalls: null, self: new Float64Array(3), total: new Float64Array(3) }), labels.take())).toThrow('the labels of 2 rows came for 3');
  });
});
