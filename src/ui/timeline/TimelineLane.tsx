import { useLayoutEffect, useMemo, useRef } from 'react';
import { formatWeight } from '../../core/units';
import { useProfileStore } from '../../state/profileStore';
import type { Lane } from '../../state/lanes';
import { useTimeline } from '../../state/timeline';
import { frameColor } from '../chart/colors';
import { drawTimeline, ROW_HEIGHT } from './draw';
import { shift, type TimeWindow } from './viewport';
import { sizedContext } from '../sizedContext';

const HEADER_HEIGHT = 18;
/** rows an open lane shows; "Show" makes the thread the main one, with every row and the table */
const OPEN_ROWS = 8;

export function laneHeight(open: boolean): number {
  return HEADER_HEIGHT + (open ? OPEN_ROWS : 1) * ROW_HEIGHT;
}

/**
 * Another thread of the file on the main timeline's axis: collapsed, its first level of calls
 * in one row; open, its first levels. Its boxes are built by the timeline worker as the main
 * one's are; the window is the main timeline's, moved by the thread's offset on the shared clock.
 */
export function TimelineLane({ lane, open, onToggle, view, width }: {
  lane: Lane; open: boolean; onToggle: () => void; view: TimeWindow; width: number;
}) {
  const { profile } = lane;
  const { data, error } = useTimeline(profile);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const colorOf = useMemo(() => (f: number) => frameColor(profile, f), [profile]);
  const height = (open ? OPEN_ROWS : 1) * ROW_HEIGHT;
  const dpr = window.devicePixelRatio || 1;

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = sizedContext(canvas, width, height);
    if (!canvas || !ctx || !data) return;
    // collapsed: the row under the root, where a thread's work shows
    canvas.dataset.drawn = String(drawTimeline({
      ctx, width, height, boxes: data.boxes, rows: data.rows, tree: profile.tree, frames: profile.frames,
      view: shift(view, -lane.offset), topRow: open || data.boxes.rows < 2 ? 0 : 1,
      colorOf, selectedFrame: null, hoverBox: -1, range: null,
    }));
  }, [data, profile, view, lane.offset, open, width, height, colorOf, dpr]);

  const name = profile.thread?.name || profile.name;
  return (
    <div className="timeline-lane">
      <div className="timeline-lane-head" style={{ height: HEADER_HEIGHT }}>
        <button type="button" aria-expanded={open} onClick={onToggle}>
          {open ? '▾' : '▸'} {name}
        </button>
        <span className="timeline-lane-total">{formatWeight(profile.total, profile.unit)}</span>
        <button type="button" className="timeline-lane-show" onClick={() => useProfileStore.getState().setActive(lane.index)} title="Show this thread in every view">
          Show
        </button>
        {error && <span role="alert"> {error}</span>}
      </div>
      <canvas ref={canvasRef} className="timeline-lane-canvas" style={{ width, height }} role="img" aria-label={`Timeline of ${name}`} data-offset={lane.offset} />
    </div>
  );
}
