import { useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Profile } from '../../core/model';
import { boxAt } from '../../core/timeline/rows';
import { formatWeight } from '../../core/units';
import type { TimelineData } from '../../state/derived';
import { useViewStore } from '../../state/viewStore';
import { frameColor } from '../chart/colors';
import { drawMinimap, drawTimeline, ROW_HEIGHT } from './draw';
import { pan, shift, ticks, zoomAround, type TimeWindow } from './viewport';
import { TimelineTooltip } from './TimelineTooltip';
import { laneHeight, TimelineLane } from './TimelineLane';
import type { Lanes } from '../../state/lanes';
import { timelineTiming } from './timing';
import './timeline.css';
import { sizedContext } from '../sizedContext';

const MINIMAP_HEIGHT = 36;
const AXIS_HEIGHT = 20;


/**
 * The profile in time order, as a flame chart: x is time from the start, y the stack depth.
 * Wheel zooms around the pointer (shift+wheel pans), dragging pans, dragging on the axis or the
 * minimap selects a time range that the other views then show alone; the keyboard zooms (+ -),
 * pans (arrows), scrolls rows (PageUp/PageDown) and clears the range (Escape).
 */
export function Timeline({ profile, data, lanes: laneSet }: { profile: Profile; data: TimelineData; lanes?: Lanes }) {
  const { boxes, rows, duration } = data;
  // the axis: from the earliest thread's start to the latest's end; this profile starts at `offset`
  const { offset, span, lanes } = laneSet ?? { offset: 0, span: duration, lanes: [] };
  const [openLanes, setOpenLanes] = useState<ReadonlySet<number>>(new Set());
  const boxRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLCanvasElement>(null);
  const miniRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const minSpan = Math.max(span * 1e-7, 1e-9);
  const [view, setView] = useState<TimeWindow>({ start: 0, end: span || 1 });
  const [topRow, setTopRow] = useState(0);
  const [hover, setHover] = useState<{ box: number; x: number; y: number } | null>(null);
  const [dragRange, setDragRange] = useState<TimeWindow | null>(null);
  const selectedFrame = useViewStore((s) => s.selectedFrame);
  const range = useViewStore((s) => s.timeRange);
  const { select, setTimeRange } = useViewStore.getState();
  const colorOf = useMemo(() => (f: number) => frameColor(profile, f), [profile]);
  // the range is kept in this profile's own time (the address, the cut); drawn on the axis' time
  const shownRange = useMemo(() => dragRange ?? (range && shift(range, offset)), [dragRange, range, offset]);
  const drawnOnce = useRef(false);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // the lanes take up to 45% of the height, or all that this profile's rows leave free
  const room = Math.max(size.height * 0.45, size.height - MINIMAP_HEIGHT - AXIS_HEIGHT - (boxes.rows + 1) * ROW_HEIGHT);
  const lanesHeight = Math.min(room, lanes.reduce((h, l) => h + laneHeight(openLanes.has(l.index)), 0));
  const mainHeight = Math.max(0, size.height - MINIMAP_HEIGHT - AXIS_HEIGHT - lanesHeight);
  const dpr = window.devicePixelRatio || 1;

  // the minimap's boxes are drawn once per profile and size, then copied under each view
  const miniBase = useMemo(() => {
    if (size.width === 0) return null;
    const c = document.createElement('canvas');
    c.width = Math.round(size.width * dpr);
    c.height = Math.round(MINIMAP_HEIGHT * dpr);
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    ctx.scale(dpr, dpr);
    drawMinimap(ctx, size.width, MINIMAP_HEIGHT, boxes, rows, profile.tree, span, colorOf, { start: 0, end: 0 }, null, offset);
    return c;
  }, [boxes, rows, profile, span, offset, colorOf, size.width, dpr]);

  // drawn before the browser paints, so that a wheel turn or a drag shows in the frame it happened in
  useLayoutEffect(() => {
    const canvas = mainRef.current;
    const ctx = sizedContext(canvas, size.width, mainHeight);
    if (!canvas || !ctx) return;
    // what was drawn, for tests and the benchmark: boxes visited and the window shown
    canvas.dataset.view = `${view.start} ${view.end}`;
    const t0 = performance.now();
    const visited = drawTimeline({
      ctx, width: size.width, height: mainHeight, boxes, rows, tree: profile.tree, frames: profile.frames, view: shift(view, -offset), topRow,
      colorOf, selectedFrame, hoverBox: hover?.box ?? -1, range: shownRange && shift(shownRange, -offset),
    });
    const t1 = performance.now();
    Object.assign(timelineTiming, { drawMs: t1 - t0, visited, draws: timelineTiming.draws + 1, drawnAt: t1, boxes: boxes.size });
    if (!drawnOnce.current) {
      drawnOnce.current = true;
      timelineTiming.firstDrawAt = t1;
    }
    canvas.dataset.drawn = String(visited);
  }, [boxes, rows, profile, view, offset, topRow, colorOf, selectedFrame, hover, shownRange, size.width, mainHeight, dpr]);

  useEffect(() => {
    const canvas = miniRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !miniBase) return;
    canvas.width = miniBase.width;
    canvas.height = miniBase.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(miniBase, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const scale = size.width / (span || 1);
    if (shownRange) {
      ctx.fillStyle = 'rgba(37, 99, 235, 0.25)';
      ctx.fillRect(shownRange.start * scale, 0, Math.max(1, (shownRange.end - shownRange.start) * scale), MINIMAP_HEIGHT);
    }
    ctx.strokeStyle = '#1d4ed8';
    ctx.lineWidth = 2;
    ctx.strokeRect(view.start * scale + 1, 1, Math.max(2, (view.end - view.start) * scale - 2), MINIMAP_HEIGHT - 2);
  }, [miniBase, view, shownRange, size.width, span, dpr]);

  const timeAt = (x: number) => view.start + (x / Math.max(1, size.width)) * (view.end - view.start);
  const setViewClamped = (w: TimeWindow) => setView(w);

  // wheel: a native listener, because React's is passive and cannot stop the page scrolling
  useEffect(() => {
    const canvas = mainRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const x = e.offsetX;
      setView((w) => {
        const at = w.start + (x / Math.max(1, canvas.clientWidth)) * (w.end - w.start);
        if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          const by = ((e.shiftKey ? e.deltaY : e.deltaX) / Math.max(1, canvas.clientWidth)) * (w.end - w.start);
          return pan(w, by, span, minSpan);
        }
        return zoomAround(w, at, Math.exp(e.deltaY * 0.002), span, minSpan);
      });
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [span, minSpan]);

  const drag = useRef<{ x: number; y: number; view: TimeWindow; topRow: number; moved: boolean } | null>(null);
  const onMainDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, view, topRow, moved: false };
  };
  const onMainMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    const rect = e.currentTarget.getBoundingClientRect();
    if (d) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
      if (d.moved) {
        const by = (-dx / Math.max(1, size.width)) * (d.view.end - d.view.start);
        setViewClamped(pan(d.view, by, span, minSpan));
        setTopRow(Math.max(0, Math.min(boxes.rows - 1, d.topRow - Math.round(dy / ROW_HEIGHT))));
        return;
      }
    }
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const b = boxAt(boxes, rows, topRow + Math.floor(y / ROW_HEIGHT), timeAt(x) - offset);
    setHover(b >= 0 ? { box: b, x: e.clientX, y: e.clientY } : null);
  };
  const onMainUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved && hover) select(profile.tree.frame[boxes.node[hover.box]]);
    e.currentTarget.releasePointerCapture(e.pointerId);
  };

  // range selection by dragging over the axis or the minimap
  const rangeDrag = useRef<{ from: number; toTime: (x: number) => number } | null>(null);
  const startRange = (e: ReactPointerEvent<HTMLCanvasElement | HTMLDivElement>, toTime: (x: number) => number) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    rangeDrag.current = { from: toTime(x), toTime };
    setDragRange(null);
  };
  const moveRange = (e: ReactPointerEvent<HTMLCanvasElement | HTMLDivElement>) => {
    const r = rangeDrag.current;
    if (!r) return;
    const t = r.toTime(e.clientX - e.currentTarget.getBoundingClientRect().left);
    setDragRange({ start: Math.max(0, Math.min(r.from, t)), end: Math.min(span, Math.max(r.from, t)) });
  };
  const endRange = (e: ReactPointerEvent<HTMLCanvasElement | HTMLDivElement>) => {
    const r = rangeDrag.current;
    rangeDrag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
    if (!r) return;
    if (dragRange && dragRange.end - dragRange.start > 0) setTimeRange(shift(dragRange, -offset));
    else {
      // a click on the minimap centres the window there
      const t = r.from;
      const half = (view.end - view.start) / 2;
      setView(pan(view, t - half - view.start, span, minSpan));
    }
    setDragRange(null);
  };
  const minimapTime = (x: number) => (x / Math.max(1, size.width)) * span;

  const onKeyDown = (e: React.KeyboardEvent) => {
    const width = view.end - view.start;
    const middle = view.start + width / 2;
    let handled = true;
    if (e.key === '+' || e.key === '=') setView(zoomAround(view, middle, 0.7, span, minSpan));
    else if (e.key === '-' || e.key === '_') setView(zoomAround(view, middle, 1 / 0.7, span, minSpan));
    else if (e.key === 'ArrowLeft') setView(pan(view, -width * 0.1, span, minSpan));
    else if (e.key === 'ArrowRight') setView(pan(view, width * 0.1, span, minSpan));
    else if (e.key === 'ArrowUp' || e.key === 'PageUp') setTopRow((r) => Math.max(0, r - (e.key === 'PageUp' ? 10 : 1)));
    else if (e.key === 'ArrowDown' || e.key === 'PageDown') setTopRow((r) => Math.min(Math.max(0, boxes.rows - 1), r + (e.key === 'PageDown' ? 10 : 1)));
    else if (e.key === '0') setView({ start: 0, end: span || 1 });
    else if (e.key === 'Escape' && range) setTimeRange(null);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const axisTicks = ticks(view, Math.max(2, Math.floor(size.width / 110)));
  return (
    <div className="timeline" ref={boxRef}>
      <canvas
        className="timeline-minimap"
        ref={miniRef}
        style={{ width: size.width, height: MINIMAP_HEIGHT }}
        aria-label="Whole profile: drag to select a time range, click to move the view"
        onPointerDown={(e) => startRange(e, minimapTime)}
        onPointerMove={moveRange}
        onPointerUp={endRange}
      />
      <div
        className="timeline-axis"
        style={{ height: AXIS_HEIGHT }}
        aria-label="Time axis: drag to select a time range"
        onPointerDown={(e) => startRange(e, timeAt)}
        onPointerMove={moveRange}
        onPointerUp={endRange}
      >
        {axisTicks.map((t) => (
          <span key={t} className="timeline-tick" style={{ left: ((t - view.start) / (view.end - view.start)) * size.width }}>
            {formatWeight(t, profile.unit)}
          </span>
        ))}
      </div>
      <canvas
        className="timeline-main"
        ref={mainRef}
        data-offset={offset}
        tabIndex={0}
        role="img"
        aria-label={`Timeline of ${profile.name}: ${formatWeight(duration, profile.unit)}, ${boxes.rows} levels deep. Plus and minus zoom, arrows pan.`}
        style={{ width: size.width, height: mainHeight }}
        onPointerDown={onMainDown}
        onPointerMove={onMainMove}
        onPointerUp={onMainUp}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
      />
      {lanes.length > 0 && (
        <div className="timeline-lanes" style={{ height: lanesHeight }} role="group" aria-label="Other threads of this file, on the same time axis">
          {lanes.map((lane) => (
            <TimelineLane
              key={lane.index}
              lane={lane}
              open={openLanes.has(lane.index)}
              onToggle={() => setOpenLanes((s) => {
                const next = new Set(s);
                if (!next.delete(lane.index)) next.add(lane.index);
                return next;
              })}
              view={view}
              width={size.width}
            />
          ))}
        </div>
      )}
      {lanes.length > 0 && <span className="timeline-lane-name" style={{ top: MINIMAP_HEIGHT + AXIS_HEIGHT + 2 }}>{profile.thread?.name ?? profile.name} (shown in every view)</span>}
      {range && (
        <p className="timeline-range">
          Showing {formatWeight(range.end - range.start, profile.unit)} from {formatWeight(range.start, profile.unit)} in every view.{' '}
          <button type="button" onClick={() => setTimeRange(null)}>Clear range</button>
        </p>
      )}
      {hover && <TimelineTooltip profile={profile} boxes={boxes} box={hover.box} x={hover.x} y={hover.y} />}
    </div>
  );
}
