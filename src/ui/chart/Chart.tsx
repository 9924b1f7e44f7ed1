import { useEffect, useMemo, useRef, useState } from 'react';
import type { Profile } from '../../core/model';
import { matchFrames } from '../../core/stats/search';
import { functionLabel } from '../../core/stats/table';
import { visibleSubtree } from '../../core/tree/visible';
import { useViewStore } from '../../state/viewStore';
import { subtreeSizesOf } from '../../state/derived';
import { colorOfFrame } from './colors';
import { drawChart, ringWidth, rowHeight, type Geometry } from './draw';
import { hitTest, layoutVisible } from './layout';
import { Tooltip } from './Tooltip';

/** The sunburst or icicle of the zoomed subtree, drawn on a canvas sized for the screen's pixel ratio. */
export function Chart({ profile }: { profile: Profile }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Geometry>({ width: 0, height: 0 });
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const chart = useViewStore((s) => s.chart);
  const zoom = useViewStore((s) => s.zoom);
  const depth = useViewStore((s) => s.depth);
  const cutoff = useViewStore((s) => s.cutoff);
  const hoverNode = useViewStore((s) => s.hoverNode);
  const selectedFrame = useViewStore((s) => s.selectedFrame);
  const search = useViewStore((s) => s.search);
  const { setZoom, hover, select } = useViewStore.getState();

  const tree = profile.tree;
  const zoomNode = zoom < tree.size ? zoom : 0;
  const visible = useMemo(
    () => visibleSubtree(tree, subtreeSizesOf(profile), zoomNode, depth, cutoff),
    [profile, tree, zoomNode, depth, cutoff],
  );
  const layout = useMemo(() => layoutVisible(tree, visible), [tree, visible]);
  const colors = useMemo(() => profile.frames.map(colorOfFrame), [profile]);
  const matches = useMemo(() => {
    try {
      return matchFrames(profile.frames, search);
    } catch {
      return null;
    }
  }, [profile, search]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver(() => setSize({ width: box.clientWidth, height: box.clientHeight }));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width === 0 || size.height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * dpr);
    canvas.height = Math.round(size.height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const hoverFrame = hoverNode !== null && hoverNode < tree.size ? tree.frame[hoverNode] : -1;
    drawChart(ctx, chart, size, layout, {
      fill: (i) => colors[tree.frame[layout.node[i]]],
      alpha: (i) => (matches && !matches[tree.frame[layout.node[i]]] ? 0.2 : 1),
      highlighted: (i) => {
        const f = tree.frame[layout.node[i]];
        return f === hoverFrame || f === selectedFrame;
      },
      label: (i) => profile.frames[tree.frame[layout.node[i]]].name,
    });
    canvas.dataset.drawn = String(layout.count);
  }, [chart, size, layout, colors, matches, hoverNode, selectedFrame, profile, tree]);

  function layoutIndexAt(clientX: number, clientY: number): number {
    const rect = canvasRef.current!.getBoundingClientRect();
    const x = clientX - rect.left, y = clientY - rect.top;
    if (chart === 'sunburst') {
      const dx = x - size.width / 2, dy = y - size.height / 2;
      const level = Math.floor(Math.hypot(dx, dy) / ringWidth(size, layout));
      let angle = Math.atan2(dx, -dy) / (2 * Math.PI); // 0 at twelve o'clock, clockwise, as d3's arc
      if (angle < 0) angle += 1;
      return hitTest(layout, angle, level);
    }
    return hitTest(layout, x / size.width, Math.floor(y / rowHeight(size, layout)));
  }

  const zoomed = profile.frames[tree.frame[zoomNode]];
  return (
    <div className="chart" ref={boxRef}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`${chart} of ${functionLabel(zoomed)}: ${visible.count} nodes drawn`}
        style={{ width: size.width, height: size.height }}
        onMouseMove={(e) => {
          const i = layoutIndexAt(e.clientX, e.clientY);
          hover(i >= 0 ? layout.node[i] : null);
          setPointer({ x: e.clientX, y: e.clientY });
        }}
        onMouseLeave={() => {
          hover(null);
          setPointer(null);
        }}
        onClick={(e) => {
          const i = layoutIndexAt(e.clientX, e.clientY);
          if (i < 0) return;
          const node = layout.node[i];
          select(tree.frame[node]);
          // the centre (or top row) goes back up one level; anything else zooms in
          if (node === zoomNode) setZoom(Math.max(0, tree.parent[node]));
          else setZoom(node);
        }}
      />
      {hoverNode !== null && pointer && hoverNode < tree.size && (
        <Tooltip profile={profile} node={hoverNode} zoomNode={zoomNode} x={pointer.x} y={pointer.y} />
      )}
      {visible.hiddenNodes > 0 && (
        <p className="hidden-note">
          {visible.hiddenNodes.toLocaleString('en-US')} nodes not drawn (below {(cutoff * 100).toPrecision(2)}% or deeper than {depth} levels)
        </p>
      )}
    </div>
  );
}
