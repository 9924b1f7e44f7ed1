import { elementScroll, type Rect, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';

// Options for the function table's virtualizer that never read layout while React commits. Its
// own read sizes at once (the pane's rect, each new row's height, a scroll to where the pane
// already is), and the first such read after a new profile's table is inserted lays out the
// whole page inside that commit: 15-25 ms, in a task that must stay under 50. These leave the
// reading to ResizeObservers, whose callbacks run after the browser's own layout, when it is free.

type TableVirtualizer = Virtualizer<HTMLDivElement, Element>;

/** The pane's size, from a ResizeObserver; `fallback` until it reports (and in jsdom, which has none). */
export function observePane(fallback: Rect): (instance: TableVirtualizer, onRect: (rect: Rect) => void) => (() => void) | undefined {
  return (instance, onRect) => {
    const el = instance.scrollElement;
    if (!el) return;
    const report = () => {
      const { width, height } = el.getBoundingClientRect();
      onRect(height > 0 ? { width: Math.round(width), height: Math.round(height) } : fallback);
    };
    if (typeof ResizeObserver === 'undefined') {
      report();
      return;
    }
    const observer = new ResizeObserver(report);
    observer.observe(el);
    return () => observer.disconnect();
  };
}

/**
 * A virtualizer's options for a pane whose layout it never reads in React's commit: `fallback`
 * as its size until its ResizeObserver reports, and no scroll to 0 on first sight. Made once per
 * module, not per render: scrollPane remembers the panes it has seen.
 */
export function lazyPane(fallback: Rect): Pick<TableVirtualizer['options'], 'initialRect' | 'observeElementRect' | 'scrollToFn'> {
  return { initialRect: fallback, observeElementRect: observePane(fallback), scrollToFn: scrollPane() };
}

/** A row's height as the virtualizer's ResizeObserver reports it; until then, what is known or the estimate. */
export function measureRow(estimate: number): (el: Element, entry: ResizeObserverEntry | undefined, instance: TableVirtualizer) => number {
  return (el, entry, instance) => {
    const box = entry?.borderBoxSize?.[0];
    if (box) return Math.round(box.blockSize);
    return instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(el))) ?? estimate;
  };
}

/** Scrolls the pane, except the virtualizer's write of 0 when it first sees a pane: a new pane is at 0. */
export function scrollPane(): (offset: number, options: { adjustments?: number; behavior?: ScrollBehavior }, instance: TableVirtualizer) => void {
  const seen = new WeakSet<Element>();
  return (offset, options, instance) => {
    const el = instance.scrollElement;
    if (el && !seen.has(el)) {
      seen.add(el);
      if (offset + (options.adjustments ?? 0) === 0) return;
    }
    elementScroll(offset, options, instance);
  };
}

/** What scrollRowIntoView reads of the virtualizer. */
type PlacedRows = Pick<TableVirtualizer, 'scrollOffset' | 'scrollRect' | 'scrollToIndex'> & { getVirtualItems: () => VirtualItem[] };

/**
 * Scrolls row `index` into view, unless the virtualizer's own numbers (the rows it placed, the
 * pane's last offset and size) already show it wholly in view. Its scrollToIndex reads the pane's
 * scrollHeight even for a row in view (the hottest row, row 0, selected on every open), and that
 * read laid out the whole new page inside the task that shows a profile: 30-55 ms.
 */
export function scrollRowIntoView(instance: PlacedRows, index: number): void {
  const row = instance.getVirtualItems().find((item) => item.index === index);
  const top = instance.scrollOffset ?? 0;
  if (row && instance.scrollRect && row.start >= top && row.end <= top + instance.scrollRect.height) return;
  instance.scrollToIndex(index, { align: 'auto' });
}
