import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../test/support/corpus';
import { importPstats } from '../core/formats/pstats';
import { subtreeSizes } from '../core/tree/grow';
import { Kept, preparedOf, rememberPrepared, searchOf, subtreeSizesOf, tableOrder, tableRowsOf } from './derived';

describe('state/derived: per-profile values', () => {
  const read = () => importPstats(readBytes(join(CORPUS, 'seed/report.prof')));

  it('works a value out once per profile object, and again for a new object', () => {
    const p = read();
    const sizes = subtreeSizesOf(p);
    expect(sizes).toEqual(subtreeSizes(p.tree));
    expect(subtreeSizesOf(p)).toBe(sizes);
    expect(tableOrder(p, 'tottime', true)).toBe(tableOrder(p, 'tottime', true));
    // a reshaped profile is a new object: nothing of the old one's is reused
    const next = { ...p };
    expect(subtreeSizesOf(next)).not.toBe(sizes);
    expect(subtreeSizesOf(next)).toEqual(sizes);
  });

  it('prefers what the worker prepared beside the profile', () => {
    const p = read();
    const sizes = new Int32Array(p.tree.size).fill(1);
    const cumtime = Int32Array.from([2, 1, 0]);
    rememberPrepared(p, { cumtime, tottime: cumtime, sizes, packages: [] });
    expect(preparedOf(p)?.sizes).toBe(sizes);
    expect(subtreeSizesOf(p)).toBe(sizes);
    expect(tableRowsOf(p)).toBe(cumtime);
  });

  it('keeps one search per profile: the query in the box', () => {
    const p = read();
    const fib = searchOf(p, 'fib');
    expect(fib.error).toBeNull();
    expect(fib.rowCount).toBeGreaterThan(0);
    expect(searchOf(p, 'fib')).toBe(fib);
    const other = searchOf(p, 'is_even');
    expect(other).not.toBe(fib);
    expect(searchOf(p, 'fib')).not.toBe(fib); // worked out again: only the last query is kept
    expect(searchOf(p, '/(/').error).toBeTruthy();
    expect(searchOf(p, '').matches).toBeNull();
  });

  it('Kept makes a value on first ask only, and forgets it when dropped', () => {
    const kept = new Kept<object, number[]>();
    const key = {};
    let made = 0;
    const make = () => [++made];
    expect(kept.peek(key)).toBeUndefined();
    const v = kept.get(key, make);
    expect(kept.get(key, make)).toBe(v);
    expect(made).toBe(1);
    kept.drop(key);
    expect(kept.peek(key)).toBeUndefined();
    expect(kept.get(key, make)).toEqual([2]);
  });
});
