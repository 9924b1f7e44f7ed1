import { useEffect, useRef, type RefObject } from 'react';
import type { ChartStyle } from '../../state/viewStore';
import { drawOverlay, drawStatic, IDENTITY, type Geometry, type Highlight, type StaticStyle } from './draw';
import type { ChartLayout } from './layout';
import { timing } from './timing';
import { viewAt, zoomTransition, ZOOM_MS } from './transition';
import { releaseCanvas, sizedContext } from '../sizedContext';

export interface LayerInput {
  staticCanvas: RefObject<HTMLCanvasElement | null>;
  overlayCanvas: RefObject<HTMLCanvasElement | null>;
  chart: ChartStyle;
  size: Geometry;
  layout: ChartLayout;
  /** identifies the tree the layout is of: no animation across trees */
  tree: object;
  sizes: Int32Array;
  zoom: number;
  style: Omit<StaticStyle, 'labels'>;
  highlights: { i: number; kind: Highlight }[];
}

/**
 * Draws the static layer when its inputs change (animating zooms between related nodes) and the
 * overlay when the highlights change. The overlay never touches the static canvas, so a hover
 * costs one clear and the outlines of the highlighted nodes.
 */
export function useLayers(p: LayerInput): void {
  const previous = useRef<{ layout: ChartLayout; zoom: number; tree: object; chart: ChartStyle } | null>(null);
  const animating = useRef(false);
  const overlay = useRef<() => void>(() => {});
  const drawnOnce = useRef(false);

  overlay.current = () => {
    const ctx = sizedContext(p.overlayCanvas.current, p.size.width, p.size.height);
    if (!ctx) return;
    const t0 = performance.now();
    if (animating.current) ctx.clearRect(0, 0, p.size.width, p.size.height);
    else drawOverlay(ctx, p.chart, p.size, p.layout, p.highlights);
    timing.overlayAt = performance.now();
    timing.overlayMs = timing.overlayAt - t0;
    timing.overlayDraws++;
  };

  const { staticCanvas, overlayCanvas, chart, size, layout, tree, sizes, zoom, style } = p;
  useEffect(() => {
    const ctx = sizedContext(staticCanvas.current, size.width, size.height);
    if (!ctx) return;
    const prev = previous.current;
    previous.current = { layout, zoom, tree, chart };
    const full = () => {
      const t0 = performance.now();
      const { drawn, hatched } = drawStatic(ctx, chart, size, layout, IDENTITY, { ...style, labels: true });
      timing.staticMs = performance.now() - t0;
      timing.drawnNodes = drawn;
      timing.hatchedNodes = hatched;
      timing.staticDraws++;
      timing.layoutNodes = layout.count;
      if (!drawnOnce.current && layout.count > 1) {
        drawnOnce.current = true; // one Chart per profile: its first real chart
        timing.firstDrawAt = performance.now();
      }
      animating.current = false;
      if (overlayCanvas.current) {
        overlayCanvas.current.dataset.drawn = String(layout.count);
        // estimated nodes drawn hatched, for tests and anyone checking the marks
        overlayCanvas.current.dataset.estimatedDrawn = String(hatched);
        overlayCanvas.current.dataset.animating = 'false';
      }
      overlay.current();
    };
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    const from = prev && !reduce && prev.tree === tree && prev.chart === chart ? zoomTransition(sizes, prev, { layout, zoom }) : null;
    if (!from) {
      full();
      return;
    }
    // zoom: redraw the new layout under an interpolated view on every frame, labels left out
    animating.current = true;
    if (overlayCanvas.current) overlayCanvas.current.dataset.animating = 'true';
    overlay.current();
    timing.animationFrames = 0;
    timing.animationFrameMs = 0;
    const start = performance.now();
    let frame = 0;
    const step = (now: number) => {
      const t = (now - start) / ZOOM_MS;
      if (t >= 1) return full();
      const t0 = performance.now();
      // labels and the estimates' stripes come back with the last frame: a second fill of each
      // node doubles what a software-rastered frame costs, and moving stripes say nothing
      drawStatic(ctx, chart, size, layout, viewAt(from, Math.max(0, t)), { ...style, labels: false, hatched: undefined });
      timing.animationFrameMs = Math.max(timing.animationFrameMs, performance.now() - t0);
      timing.animationFrames++;
      frame = requestAnimationFrame(step);
    };
    step(start);
    return () => cancelAnimationFrame(frame);
    // style is rebuilt from its own memoised parts by the caller
  }, [staticCanvas, overlayCanvas, chart, size, layout, tree, sizes, zoom, style]);

  // the canvases' pixels go with the chart (one per profile shown), not at the next collection
  useEffect(() => {
    const own = staticCanvas.current, over = overlayCanvas.current;
    return () => {
      releaseCanvas(own);
      releaseCanvas(over);
    };
  }, [staticCanvas, overlayCanvas]);

  const { highlights } = p;
  useEffect(() => overlay.current(), [highlights, size, chart, layout]);
}
