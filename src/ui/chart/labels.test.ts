import { describe, expect, it } from 'vitest';
import { fitText, NOTE } from './labels';

/** A context whose characters are 7 px wide; it records what is measured and drawn. */
function fakeContext() {
  const measured: string[] = [];
  const drawn: string[] = [];
  const ctx = {
    textAlign: 'center',
    measureText: (s: string) => {
      measured.push(s);
      return { width: 7 * [...s].length };
    },
    fillText: (s: string) => void drawn.push(s),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, measured, drawn };
}

describe('fitText', () => {
  it('draws a label that fits whole, with one measure', () => {
    const { ctx, measured, drawn } = fakeContext();
    expect(fitText(ctx, 'render', 0, 0, 100)).toBe(true);
    expect(drawn).toEqual(['render']);
    expect(measured).toHaveLength(1);
  });

  it('cuts a long label at the longest prefix that fits with an ellipsis', () => {
    const { ctx, drawn } = fakeContext();
    expect(fitText(ctx, 'reconcileChildFibersImpl', 0, 0, 100)).toBe(true);
    expect(drawn).toEqual(['reconcileChil…']); // 13 characters and the ellipsis: 98 px
  });

  it('leaves out, after two measures, a label whose first six characters do not fit', () => {
    const { ctx, measured, drawn } = fakeContext();
    expect(fitText(ctx, 'reconcileChildFibersImpl', 0, 0, 45)).toBe(false);
    expect(drawn).toEqual([]);
    expect(measured).toEqual(['reconcileChildFibersImpl', 'reconc…']);
  });

  it('draws six characters and the ellipsis when just they fit', () => {
    const { ctx, drawn } = fakeContext();
    expect(fitText(ctx, 'reconcileChildFibersImpl', 0, 0, 49)).toBe(true);
    expect(drawn).toEqual(['reconc…']);
  });

  it('drops the note before cutting the name', () => {
    const { ctx, drawn } = fakeContext();
    expect(fitText(ctx, `↻ fib${NOTE} (recursion, not expanded)`, 0, 0, 60)).toBe(true);
    expect(drawn).toEqual(['↻ fib']);
  });
});
