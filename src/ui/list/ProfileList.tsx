import { useVirtualizer } from '@tanstack/react-virtual';
import { lazyPane } from '../lazyLayout';
import { useMemo, useRef } from 'react';
import { formatName } from '../../core/formats/registry';
import type { FormatId } from '../../core/model';
import { formatSeconds } from '../../core/units';
import { useListStore } from '../../state/listStore';
import { measureOf, visibleRows, type ListSortKey } from '../../state/listView';
import type { ListRow } from '../../worker/listProtocol';
import { clockTime } from '../clockTime';
import { TotalHistogram } from './TotalHistogram';

const ROW = 22;
const layoutOptions = lazyPane({ width: 800, height: 200 });
/**
 * From this many rows (files still being read included) the list takes its full height at once
 * and its scroller is laid out alone (CSS `.tall`: `contain: strict`): as rows stream in, each
 * batch laid out the whole page again, chart and table included (1 000 files, 4 runs alternated
 * with the code before: 6 page tasks of 50-96 ms while listing before, 2 of 52-59 ms after).
 */
const TALL = 12;
const COLUMNS: { key: ListSortKey; label: string }[] = [
  { key: 'name', label: 'name' },
  { key: 'format', label: 'format' },
  { key: 'total', label: 'total' },
  { key: 'mtime', label: 'written' },
  { key: 'hottest', label: 'hottest function' },
];

/**
 * The profile list: one row per file (10 000 stay fast: only the rows in view are in the
 * document), sortable, filtered by name and by a range of totals, with a selection to merge or
 * to compare against a base group. Rows come from the list worker as files are read.
 */
export function ProfileList() {
  const rows = useListStore((s) => s.rows);
  const reading = useListStore((s) => s.reading);
  const filter = useListStore((s) => s.filter);
  const sortKey = useListStore((s) => s.sortKey);
  const descending = useListStore((s) => s.descending);
  const selected = useListStore((s) => s.selected);
  const base = useListStore((s) => s.base);
  const normalize = useListStore((s) => s.normalize);
  const shown = useListStore((s) => s.shown);
  const busy = useListStore((s) => s.busy);
  const message = useListStore((s) => s.message);
  const { click, selectMatching, selectNone, setFilter, sortBy, mergeSelected, setBase, compareWithBase, setNormalize, clear } = useListStore.getState();
  const order = useMemo(() => visibleRows(rows, filter, sortKey, descending), [rows, filter, sortKey, descending]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    ...layoutOptions, // no layout reads in React's commit (see lazyLayout.ts)
  });
  if (rows.length === 0 && reading === 0) return null;
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const baseSet = new Set(base ?? []);
  const broken = rows.filter((r) => r.error).length;

  return (
    <section className={rows.length + reading >= TALL ? 'profile-list tall' : 'profile-list'} aria-label="Profile list">
      <div className="list-controls">
        <input
          type="search"
          aria-label="Filter by name"
          placeholder="filter by name, e.g. GET.report"
          value={filter.name}
          onChange={(e) => setFilter({ name: e.target.value })}
        />
        <TotalHistogram rows={rows} filter={filter} onRange={(min, max) => setFilter({ min, max })} />
        <span className="list-count" aria-live="polite">
          {`${order.length} of ${rows.length} shown, ${selected.size} selected`}
          {reading > 0 ? `, reading ${reading}…` : ''}
          {broken > 0 ? `, ${broken} unreadable` : ''}
        </span>
        <button type="button" onClick={selectMatching}>Select all matching</button>
        <button type="button" onClick={selectNone}>Select none</button>
        <button type="button" onClick={() => void mergeSelected()} disabled={selected.size === 0}>Merge selected</button>
        <button type="button" onClick={setBase} disabled={selected.size === 0}>Set as base</button>
        <button type="button" onClick={() => void compareWithBase()} disabled={!base || selected.size === 0}>
          {base ? `Compare with base (${base.length})` : 'Compare with base'}
        </button>
        <label>
          <input type="checkbox" checked={normalize} onChange={(e) => void setNormalize(e.target.checked)} /> normalise
        </label>
        <button type="button" onClick={clear}>Close list</button>
        {busy && <span className="list-busy" role="status">{busy}…</span>}
        {shown && !busy && <span className="list-shown">{shown.kind === 'merge' ? `showing ${shown.ids.length} merged` : `comparing ${shown.ids.length} against ${base?.length ?? 0}`}</span>}
      </div>
      {message && <p className="list-message" role="alert">{message}</p>}
      <div className="list-scroll" ref={scroller}>
        <table className="list-table" aria-rowcount={order.length}>
          <colgroup>
            {COLUMNS.map((c) => <col key={c.key} className={`list-col-${c.key}`} />)}
          </colgroup>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} aria-sort={sortKey === c.key ? (descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" onClick={() => sortBy(c.key)}>
                    {c.label}{sortKey === c.key ? (descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padTop }} />}
            {items.map((item) => {
              const r = rows[order[item.index]];
              const isSelected = selected.has(r.id);
              return (
                <tr
                  key={r.id}
                  data-id={r.id}
                  className={[isSelected ? 'selected' : '', baseSet.has(r.id) ? 'base' : '', r.error ? 'broken' : ''].join(' ').trim() || undefined}
                  aria-selected={isSelected}
                  tabIndex={0}
                  onClick={(e) => click(r.id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey })}
                  onKeyDown={(e) => {
                    if (e.key !== ' ' && e.key !== 'Enter') return;
                    e.preventDefault();
                    click(r.id, { shift: e.shiftKey, toggle: true });
                  }}
                >
                  <td className="list-name" title={r.name}>{r.name}</td>
                  <td>{r.error ? 'unreadable' : formatName(r.format as FormatId)}</td>
                  <td className="num">{r.error ? '–' : totalText(r)}</td>
                  <td className="num">{clockTime(r.mtime)}</td>
                  <td className="list-hot" title={r.error ?? r.hottest}>{r.error ?? hottestText(r)}</td>
                </tr>
              );
            })}
            {padBottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function totalText(r: ListRow): string {
  return Number.isNaN(r.seconds) ? `${Math.round(measureOf(r)).toLocaleString('en-US')} ${r.unit}` : formatSeconds(r.seconds);
}

function hottestText(r: ListRow): string {
  return r.hottest ? `${r.hottest} (${(100 * r.hottestShare).toFixed(0)}%)` : '';
}
