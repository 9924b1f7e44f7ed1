import { describe, expect, it, vi } from 'vitest';
import { scrollRowIntoView } from './lazyLayout';

/** A virtualizer's numbers: rows of 20 px, the pane at `offset`, 100 px high. */
function pane(offset: number) {
  // the rows placed: those in view and a few either side (overscan)
  const rows = Array.from({ length: 50 }, (_, i) => ({ index: i, key: i, start: i * 20, end: i * 20 + 20, size: 20, lane: 0 }))
    .filter((r) => r.end > offset - 60 && r.start < offset + 160);
  return { getVirtualItems: () => rows, scrollOffset: offset, scrollRect: { width: 300, height: 100 }, scrollToIndex: vi.fn() };
}

describe('scrollRowIntoView', () => {
  it('leaves a row wholly in view alone (scrollToIndex reads the layout)', () => {
    const v = pane(0);
    scrollRowIntoView(v, 0);
    scrollRowIntoView(v, 4);
    expect(v.scrollToIndex).not.toHaveBeenCalled();
  });

  it('scrolls while the pane has not been measured', () => {
    const v = { ...pane(0), scrollRect: null };
    scrollRowIntoView(v, 0);
    expect(v.scrollToIndex).toHaveBeenCalledWith(0, { align: 'auto' });
  });

  it('scrolls to a row below, above or partly in view', () => {
    for (const [offset, index] of [[0, 5], [0, 30], [200, 3], [210, 10], [210, 15]]) {
      const v = pane(offset);
      scrollRowIntoView(v, index);
      expect(v.scrollToIndex).toHaveBeenCalledWith(index, { align: 'auto' });
    }
  });
});
