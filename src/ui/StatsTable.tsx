import { useMemo } from 'react';
import type { Profile } from '../core/model';
import { matchFrames } from '../core/stats/search';
import { cumPercall, functionLabel, functionRows, percall, sortRows, type SortKey } from '../core/stats/table';
import { formatCalls, formatWeight } from '../core/units';
import { useViewStore } from '../state/viewStore';

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

/** The function-stats table, as pstats and SnakeViz print it, sortable by every column. */
export function StatsTable({ profile }: { profile: Profile }) {
  const sort = useViewStore((s) => s.sort);
  const reversed = useViewStore((s) => s.reversed);
  const search = useViewStore((s) => s.search);
  const selectedFrame = useViewStore((s) => s.selectedFrame);
  const { sortBy, select } = useViewStore.getState();

  const all = useMemo(() => functionRows(profile), [profile]);
  const rows = useMemo(() => {
    let matches: Uint8Array | null = null;
    try {
      matches = matchFrames(profile.frames, search);
    } catch {
      matches = null;
    }
    const kept = matches ? all.filter((r) => matches![r.frame]) : all.slice();
    return sortRows(kept, profile.frames, sort, reversed);
  }, [all, profile, search, sort, reversed]);

  const u = profile.unit;
  const value = (v: number | null) => (v === null ? '–' : formatWeight(v, u));
  return (
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
        <tbody>
          {rows.slice(0, ROW_LIMIT).map((r) => (
            <tr
              key={r.frame}
              className={r.frame === selectedFrame ? 'selected' : undefined}
              aria-selected={r.frame === selectedFrame}
              onClick={() => select(r.frame === selectedFrame ? null : r.frame)}
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
  );
}
