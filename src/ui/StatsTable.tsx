import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { Profile } from '../core/model';
import { cumPercall, functionLabel, functionRows, percall, sortRows, type FunctionRow, type SortKey } from '../core/stats/table';
import { formatCalls, formatWeight } from '../core/units';
import { useViewStore } from '../state/viewStore';
import { FunctionPanel } from './FunctionPanel';
import { useSearch } from './searchMatches';

const COLUMNS: { key: SortKey; label: string; title: string }[] = [
  { key: 'ncalls', label: 'ncalls', title: 'calls (total/primitive where recursion makes them differ)' },
  { key: 'tottime', label: 'tottime', title: 'time in the function itself' },
  { key: 'percall', label: 'percall', title: 'tottime / ncalls' },
  { key: 'cumtime', label: 'cumtime', title: 'time in the function and what it calls' },
  { key: 'cumpercall', label: 'percall', title: 'cumtime / primitive calls' },
  { key: 'function', label: 'filename:lineno(function)', title: 'where the function is' },
];

/** Height of a row before it is measured (a label that wraps makes a row taller). */
const ROW_ESTIMATE = 21;
const FALLBACK_RECT = { width: 600, height: 800 };

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
  const { sortBy, select } = useViewStore.getState();
  const { matches } = useSearch(profile);
  const scroller = useRef<HTMLDivElement>(null);

  const all = useMemo(() => functionRows(profile), [profile]);
  const rows = useMemo(() => {
    const kept = matches ? all.filter((r) => matches[r.frame]) : all.slice();
    return sortRows(kept, profile.frames, sort, reversed);
  }, [all, profile, matches, sort, reversed]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
    // a pane not laid out yet (or jsdom, which lays out nothing) still gets a screenful of rows
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance, onRect) => observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : FALLBACK_RECT)),
    getItemKey: (i) => rows[i].frame,
  });

  useEffect(() => {
    if (selectedFrame === null) return;
    const index = rows.findIndex((r) => r.frame === selectedFrame);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedFrame, rows, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  const u = profile.unit;
  const value = (v: number | null) => (v === null ? '–' : formatWeight(v, u));
  const choose = (r: FunctionRow) => select(r.frame === selectedFrame ? null : r.frame);
  return (
    <>
      <FunctionPanel profile={profile} />
      <div className="stats" ref={scroller}>
        <table className="stats-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} aria-sort={sort === c.key ? (reversed === (c.key === 'function') ? 'descending' : 'ascending') : 'none'} title={c.title}>
                  <button type="button" onClick={() => sortBy(c.key)}>
                    {c.label}
                    {sort === c.key ? (reversed === (c.key === 'function') ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padTop }} />}
            {items.map((item) => {
              const r = rows[item.index];
              return (
              <tr
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                data-frame={r.frame}
                className={r.frame === selectedFrame ? 'selected' : undefined}
                aria-selected={r.frame === selectedFrame}
                tabIndex={0}
                onClick={() => choose(r)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  choose(r);
                }}
              >
                <td className="num">{formatCalls(r.ncalls, r.primcalls)}</td>
                <td className="num">{value(r.self)}</td>
                <td className="num">{value(percall(r))}</td>
                <td className="num">{value(r.total)}</td>
                <td className="num">{value(cumPercall(r))}</td>
                <td className="fn">{functionLabel(profile.frames[r.frame])}</td>
              </tr>
              );
            })}
            {padBottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
        </table>
        <p className="stats-count">
          {`${rows.length.toLocaleString('en-US')} functions`}
        </p>
      </div>
    </>
  );
}
