import { describe, expect, it } from 'vitest';
import { clampWindow, pan, ticks, zoomAround } from './viewport';

describe('timeline viewport', () => {
  it('zooms around the pointer: the time under it stays at the same fraction of the window', () => {
    const w = zoomAround({ start: 100, end: 300 }, 150, 0.5, 1000, 1);
    expect(w).toEqual({ start: 125, end: 225 });
    expect((150 - w.start) / (w.end - w.start)).toBeCloseTo((150 - 100) / 200);
  });

  it('never leaves the profile nor zooms past the smallest span', () => {
    expect(zoomAround({ start: 0, end: 1000 }, 500, 4, 1000, 1)).toEqual({ start: 0, end: 1000 });
    expect(zoomAround({ start: 10, end: 12 }, 11, 0.001, 1000, 1)).toEqual({ start: 10.5, end: 11.5 });
    expect(pan({ start: 900, end: 1000 }, 50, 1000, 1)).toEqual({ start: 900, end: 1000 });
    expect(pan({ start: 0, end: 100 }, -50, 1000, 1)).toEqual({ start: 0, end: 100 });
    expect(clampWindow({ start: NaN, end: NaN }, 10, 1)).toEqual({ start: 0, end: 10 });
  });

  it('places ticks on round steps inside the window', () => {
    expect(ticks({ start: 0, end: 1000 }, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticks({ start: 13, end: 37 }, 5)).toEqual([15, 20, 25, 30, 35]);
  });
});
