import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Profile } from '../core/model';
import { cumPercall, percall, type FunctionRow } from '../core/stats/table';
import { formatCalls, formatPercent, formatWeight } from '../core/units';
import { useTableOrder } from '../state/tableOrder';
import { useViewStore } from '../state/viewStore';
import { FunctionPanel } from './FunctionPanel';
import { lazyPane, measureRow, scrollRowIntoView } from './lazyLayout';
import { useSearch } from './searchMatches';
import { columnClass, columnsFor, countLabel, type Column } from './table/columns';
import { useMenuStore } from './transforms/menuStore';
import { FunctionCell } from './table/FunctionCell';
import { ExactNote } from './table/ExactNote';
import { useRowMeasure } from './table/rowMeasure';
import { useSetAside } from './setAside';
import { totalWithout } from '../core/tree/setAside';

/** Height of a row before it is measured (a label that wraps makes a row taller). */
const ROW_ESTIMATE = 21;
// a pane not laid out yet (or jsdom, which lays out nothing) still gets a screenful of rows
const FALLBACK_RECT = { width: 600, height: 800 };
/** More rows than a screen shows at the estimated height (the first render's, see `full`). */
const SCREENFUL = 100;
const layoutOptions = { ...lazyPane(FALLBACK_RECT), measureElement: measureRow(ROW_ESTIMATE) };

/**
 * The function-stats table, as pstats and SnakeViz print it, sortable by every column and
 * filtered by the search; above it, the selected function's callers and callees. Only the rows
 * in view are in the document (a profile can have 100 000 functions), between two spacer rows
 * that keep the scroll bar true; a function selected in the chart is scrolled into view.
 */
