import { describe, expect, it } from 'vitest';
import { excerptRows, hottestLines } from './excerpt';
import type { LineRow } from './lines';

const row = (line: number, self: number): LineRow => ({ file: 'a.c', line, self, total: self });

describe('source excerpt', () => {
  it('shows costly lines with context and folds what lies between far-apart ones', () => {
    const rows = [row(10, 5), row(12, 1), row(40, 9)];
    const shown = excerptRows(rows, 100, 2);
    const lines = shown.filter((r) => r.kind === 'line').map((r) => r.line);
    expect(lines).toEqual([8, 9, 10, 11, 12, 13, 14, 38, 39, 40, 41, 42]);
    const gaps = shown.filter((r) => r.kind === 'gap').map((r) => [r.from, r.to]);
    expect(gaps).toEqual([[1, 7], [15, 37], [43, 100]]);
    // every line appears once, and the costs stay on their lines
    expect(shown.filter((r) => r.kind === 'line' && r.cost).map((r) => (r.kind === 'line' ? [r.line, r.cost!.self] : null))).toEqual([[10, 5], [12, 1], [40, 9]]);
  });

  it('shows a gap of one or two lines as the lines themselves', () => {
    const shown = excerptRows([row(3, 1), row(10, 1)], 12, 2);
    expect(shown.map((r) => (r.kind === 'line' ? r.line : `${r.from}-${r.to}`))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('lists only costly lines without the text, unknown line first, and at the file\'s edges clips the context', () => {
    expect(excerptRows([row(0, 1), row(3, 2)], null).map((r) => (r.kind === 'line' ? r.line : -1))).toEqual([0, 3]);
    const shown = excerptRows([row(1, 1), row(5, 1)], 5, 3);
    expect(shown.map((r) => (r.kind === 'line' ? r.line : `${r.from}-${r.to}`))).toEqual([1, 2, 3, 4, 5]);
  });

  it('marks the hottest lines by self cost, none with zero', () => {
    const rows = [row(1, 0), row(2, 4), row(3, 9), row(4, 1), row(5, 7)];
    expect([...hottestLines(rows)].map((r) => r.line)).toEqual([3, 5, 2]);
    expect(hottestLines([row(1, 0)]).size).toBe(0);
  });
});
