import { useVirtualizer } from '@tanstack/react-virtual';
import { lazyPane } from '../lazyLayout';
import { useRef } from 'react';
import type { FunctionDiffRow } from '../../core/diff/functions';
import { percentChange, rowStatus } from '../../core/diff/functions';
import type { WeightUnit } from '../../core/model';
import { functionLabel } from '../../core/stats/table';
import { formatWeight } from '../../core/units';
import { useListStore } from '../../state/listStore';
import type { Compare } from '../../worker/listProtocol';
import { diffColor } from '../chart/diffColors';

const ROW = 21;
const layoutOptions = lazyPane({ width: 600, height: 800 });

/**
 * A comparison: the totals of both sides, the colour scale of the differential chart, the call
 * paths only the base has, and the per-function diff table (base, new, Δ, Δ% of total and self,
 * ncalls), biggest |Δ total| first. Only the rows in view are in the document.
 */
export function DiffPane({ compare, unit }: { compare: Compare; unit: WeightUnit }) {
  const normalize = useListStore((s) => s.normalize);
  const setNormalize = useListStore((s) => s.setNormalize);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = compare.rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
    ...layoutOptions, // no layout reads in React's commit (see lazyLayout.ts)
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const w = (v: number | undefined) => (v === undefined ? '–' : formatWeight(v, unit));
  const signed = (v: number) => `${v > 0 ? '+' : ''}${formatWeight(v, unit)}`;
  const pct = (b: number | undefined, d: number) => {
    const p = percentChange(b, d);
    return p === null ? '–' : `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
  };
  const { paths } = compare;
  const delta = compare.nextTotal - compare.baseTotal;
  return (
    <div className="diff-pane">
      <div className="diff-summary">
        <p>
          base: {compare.baseCount} profile{compare.baseCount === 1 ? '' : 's'}, {formatWeight(compare.baseTotal, unit)}
          {normalize ? ' (normalised to the new total)' : ''}; new: {compare.nextCount}, {formatWeight(compare.nextTotal, unit)}{' '}
          (<span className={delta > 0 ? 'slower' : delta < 0 ? 'faster' : ''}>{signed(delta)}, {pct(compare.baseTotal, delta)}</span>)
        </p>
        <label>
          <input type="checkbox" checked={normalize} onChange={(e) => void setNormalize(e.target.checked)} /> normalise (compare shares of each side's total)
        </label>
        <p className="diff-legend" aria-label="Chart colours">
          chart: <span className="swatch" style={{ background: diffColor(-1, 1) }} /> faster
          <span className="swatch" style={{ background: diffColor(0, 1) }} /> unchanged
          <span className="swatch" style={{ background: diffColor(1, 1) }} /> slower
          <span className="legend-scale diff-scale" /> by the change of each call path's total against the same path in the base
        </p>
        {paths.estimated && (
          <p className="diff-note">
            These profiles record call graphs, not stacks: the chart's call paths are estimates rebuilt from the graph.
            The table compares functions, and its numbers are exact.
          </p>
        )}
        {paths.goneCount > 0 && (
          <details className="diff-gone">
            <summary>{paths.goneCount} call path{paths.goneCount === 1 ? '' : 's'} gone: {formatWeight(paths.goneTotal, unit)}</summary>
            <ul>
              {paths.gonePaths.map((g, i) => <li key={i}>{g.path} <span className="gone-total">{formatWeight(g.total, unit)}</span></li>)}
            </ul>
          </details>
        )}
      </div>
      <div className="stats" ref={scroller}>
        <table className="stats-table diff-table">
          <thead>
            <tr>
              <th>base total</th><th>new total</th><th>Δ total</th><th>Δ%</th><th>base self</th><th>new self</th><th>Δ self</th><th>ncalls</th><th className="fn">function</th>
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padTop }} />}
            {items.map((item) => {
              const r = rows[item.index];
              const status = rowStatus(r);
              return (
                <tr key={item.index} className={`diff-${status}`}>
                  <td className="num">{w(r.base?.total)}</td>
                  <td className="num">{w(r.next?.total)}</td>
                  <td className={`num ${r.deltaTotal > 0 ? 'slower' : r.deltaTotal < 0 ? 'faster' : ''}`}>{signed(r.deltaTotal)}</td>
                  <td className="num">{pct(r.base?.total, r.deltaTotal)}</td>
                  <td className="num">{w(r.base?.self)}</td>
                  <td className="num">{w(r.next?.self)}</td>
                  <td className={`num ${r.deltaSelf > 0 ? 'slower' : r.deltaSelf < 0 ? 'faster' : ''}`}>{signed(r.deltaSelf)}</td>
                  <td className="num">{calls(r)}</td>
                  <td className="fn-diff" title={functionLabel(r.frame)}>
                    {status === 'new' || status === 'gone' ? <span className={`mark mark-${status}`}>{status}</span> : null} {functionLabel(r.frame)}
                  </td>
                </tr>
              );
            })}
            {padBottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padBottom }} />}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function calls(r: FunctionDiffRow): string {
  const b = r.base?.ncalls, n = r.next?.ncalls;
  if (b == null && n == null) return '–';
  return b === n ? String(b) : `${b ?? '–'} → ${n ?? '–'}`;
}
