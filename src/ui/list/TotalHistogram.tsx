import { useMemo, useRef, useState } from 'react';
import { formatSeconds } from '../../core/units';
import { histogram, type ListFilter } from '../../state/listView';
import type { ListRow } from '../../worker/listProtocol';

const BINS = 40;
const WIDTH = 240;
const HEIGHT = 34;

/**
 * The totals of the list as a small histogram; dragging across it picks a range of totals (the
 * slow requests, say), a click without a drag clears it. The bars are counts per bin, scaled by
 * a square root so that a few slow files next to many fast ones stay visible.
 */
export function TotalHistogram({ rows, filter, onRange }: { rows: readonly ListRow[]; filter: ListFilter; onRange: (min: number | null, max: number | null) => void }) {
  const h = useMemo(() => histogram(rows, BINS), [rows]);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  if (h.counts.length === 0) return null;
  const lo = h.edges[0], hi = h.edges[BINS];
  const maxCount = Math.max(...h.counts);
  const xOf = (v: number) => ((v - lo) / (hi - lo)) * WIDTH;
  const valueAt = (clientX: number) => {
    const box = svg.current!.getBoundingClientRect();
    const x = Math.max(0, Math.min(WIDTH, ((clientX - box.left) / box.width) * WIDTH));
    return lo + (x / WIDTH) * (hi - lo);
  };
  const range = drag ? [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)] : [filter.min, filter.max];
  const timed = rows.some((r) => !Number.isNaN(r.seconds));
  const show = (v: number) => (timed ? formatSeconds(v) : Math.round(v).toLocaleString('en-US'));
  return (
    <span className="histogram">
      <svg
        ref={svg}
        width={WIDTH}
        height={HEIGHT}
        role="slider"
        aria-label="Total range"
        aria-valuetext={range[0] === null && range[1] === null ? 'all totals' : `${show(range[0] ?? lo)} to ${show(range[1] ?? hi)}`}
        tabIndex={0}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const v = valueAt(e.clientX);
          setDrag({ from: v, to: v });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, to: valueAt(e.clientX) })}
        onPointerUp={() => {
          if (!drag) return;
          setDrag(null);
          const [a, b] = [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)];
          // a click, not a drag: all totals again
          if (xOf(b) - xOf(a) < 2) onRange(null, null);
          else onRange(a, b);
        }}
        onKeyDown={(e) => { if (e.key === 'Escape') onRange(null, null); }}
      >
        {h.counts.map((c, i) => {
          const barHeight = c === 0 ? 0 : Math.max(1, Math.sqrt(c / maxCount) * (HEIGHT - 2));
          return <rect key={i} x={(i * WIDTH) / BINS + 0.5} width={WIDTH / BINS - 1} y={HEIGHT - barHeight} height={barHeight} className="histogram-bar" />;
        })}
        {(range[0] !== null || range[1] !== null) && (
          <rect className="histogram-brush" x={xOf(range[0] ?? lo)} width={Math.max(1, xOf(range[1] ?? hi) - xOf(range[0] ?? lo))} y={0} height={HEIGHT} />
        )}
      </svg>
      <span className="histogram-range">{range[0] === null && range[1] === null ? `${show(lo)} – ${show(hi)}` : `${show(range[0] ?? lo)} – ${show(range[1] ?? hi)}`}</span>
    </span>
  );
}
