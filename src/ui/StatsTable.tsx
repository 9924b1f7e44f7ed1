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

/** Rows drawn at once; the rest are reached by sorting or searching. */
const ROW_LIMIT = 500;

/**
 * The function-stats table, as pstats and SnakeViz print it, sortable by every column and
 * filtered by the search; above it, the selected function's callers and callees. A function
 * selected in the chart is scrolled into view (and shown even when it sorts past the row limit).
 */
export function StatsTable({ profile }: { profile: Profile }) {
  const sort = useViewStore((s) => s.sort);
  const reversed = useViewStore((s) => s.reversed);
  const selectedFrame = useViewStore((s) => s.selectedFrame);
  const { sortBy, select } = useViewStore.getState();
  const { matches } = useSearch(profile);
  const body = useRef<HTMLTableSectionElement>(null);

  const all = useMemo(() => functionRows(profile), [profile]);
  const rows = useMemo(() => {
    const kept = matches ? all.filter((r) => matches[r.frame]) : all.slice();
    return sortRows(kept, profile.frames, sort, reversed);
  }, [all, profile, matches, sort, reversed]);
  const shown = useMemo(() => {
    const head = rows.slice(0, ROW_LIMIT);
    if (selectedFrame === null || head.some((r) => r.frame === selectedFrame)) return head;
    const extra = rows.find((r) => r.frame === selectedFrame);
    return extra ? [...head, extra] : head;
  }, [rows, selectedFrame]);

  useEffect(() => {
    if (selectedFrame === null) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-frame="${selectedFrame}"]`);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedFrame, shown]);

  const u = profile.unit;
  const value = (v: number | null) => (v === null ? '–' : formatWeight(v, u));
  const choose = (r: FunctionRow) => select(r.frame === selectedFrame ? null : r.frame);
  return (
    <>
      <FunctionPanel profile={profile} />
      <div className="stats">
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
          <tbody ref={body}>
            {shown.map((r) => (
              <tr
                key={r.frame}
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
            ))}
          </tbody>
        </table>
        <p className="stats-count">
          {rows.length > ROW_LIMIT ? `showing ${ROW_LIMIT} of ${rows.length.toLocaleString('en-US')} functions; search to narrow` : `${rows.length.toLocaleString('en-US')} functions`}
        </p>
      </div>
    </>
  );
}