export function StatsTable({ profile }: { profile: Profile }) {
  const sort = useViewStore((s) => s.sort);
  const reversed = useViewStore((s) => s.reversed);
  const selectedFrame = useViewStore((s) => s.selectedFrame);
  const { sortBy, select, hoverFrame } = useViewStore.getState();
  const { matches } = useSearch(profile);
  const scroller = useRef<HTMLDivElement>(null);

  // rows are frame indexes, in orders sorted off this thread for a big table (state/tableOrder):
  // a profile of 100 000 functions shows, and sorts on a click, with no long task here
  const { order, sorting } = useTableOrder(profile, sort, reversed);
  const aside = useSetAside(profile);
  const rows = useMemo(
    () => (matches || aside ? order.filter((f) => (!matches || matches[f] === 1) && !(aside && aside[f] === 1)) : order),
    [order, matches, aside],
  );
  // shares are of the total without what is set aside
  const shown = useMemo(() => totalWithout(profile.total, profile.functions, profile.frames, aside), [profile, aside]);
  // Rows are keyed by their place, not their function: the virtualizer works out the place of
  // every row again whenever a key changes, 114 ms for 100 000 rows in the click's task after a
  // sort (a CPU profile of the bench's 25 MB .prof). A row whose label wraps is measured again
  // when drawn, so a height kept for a place corrects itself as the rows come into view.
  const getItemKey = useCallback((i: number) => i, []);
  // A new table (one per profile shown) first counts a screenful of rows, then all of them after a
  // background render: placing 100 000 rows is the virtualizer's biggest pass, too much for the
  // task that shows the profile (issue 8). Its rows are drawn from that render on (see `items`).
  const full = useDeferredValue(true, false);
  const virtualizer = useVirtualizer({
    count: full ? rows.length : Math.min(rows.length, SCREENFUL),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
    getItemKey,
    ...layoutOptions, // no layout reads in React's commit (see lazyLayout.ts)
  });

  const rowRef = useRowMeasure(virtualizer);

  useEffect(() => {
    if (selectedFrame === null) return;
    const index = rows.indexOf(selectedFrame);
    if (index >= 0 && (full || index < SCREENFUL)) scrollRowIntoView(virtualizer, index);
  }, [selectedFrame, rows, virtualizer, full]);

  // One tab stop for the whole table (a roving focus, as in a grid): the arrows move it, Enter or
  // Space selects. Thousands of rows each in the tab order made the page unusable by keyboard.
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (!focusPending.current) return;
    const tr = body.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (tr) {
      focusPending.current = false;
      tr.focus({ preventScroll: true });
    }
  });
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onRowKey = (e: ReactKeyboardEvent, index: number, r: FunctionRow) => {
    const page = Math.max(1, items.length - 2);
    const to = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : e.key === 'PageDown' ? index + page
      : e.key === 'PageUp' ? index - page : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : null;
    if (to !== null) moveTo(to);
    else if (e.key === 'Enter' || e.key === ' ') choose(r);
    else return;
    e.preventDefault();
  };

  // The rows themselves come with the background render too: the first render (the commit that
  // shows a new profile) draws the header only. Each row's measuring ref reads its layout in the
  // commit, and 40-odd rows of DOM made and measured there were the largest part of a 100-130 ms
  // task on the 116 MB callgrind file (54-68 ms on the 105 MB .cpuprofile); with the rows a
  // render later, 53-69 ms and none of 50 ms (3 runs each, alternated builds, chart drawn sooner).
  const items = full ? virtualizer.getVirtualItems() : [];
  // the tab stop: the active row, or the first row drawn when it has scrolled away
  const tabRow = items.some((it) => it.index === active) ? active : items[0]?.index ?? -1;
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  const u = profile.unit;
  const value = (v: number | null) => (v === null ? '–' : formatWeight(v, u));
  const columns = columnsFor(profile);
  const cell = (c: Column, r: FunctionRow) => {
    switch (c.id) {
      case 'ncalls': return <td key={c.id} className="num">{formatCalls(r.ncalls, r.primcalls)}</td>;
      case 'tottime': return <td key={c.id} className="num">{value(r.self)}</td>;
      case 'selfShare': return <ShareCell key={c.id} part={r.self} whole={shown.total} kind="self" />;
      case 'percall': return <td key={c.id} className="num col-percall">{value(percall(r))}</td>;
      case 'cumtime': return <td key={c.id} className="num">{value(r.total)}</td>;
      case 'totalShare': return <ShareCell key={c.id} part={r.total} whole={shown.total} kind="total" />;
      case 'cumpercall': return <td key={c.id} className="num col-percall">{value(cumPercall(r))}</td>;
      case 'function': return <FunctionCell key={c.id} frame={profile.frames[r.frame]} />;
    }
  };
  // a click selects (the hottest row is selected on open: a toggle would unselect it); Escape or Close clears
  const choose = (r: FunctionRow) => select(r.frame);
  return (
    <>
      <FunctionPanel profile={profile} />
      <ExactNote profile={profile} />
      <div className="stats" ref={scroller}>
        <table className="stats-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.id} className={c.id === 'function' ? 'fn' : columnClass(c)} aria-sort={c.sort === null ? undefined : sort === c.sort ? (reversed === (c.sort === 'function') ? 'descending' : 'ascending') : 'none'} title={c.title}>
                  {c.sort === null ? (
                    <span className="th-label">{c.label}</span>
                  ) : (
                    <button type="button" onClick={() => sortBy(c.sort!)} aria-busy={sort === c.sort && sorting}>
                      {c.label}
                      {sort === c.sort ? (sorting ? ' …' : reversed === (c.sort === 'function') ? ' ▼' : ' ▲') : ''}
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={body}>
            {padTop > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padTop }} />}
            {items.map((item) => {
              const r = rowOf(profile, rows[item.index]);
              return (
              <tr
                key={item.key}
                ref={rowRef}
                data-index={item.index}
                data-frame={r.frame}
                className={r.frame === selectedFrame ? 'selected' : undefined}
                aria-selected={r.frame === selectedFrame}
                tabIndex={item.index === tabRow ? 0 : -1}
                onClick={() => { setActive(item.index); choose(r); }}
                onContextMenu={(e) => {
                  e.preventDefault();
                  setActive(item.index);
                  choose(r);
                  useMenuStore.getState().openMenu(e.clientX, e.clientY, { frame: r.frame, path: null });
                }}
                onFocus={() => setActive(item.index)}
                onKeyDown={(e) => onRowKey(e, item.index, r)}
                onMouseEnter={() => hoverFrame(r.frame)}
                onMouseLeave={() => hoverFrame(null)}
              >
                {columns.map((c) => cell(c, r))}
              </tr>
              );
            })}
            {padBottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
        </table>
        <p className="stats-count">
          {`${countLabel(rows.length, 'function', 'functions')}; shares are of the total, ${formatWeight(shown.total, u)}`}
          {shown.names.length > 0 && `, without ${shown.names.join(', ')} (${formatPercent(shown.weight, profile.total)} of the profile)`}
        </p>
      </div>
    </>
  );
}

/** A share of the profile's total as a number over a bar: the eye finds the long bars first. */
function ShareCell({ part, whole, kind }: { part: number; whole: number; kind: 'self' | 'total' }) {
  const share = whole > 0 ? Math.max(0, Math.min(1, part / whole)) : 0;
  return (
    <td className={`num share share-${kind}`}>
      <span className="share-bar" aria-hidden="true" style={{ width: `${(share * 100).toFixed(2)}%` }} />
      <span className="share-text">{formatPercent(part, whole)}</span>
    </td>
  );
}

/** The numbers of one row, as functionRows gives them. */
function rowOf(profile: Profile, frame: number): FunctionRow {
  const { ncalls, primcalls, self, total } = profile.functions;
  return { frame, ncalls: ncalls ? ncalls[frame] : null, primcalls: primcalls ? primcalls[frame] : null, self: self[frame], total: total[frame] };
}
